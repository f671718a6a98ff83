"use strict";
// ES-module main-process code in the harness: `registerEsmHooks()` installs
// the module hooks of esm-hooks.mjs (for the whole process: call it in a
// child process of its own), then `app.importMain(file)` imports `file` with
// `import … from "electron"` bound to that app's fake module.

const { register } = require("node:module");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

/** Where the apps of importMain are kept for the fake module's source (esm-hooks.mjs) to find. */
const APPS = Symbol.for("electron-ipc-harness.apps");
const APP_PARAM = "electron-harness-app";

let registered = false;
let nextId = 1;

/**
 * Installs the hooks of esm-hooks.mjs, once per process. `exportNames`
 * are the fake module's named exports: the keys of `app.electron`.
 */
function registerEsmHooks(exportNames) {
  if (registered) return;
  register("./esm-hooks.mjs", pathToFileURL(__filename), { data: { exportNames } });
  registered = true;
}

/** Imports the ES module `file` with this `app`'s `electron`; resolves with its namespace. */
async function importMain(app, file) {
  if (!registered) {
    throw new Error(
      "app.importMain needs the module hooks: call registerEsmHooks() first, " +
        "in a process of its own (they stay for the whole process)",
    );
  }
  globalThis[APPS] ??= new Map();
  const id = String(nextId++);
  globalThis[APPS].set(id, app);
  const url = pathToFileURL(path.resolve(file));
  url.searchParams.set(APP_PARAM, id);
  return import(url.href);
}

module.exports = { registerEsmHooks, importMain };
