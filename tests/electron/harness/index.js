'use strict';
// An Electron-faithful stand-in for the parts of Electron that IPC code
// touches, for tests that cannot run the real binary. See ../README.md for
// each emulated behaviour and the Electron documentation it follows.

const { App } = require('./app');
const { CLONE_FAILED } = require('./clone');
const { originOf } = require('./origin');

/** A fresh main process with no windows. */
function createApp() {
  return new App();
}

module.exports = { createApp, originOf, CLONE_FAILED };
