// The workbench's page image (admin/articles/page/_facsimile.html): click a
// block's region to select the block (its checkbox, as a click on it would),
// and the reverse: a selected block's region is filled, the focused block's
// region ringed and brought into view. Zoom and pan with the wheel, a drag,
// the buttons or the keys (+ − 0 and the arrows) on the image; when zoomed
// in, a larger image is asked of the IIIF service. No library: ~5 kB.
(function () {
  "use strict";
  const figure = document.getElementById("wb-facsimile");
  if (!figure) return;
  const view = figure.querySelector(".wb-fax-view");
  const stage = figure.querySelector(".wb-fax-stage");
  const image = stage.querySelector("img");
  const status = figure.querySelector(".wb-fax-zoom");
  const fullWidth = Number(figure.dataset.width);
  const MAX_SCALE = 8;
  let scale = 1, x = 0, y = 0, loadedWidth = Number(figure.dataset.shown);

  const region = (pk) => stage.querySelector(`.wb-region[data-block="${pk}"]`);
  const row = (pk) => document.getElementById(`block-${pk}`);

  figure.querySelector(".wb-fax-js").hidden = false;
  figure.querySelector(".wb-fax-nojs").hidden = true;
  figure.querySelector(".wb-fax-tools").hidden = false;
  view.classList.add("wb-fax-live");
  view.tabIndex = 0;
  view.setAttribute("role", "group");

  // --- zoom and pan ----------------------------------------------------------
  const fitScale = () => Math.min(1, view.clientHeight / stage.offsetHeight || 1);

  function clamp() {
    const w = view.clientWidth, h = view.clientHeight;
    const sw = stage.offsetWidth * scale, sh = stage.offsetHeight * scale;
    x = sw <= w ? (w - sw) / 2 : Math.min(0, Math.max(w - sw, x));
    y = sh <= h ? (h - sh) / 2 : Math.min(0, Math.max(h - sh, y));
  }

  let sharpenTimer = null;
  function apply() {
    clamp();
    stage.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
    figure.dataset.scale = scale.toFixed(3);
    status.textContent = `${Math.round(100 * scale / fitScale())}%`;
    clearTimeout(sharpenTimer);
    sharpenTimer = setTimeout(sharpen, 250);
  }

  // A larger image once the shown one is stretched (in steps of 500 px, so
  // the IIIF answers stay few and cached).
  function sharpen() {
    const needed = stage.offsetWidth * scale * (window.devicePixelRatio || 1);
    if (needed <= loadedWidth * 1.1 || loadedWidth >= fullWidth) return;
    const width = Math.min(fullWidth, Math.ceil(needed / 500) * 500);
    const larger = new Image();
    larger.onload = () => { image.src = larger.src; loadedWidth = width; };
    larger.src = `${figure.dataset.service}/full/${width},/0/default.jpg`;
  }

  // Zoom by `factor` keeping the point (px, py) of the view where it is.
  function zoom(factor, px = view.clientWidth / 2, py = view.clientHeight / 2) {
    const next = Math.min(MAX_SCALE, Math.max(fitScale(), scale * factor));
    x = px - (px - x) * next / scale;
    y = py - (py - y) * next / scale;
    scale = next;
    apply();
  }

  function fit() { scale = fitScale(); apply(); }

  // Bring a region into view (centred) if any of it is outside.
  function reveal(el) {
    const w = view.clientWidth, h = view.clientHeight;
    const left = x + el.offsetLeft * scale, top = y + el.offsetTop * scale;
    const right = left + el.offsetWidth * scale, bottom = top + el.offsetHeight * scale;
    if (left >= 0 && top >= 0 && right <= w && bottom <= h) return;
    x -= (left + right) / 2 - w / 2;
    y -= (top + bottom) / 2 - h / 2;
    apply();
  }

  figure.querySelector(".wb-fax-tools").addEventListener("click", (event) => {
    const which = event.target.closest("[data-zoom]");
    if (!which) return;
    ({ in: () => zoom(1.5), out: () => zoom(1 / 1.5), fit })[which.dataset.zoom]();
  });

  view.addEventListener("wheel", (event) => {
    event.preventDefault();
    const box = view.getBoundingClientRect();
    zoom(Math.exp(-event.deltaY * 0.0015), event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });

  const KEYS = {
    "+": () => zoom(1.5), "=": () => zoom(1.5), "-": () => zoom(1 / 1.5), "0": fit,
    ArrowLeft: () => { x += view.clientWidth / 5; apply(); },
    ArrowRight: () => { x -= view.clientWidth / 5; apply(); },
    ArrowUp: () => { y += view.clientHeight / 5; apply(); },
    ArrowDown: () => { y -= view.clientHeight / 5; apply(); },
  };
  view.addEventListener("keydown", (event) => {
    const run = !event.ctrlKey && !event.metaKey && !event.altKey && KEYS[event.key];
    if (!run) return;
    event.preventDefault();
    event.stopPropagation(); // the workbench's own keys are for the blocks
    run();
  });

  // A drag pans; a click (moved less than 5 px) is left to the region.
  let drag = null, dragged = false;
  view.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { px: event.clientX, py: event.clientY, x, y, id: event.pointerId };
    dragged = false;
  });
  view.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const dx = event.clientX - drag.px, dy = event.clientY - drag.py;
    if (!dragged && Math.hypot(dx, dy) < 5) return;
    if (!dragged) { view.setPointerCapture(drag.id); view.classList.add("wb-fax-dragging"); }
    dragged = true;
    x = drag.x + dx; y = drag.y + dy;
    apply();
  });
  const endDrag = () => { drag = null; view.classList.remove("wb-fax-dragging"); };
  view.addEventListener("pointerup", endDrag);
  view.addEventListener("pointercancel", endDrag);

  // --- region → block ----------------------------------------------------------
  stage.addEventListener("click", (event) => {
    const link = event.target.closest(".wb-region");
    if (!link) return;
    event.preventDefault();
    if (dragged) { dragged = false; return; }
    const li = row(link.dataset.block);
    const box = li && li.querySelector(".wb-select");
    if (!box) return;
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: "center" });
  });

  // --- block → region ----------------------------------------------------------
  function markSelected(box) {
    const el = region(box.value);
    if (el) el.classList.toggle("wb-region-selected", box.checked);
  }
  document.addEventListener("change", (event) => {
    if (event.target.classList && event.target.classList.contains("wb-select")) {
      markSelected(event.target);
    }
  });
  document.addEventListener("focusin", (event) => {
    const li = event.target.closest && event.target.closest(".wb-block");
    if (!li) return;
    const el = region(li.dataset.block);
    stage.querySelectorAll(".wb-region-current").forEach((r) => {
      if (r !== el) r.classList.remove("wb-region-current");
    });
    if (!el) return;
    el.classList.add("wb-region-current");
    reveal(el);
  });

  // Checkboxes the browser restored (back, reload) and the starting view.
  document.querySelectorAll(".wb-select:checked").forEach(markSelected);
  const start = () => fit();
  if (image.complete) start(); else image.addEventListener("load", start, { once: true });
  window.addEventListener("resize", apply);
})();
