// @ts-check
// The page of the seed-patterns example. It reaches the main process only
// through window.titleBar, window.files and window.counter, which the
// generated preload exposes (types: generated/ipc.d.ts).
//
// Element ids stay apart from the namespaces: a browser also makes
// `<p id="counter">` reachable as `window.counter`, and although the
// preload's own property wins in Electron (it is defined before the
// document is parsed), a page is easier to read without the two meanings.
"use strict";

{
  /** @param {string} id */
  const byId = (id) => {
    const element = document.getElementById(id);
    if (element === null) throw new Error(`index.html has no #${id}`);
    return element;
  };
  const titleInput = /** @type {HTMLInputElement} */ (byId("title"));
  const filePath = byId("file-path");
  const counter = byId("counter-value");

  // Pattern 1: set the window's title.
  byId("set-title").addEventListener("click", () => {
    window.titleBar.setTitle(titleInput.value);
  });

  // Pattern 2: ask main for a file and show its path and size (its
  // contents arrive as a Uint8Array).
  byId("open-file").addEventListener("click", async () => {
    const chosen = await window.files.openFile();
    filePath.textContent = chosen ? `${chosen.path} (${chosen.size} bytes)` : "(cancelled)";
  });

  // Pattern 3: main moves the counter; tell main the value shown.
  window.counter.onUpdateCounter((step) => {
    const value = Number(counter.textContent) + step;
    counter.textContent = String(value);
    window.counter.counterValue(value);
  });
}
