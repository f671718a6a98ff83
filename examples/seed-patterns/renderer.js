// @ts-check
// The page of the seed-patterns example. It reaches the main process only
// through window.titleBar, window.files, window.counter, window.peers and
// window.worker, which the generated preload exposes (types: generated/ipc.d.ts).
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

  // Pattern 4: notes between the app's windows, relayed by main to the
  // windows of the role "peer" (every window of this app) but this one.
  const noteInput = /** @type {HTMLInputElement} */ (byId("note"));
  const noteStatus = byId("note-status");
  const notes = byId("notes");
  byId("open-window").addEventListener("click", () => {
    window.peers.openWindow();
  });
  byId("send-note").addEventListener("click", async () => {
    try {
      await window.peers.note.to("peer", noteInput.value);
      noteStatus.textContent = "sent";
    } catch (error) {
      const { code, message } = /** @type {import('./generated/ipc.js').IpcError} */ (error);
      noteStatus.textContent = code === "ERR_SELF_TARGET" ? "open another window first" : message;
    }
  });
  window.peers.onNote((from, text) => {
    const item = document.createElement("li");
    item.textContent = `${from}: ${text}`;
    notes.append(item);
  });

  // Pattern 3: main moves the counter; tell main the value shown.
  window.counter.onUpdateCounter((step) => {
    const value = Number(counter.textContent) + step;
    counter.textContent = String(value);
    window.counter.counterValue(value);
  });

  // Pattern 6, its main → renderer half: a job in Rust reports each step
  // over a MessagePort, and the page reads the reports with for await.
  // Stop aborts the signal: the loop ends, and main drops the job in Rust.
  const runJob = /** @type {HTMLButtonElement} */ (byId("run-job"));
  const stopJob = /** @type {HTMLButtonElement} */ (byId("stop-job"));
  const progress = /** @type {HTMLProgressElement} */ (byId("job-progress"));
  const status = byId("job-status");
  /** @type {AbortController | undefined} */
  let job;
  runJob.addEventListener("click", async () => {
    job = new AbortController();
    runJob.disabled = true;
    stopJob.disabled = false;
    status.textContent = "Running…";
    try {
      for await (const { step, steps } of window.worker.run(20, { signal: job.signal })) {
        progress.max = steps;
        progress.value = step;
        status.textContent = `Step ${step} of ${steps}`;
      }
      status.textContent = job.signal.aborted ? `Stopped at step ${progress.value}` : "Done";
    } catch (error) {
      status.textContent = `Failed (${/** @type {{ code: string }} */ (error).code})`;
    } finally {
      job = undefined;
      runJob.disabled = false;
      stopJob.disabled = true;
    }
  });
  stopJob.addEventListener("click", () => job?.abort());
}
