"use strict";
// Loads the test addon built from tests/addon, with a hint when it is missing.

const fs = require("node:fs");
const path = require("node:path");

const ADDON_PATH = path.resolve(__dirname, "../addon/ipc_test_addon.node");
const BUILD_COMMAND =
  "cargo run -p electron-ipc-codegen -- build-addon -p ipc-test-addon --out tests/addon/ipc_test_addon.node";

function loadAddon() {
  if (!fs.existsSync(ADDON_PATH)) {
    throw new Error(`${ADDON_PATH} is missing: build it first with\n  ${BUILD_COMMAND}`);
  }
  return require(ADDON_PATH);
}

/** A sender as the generated main glue builds it from an IPC event. */
function sender(overrides = {}) {
  return {
    webContentsId: 3,
    processId: 7,
    frameId: 1,
    url: "app://bundle/index.html",
    origin: "app://bundle",
    isMainFrame: true,
    ...overrides,
  };
}

module.exports = { ADDON_PATH, BUILD_COMMAND, loadAddon, sender };
