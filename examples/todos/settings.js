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

  const store = window.todos.todosState;
  /** Shows how many todos the latest list main published has. */
  const showCount = () => {
    const all = store.getSnapshot();
    // Nothing yet: the first version is on its way.
    if (all === undefined) return;
    total.textContent = `${all.length} ${all.length === 1 ? "todo" : "todos"}`;
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
      // The emptied list arrives as the state's next version.
      clear().catch(report);
    });
  }
  // The list is the state `todos`, kept by main: the first subscription
  // loads it, and every change made in any window arrives as its next version.
  store.subscribe(showCount);
  showCount();
}
