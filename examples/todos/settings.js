// @ts-check
// The settings window of the todos example. Main grants this window, and
// no other, the capability `settings` (main.js), which `todos.clearAll`
// requires (`#[ipc(capability = "settings")]` in src/lib.rs): here the
// preload exposes it; in the list windows it is absent, and main would
// refuse it from them anyway.
"use strict";

{
  /**
   * @template {HTMLElement} T
   * @param {string} selector
   * @param {{ new (): T }} type
   * @returns {T}
   */
  const find = (selector, type) => {
    const element = document.querySelector(selector);
    if (!(element instanceof type)) throw new Error(`settings.html has no ${selector}`);
    return element;
  };
  const total = find("#total", HTMLElement);
  const clearAll = find("#clear-all", HTMLButtonElement);
  const errorLine = find("#error", HTMLElement);

  const showCount = async () => {
    const count = await window.todos.count();
    total.textContent = `${count} ${count === 1 ? "todo" : "todos"}`;
  };

  /** @param {unknown} error */
  const report = (error) => {
    errorLine.textContent = error instanceof Object && "message" in error ? String(error.message) : String(error);
  };

  const clear = window.todos.clearAll;
  if (clear === undefined) {
    // Not granted: this page was opened outside the settings window.
    clearAll.disabled = true;
    errorLine.textContent = "This window may not clear the list.";
  } else {
    clearAll.addEventListener("click", () => {
      clear()
        .then(() => showCount())
        .catch(report);
    });
  }
  window.todos.onChanged(() => showCount().catch(report));
  window.todos.onRemoved(() => showCount().catch(report));
  showCount().catch(report);
}
