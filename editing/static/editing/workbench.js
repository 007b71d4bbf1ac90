// Page workbench: keyboard shortcuts, a roving tabindex over the blocks, focus
// kept on the changed block across reloads, drag-and-drop reordering and
// split-at-caret. Every action submits one of the page's ordinary forms, so
// the server (and its optimistic locking) sees exactly what a no-JS editor
// would send; without JavaScript the workbench works as plain forms.
(function () {
  "use strict";
  const bench = document.getElementById("workbench");
  if (!bench) return;
  const blocks = () => Array.from(bench.querySelectorAll(".wb-block"));
  const CONTROLS = "input:not([type=hidden]), textarea, select, button, a[href]";
  // The off switch for single-key shortcuts is per account and kept in this
  // browser's localStorage: it needs no migration or request, takes effect at
  // once, and a shared computer keeps each editor's choice apart.
  const KEYS_OFF = "newsroom.workbench.shortcuts-off." + (bench.dataset.user || "");
  const LAST = "newsroom.workbench.last-focus";
  let current = null;

  // --- Roving tabindex: the block list is one Tab stop; the controls of a
  // block are Tab stops only while that block is the current one.
  function makeCurrent(li) {
    if (!li || li === current) return;
    if (current) {
      current.tabIndex = -1;
      current.querySelectorAll(CONTROLS).forEach((c) => { c.tabIndex = -1; });
    }
    current = li;
    li.tabIndex = 0;
    li.querySelectorAll(CONTROLS).forEach((c) => c.removeAttribute("tabindex"));
  }
  function focusBlock(li) {
    if (!li) return;
    makeCurrent(li);
    li.focus({ preventScroll: true });
    clearOfBar(li);
  }
  // Scroll so that the sticky selection bar never hides the focused block.
  function barHeight() {
    const bar = document.getElementById("bulk-form");
    return bar ? bar.getBoundingClientRect().height + 8 : 0;
  }
  function clearOfBar(el) {
    const box = el.getBoundingClientRect();
    const top = barHeight();
    if (box.top < top || box.bottom > window.innerHeight) {
      window.scrollBy(0, box.top - top - Math.max(0, (window.innerHeight - top - box.height) / 3));
    }
  }
  blocks().forEach((li) => li.querySelectorAll(CONTROLS).forEach((c) => { c.tabIndex = -1; }));
  document.documentElement.style.scrollPaddingTop = barHeight() + "px";
  bench.addEventListener("focusin", (event) => {
    const li = event.target.closest(".wb-block");
    if (li) makeCurrent(li);
    if (li || event.target.closest(".wb-article")) clearOfBar(event.target);
  });

  // --- After a reload: focus the block or article the action changed (the
  // URL names it), or the nearest block that survived; announce the result.
  function restoreFocus() {
    let target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
    let remembered = [];
    try { remembered = JSON.parse(sessionStorage.getItem(LAST) || "[]"); } catch (e) { remembered = []; }
    sessionStorage.removeItem(LAST);
    if (!target) target = remembered.map((id) => document.getElementById(id)).find(Boolean);
    if (!target && location.hash) makeCurrent(blocks()[0]);
    if (!target) return;
    if (target.classList.contains("wb-block")) {
      focusBlock(target);
    } else {
      const first = target.querySelector(".wb-block");
      const heading = target.querySelector("h2");
      if (first) makeCurrent(first);
      if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); clearOfBar(heading); }
    }
  }
  function announce() {
    const status = document.getElementById("wb-status");
    if (!status || !status.children.length) return;
    const items = Array.from(status.children);
    status.replaceChildren();
    setTimeout(() => status.append(...items), 150);
  }
  if (!current) makeCurrent(blocks()[0]);
  // The "Blocks" skip link lands on the current block, ready for the keys.
  const toBlocks = bench.querySelector('.wb-skip a[href="#wb-blocks"]');
  if (toBlocks) {
    toBlocks.addEventListener("click", (event) => {
      if (!current) return;
      event.preventDefault();
      focusBlock(current);
    });
  }
  restoreFocus();
  announce();

  // Remember where the editor was (and the neighbours), in case the block goes.
  function rememberFocus() {
    const li = current;
    if (!li) return;
    const all = blocks();
    const i = all.indexOf(li);
    const near = [li, all[i + 1], all[i - 1]].filter(Boolean).map((b) => b.id);
    sessionStorage.setItem(LAST, JSON.stringify(near));
  }
  // Buttons that ask first, asked once here whether clicked or pressed by
  // key (no inline handlers: the Content-Security-Policy allows no inline
  // script).
  bench.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    rememberFocus();
  });

  bench.addEventListener("change", (event) => {
    if (event.target.classList.contains("wb-select")) {
      event.target.closest(".wb-block").classList.toggle("wb-selected", event.target.checked);
    }
  });

  // Split at the caret: the position field follows the textarea's caret.
  bench.addEventListener("click", (event) => {
    const button = event.target.closest(".wb-split");
    if (!button) return;
    const position = button.form.querySelector(".wb-position");
    const area = button.form.querySelector(".wb-text");
    if (!position.value && area.dataset.caret) position.value = area.dataset.caret;
  });
  document.addEventListener("selectionchange", () => {
    const area = document.activeElement;
    if (area && area.classList && area.classList.contains("wb-text") && area.selectionStart > 0) {
      area.dataset.caret = area.selectionStart;
    }
  });

  function submitOp(form, op) {
    const button = form && form.querySelector(`button[value="${op}"]`);
    if (button) form.requestSubmit(button);
  }

  // --- Drag and drop inside an article.
  function reorder(list, anchorId) {
    const form = document.getElementById("reorder-form");
    form.elements.article.value = list.dataset.article;
    form.elements.order.value = Array.from(list.children).map((li) => li.dataset.block).join(",");
    form.elements.anchor.value = anchorId ? "block-" + anchorId : "";
    form.submit();
  }
  let dragged = null;
  bench.addEventListener("dragstart", (event) => {
    const li = event.target.closest && event.target.closest(".wb-block");
    if (!li || !li.parentElement.dataset.article) return;
    dragged = li;
    li.classList.add("wb-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", li.dataset.block);
  });
  bench.addEventListener("dragover", (event) => {
    const li = event.target.closest && event.target.closest(".wb-block");
    if (!dragged || !li || li.parentElement !== dragged.parentElement) return;
    event.preventDefault();
    blocks().forEach((b) => b.classList.remove("wb-drop"));
    li.classList.add("wb-drop");
  });
  bench.addEventListener("drop", (event) => {
    const li = event.target.closest && event.target.closest(".wb-block");
    if (!dragged || !li || li.parentElement !== dragged.parentElement) return;
    event.preventDefault();
    li.parentElement.insertBefore(dragged, li);
    reorder(li.parentElement, dragged.dataset.block);
  });
  bench.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("wb-dragging");
    blocks().forEach((b) => b.classList.remove("wb-drop"));
    dragged = null;
  });

  // --- Help dialog and the off switch.
  const help = document.getElementById("wb-help");
  const helpButton = document.getElementById("wb-help-open");
  const keysOn = document.getElementById("wb-keys-on");
  const shortcutsOn = () => localStorage.getItem(KEYS_OFF) !== "1";
  let helpReturn = null;
  function openHelp() {
    helpReturn = document.activeElement;
    keysOn.checked = shortcutsOn();
    help.showModal();
  }
  if (help && helpButton) {
    helpButton.hidden = false;
    helpButton.addEventListener("click", openHelp);
    help.addEventListener("close", () => { if (helpReturn) helpReturn.focus(); });
    keysOn.addEventListener("change", () => {
      if (keysOn.checked) localStorage.removeItem(KEYS_OFF);
      else localStorage.setItem(KEYS_OFF, "1");
    });
  }

  // --- Every keyboard shortcut, in one place. ------------------------------
  // Inside a block's text box: keys with a modifier only.
  const TEXT_KEYS = {
    "Ctrl+Enter": (area) => submitOp(area.form, "correct"),
    "Alt+s": (area) => {
      area.form.querySelector(".wb-position").value = area.selectionStart;
      submitOp(area.form, "split");
    },
    Escape: (area) => focusBlock(area.closest(".wb-block")),
  };
  const step = (delta) => () => {
    const all = blocks();
    const i = all.indexOf(current);
    focusBlock(all[Math.max(0, Math.min(all.length - 1, i + delta))]);
  };
  const stepButton = (id) => () => {
    const button = document.getElementById(id);
    if (button && !button.disabled) { rememberFocus(); button.click(); }
  };
  const toggleSelect = (li) => {
    const box = li.querySelector(".wb-select");
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  };
  // With the focus on a block (the list itself, not a control in it).
  // `single`: a single-character key, off when the editor turned them off.
  const BLOCK_KEYS = {
    ArrowDown: { run: step(1) }, ArrowUp: { run: step(-1) },
    j: { run: step(1), single: true }, k: { run: step(-1), single: true },
    Home: { run: () => focusBlock(blocks()[0]) },
    End: { run: () => focusBlock(blocks().slice(-1)[0]) },
    x: { run: toggleSelect, single: true }, " ": { run: toggleSelect },
    e: { run: (li) => li.querySelector(".wb-text").focus(), single: true },
    Enter: { run: (li) => li.querySelector(".wb-text").focus() },
    m: { run: () => submitOp(document.getElementById("bulk-form"), "merge"), single: true },
    n: {
      run: () => {
        document.getElementById("move-target").value = "new";
        submitOp(document.getElementById("bulk-form"), "move");
      },
      single: true,
    },
    "Alt+ArrowUp": { run: (li) => submitOp(li.querySelector(".wb-block-form"), "up") },
    "Alt+ArrowDown": { run: (li) => submitOp(li.querySelector(".wb-block-form"), "down") },
    "Alt+Home": { run: (li) => submitOp(li.querySelector(".wb-block-form"), "top") },
    u: { run: stepButton("wb-undo-step"), single: true },
    U: { run: stepButton("wb-redo-step"), single: true },
    "Ctrl+z": { run: stepButton("wb-undo-step") },
    "Ctrl+Shift+Z": { run: stepButton("wb-redo-step") },
    "Ctrl+Shift+z": { run: stepButton("wb-redo-step") },
    "?": { run: openHelp, single: true },
  };
  function keyName(event) {
    const mods = (event.ctrlKey || event.metaKey ? "Ctrl+" : "") + (event.altKey ? "Alt+" : "");
    const shift = event.shiftKey && event.key.length > 1 || (event.shiftKey && mods) ? "Shift+" : "";
    return mods + shift + event.key;
  }
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const name = keyName(event);
    if (target.classList && target.classList.contains("wb-text")) {
      const action = TEXT_KEYS[name];
      if (action) { event.preventDefault(); action(target); }
      return;
    }
    if (target.classList && target.classList.contains("wb-position") && name === "Enter") {
      event.preventDefault();
      submitOp(target.form, "split");
      return;
    }
    // Shortcuts act only with the focus on a block: never from links,
    // buttons, form fields or anywhere else on the page (WCAG 2.1.4).
    if (!(target.classList && target.classList.contains("wb-block"))) return;
    const shortcut = BLOCK_KEYS[name];
    if (!shortcut || (shortcut.single && !shortcutsOn())) return;
    event.preventDefault();
    shortcut.run(target);
  });
})();
