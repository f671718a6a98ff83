"use strict";
// The capabilities half of the renderer runtime. `ipc-codegen generate`
// copies the part between the two marker lines below into preload.js and
// ipc-api.cjs when the schema has capabilities (docs/wire.md,
// "Capabilities"); the export at the end is for this file's tests only.

const { messageOf } = require("./renderer-runtime.cjs");

// --- ipc-codegen copies from here ---

/**
 * The capabilities main granted this window, as a Set, asked once when the
 * preload loads with a sendSync on `ipc:grants`: before any script of the
 * page runs, so the page can neither answer nor change it. Main answers from
 * its own table for the frame Electron names as the sender. Anything but an
 * array of strings, or no answer, is no grant at all.
 */
function grantsOf(ipcRenderer) {
  let answer;
  try {
    answer = ipcRenderer.sendSync("ipc:grants");
  } catch (error) {
    console.error(`[ipc] the capabilities of this window are unknown, none is exposed: ${messageOf(error)}`);
    return new Set();
  }
  if (!Array.isArray(answer)) {
    return new Set();
  }
  return new Set(answer.filter((capability) => typeof capability === "string"));
}

// --- ipc-codegen copies up to here ---

module.exports = { grantsOf };
