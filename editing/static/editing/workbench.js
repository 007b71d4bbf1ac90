// Page workbench: drag-and-drop reordering, keyboard shortcuts, split at the
// caret. Every action submits one of the page's ordinary forms, so the server
// (and its optimistic locking) sees exactly what a no-JS editor would send.
(function () {
  "use strict";
  const bench = document.getElementById("workbench");
  if (!bench) return;
  const blocks = () => Array.from(bench.querySelectorAll(".wb-block"));
  let current = null;

  function focusBlock(li) {
    if (!li) return;
    if (current) current.classList.remove("wb-current");
    current = li;
    li.classList.add("wb-current");
    li.focus({ preventScroll: false });
  }

  // Restore the focus on the block named in the URL after an operation.
  if (location.hash.startsWith("#block-")) {
    focusBlock(document.getElementById(location.hash.slice(1)));
  }

  bench.addEventListener("focusin", (event) => {
    const li = event.target.closest(".wb-block");
    if (li && li !== current) {
      if (current) current.classList.remove("wb-current");
      current = li;
      li.classList.add("wb-current");
    }
  });
  bench.addEventListener("change", (event) => {
    if (event.target.classList.contains("wb-select")) {
      event.target.closest(".wb-block").classList.toggle("wb-selected", event.target.checked);
    }
  });

  // Buttons that ask first (no inline handlers: the Content-Security-Policy
  // allows no inline script).
  bench.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  // Split at the caret: the position field follows the textarea's caret.
  bench.addEventListener("click", (event) => {
    const button = event.target.closest(".wb-split");
    if (!button) return;
    const form = button.form;
    const position = form.querySelector(".wb-position");
    if (!position.value) {
      const area = form.querySelector(".wb-text");
      position.value = area.selectionStart;
    }
  });

  function submitOp(form, op) {
    const button = form.querySelector(`button[value="${op}"]`);
    if (button) form.requestSubmit(button);
  }

  function reorder(list, anchorId) {
    const form = document.getElementById("reorder-form");
    form.elements.article.value = list.dataset.article;
    form.elements.order.value = Array.from(list.children).map((li) => li.dataset.block).join(",");
    form.elements.anchor.value = anchorId ? "block-" + anchorId : "";
    form.submit();
  }

  // Drag and drop inside an article.
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

  document.addEventListener("keydown", (event) => {
    const inText = event.target.matches("input, textarea, select");
    const li = current;
    if (inText) {
      if (event.target.classList.contains("wb-position") && event.key === "Enter") {
        event.preventDefault();
        submitOp(event.target.form, "split");
      } else if (event.target.classList.contains("wb-text")) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          submitOp(event.target.form, "correct");
        } else if (event.key === "s" && event.altKey) {
          event.preventDefault();
          event.target.form.querySelector(".wb-position").value = event.target.selectionStart;
          submitOp(event.target.form, "split");
        } else if (event.key === "Escape") {
          event.target.closest(".wb-block").focus();
        }
      }
      return;
    }
    // Undo and redo step through the page's history, as in any editor
    // (inside a text field the browser's own text undo applies).
    const undoKey = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "z";
    if (undoKey || ((event.key === "u" || event.key === "U") && !event.ctrlKey && !event.metaKey && !event.altKey)) {
      const redo = undoKey ? event.shiftKey : event.key === "U";
      const button = document.getElementById(redo ? "wb-redo-step" : "wb-undo-step");
      if (button && !button.disabled) {
        event.preventDefault();
        button.click();
      }
      return;
    }
    const all = blocks();
    const i = li ? all.indexOf(li) : -1;
    const barForm = li && li.querySelector(".wb-block-form");
    if (event.altKey && li) {
      const op = { ArrowUp: "up", ArrowDown: "down", Home: "top" }[event.key];
      if (op && barForm) {
        event.preventDefault();
        submitOp(barForm, op);
      }
      return;
    }
    if (event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case "j": focusBlock(all[Math.min(i + 1, all.length - 1)]); break;
      case "k": focusBlock(all[Math.max(i - 1, 0)]); break;
      case "x":
        if (li) {
          const box = li.querySelector(".wb-select");
          box.checked = !box.checked;
          box.dispatchEvent(new Event("change", { bubbles: true }));
        }
        break;
      case "e":
        if (li) { event.preventDefault(); li.querySelector(".wb-text").focus(); }
        break;
      case "m": document.getElementById("merge-button").click(); break;
      case "n":
        document.getElementById("move-target").value = "new";
        document.getElementById("move-button").click();
        break;
      default: return;
    }
  });
})();
