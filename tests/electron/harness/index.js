"use strict";
// An Electron-faithful stand-in for the parts of Electron that IPC code
// touches, for tests that cannot run the real binary. See ../README.md for
// each emulated behaviour and the Electron documentation it follows.

const { App } = require("./app");
const { CLONE_FAILED } = require("./clone");
const esm = require("./esm");
const { originOf } = require("./origin");

/**
 * A fresh main process with no windows. `options.electronVersion`: the
 * major version of Electron to play (default 45; before 35 contextBridge
 * has no `executeInMainWorld`, electron/electron#45229).
 */
function createApp(options) {
  return new App(options);
}

/**
 * Installs the module hooks `app.importMain` needs (ES-module main code).
 * They stay for the whole process: call this only in a process of its own.
 */
function registerEsmHooks() {
  esm.registerEsmHooks(Object.keys(new App().electron));
}

module.exports = { createApp, registerEsmHooks, originOf, CLONE_FAILED };
