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

  // Pattern 6, its renderer → main half: the page streams a file it picked
  // (its ReadableStream) or the text typed (in chunks, from a generator) to
  // Rust, which answers the size and SHA-256; Rust reads each chunk only
  // when it is ready for it.
  const uploadFile = /** @type {HTMLInputElement} */ (byId("upload-file"));
  const uploadText = /** @type {HTMLTextAreaElement} */ (byId("upload-text"));
  const uploadStatus = byId("upload-status");
  /** The text's UTF-8 bytes, 16 KiB at a time. */
  const textChunks = async function* () {
    const bytes = new TextEncoder().encode(uploadText.value);
    for (let start = 0; start < bytes.length; start += 16 * 1024) {
      yield bytes.subarray(start, start + 16 * 1024);
    }
  };
  byId("upload").addEventListener("click", async () => {
    const file = uploadFile.files?.[0];
    uploadStatus.textContent = "Sending…";
    try {
      const { size, sha256 } = await window.worker.digest(file ? file.stream() : textChunks());
      uploadStatus.textContent = `${size} bytes, SHA-256 ${sha256}`;
    } catch (error) {
      const failed = /** @type {import('./generated/ipc.js').WorkerDigestError} */ (error);
      uploadStatus.textContent =
        failed.code === "ERR_HANDLER" && failed.data === "Empty" ? "Nothing to send" : `Failed (${failed.code})`;
    }
  });

  // Pattern 6, both ways on one port: the lines go to Rust one by one, and
  // each comes back transformed while the page still sends.
  const lines = /** @type {HTMLTextAreaElement} */ (byId("lines"));
  const shouted = byId("shouted");
  byId("shout").addEventListener("click", async () => {
    shouted.replaceChildren();
    for await (const line of window.worker.shout(lines.value.split("\n"))) {
      const item = document.createElement("li");
      item.textContent = line;
      shouted.append(item);
    }
  });
}
