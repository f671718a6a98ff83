'use strict';
// The structured clone algorithm as Electron's IPC and contextBridge use it.
// V8's own serializer (`v8.serialize`) is the same algorithm Chromium runs
// (blink drives V8's ValueSerializer), so it accepts and refuses the same
// values: functions, symbols, promises, WeakMaps, proxies and the like throw.
// Electron reports a refusal as `Error: An object could not be cloned.`
// (electron/electron#26338).

const v8 = require('node:v8');

const CLONE_FAILED = 'An object could not be cloned.';

/**
 * Serializes `value` (usually the argument array of a message). Throws an
 * `Error` of `errorRealm` (or of Node, the main process, when null).
 */
function serialize(value, errorRealm) {
  try {
    return v8.serialize(value);
  } catch {
    throw errorRealm ? new errorRealm.intrinsics.Error(CLONE_FAILED) : new Error(CLONE_FAILED);
  }
}

/** Deserializes into `realm`, or into Node (the main process) when null. */
function deserialize(bytes, realm) {
  const value = v8.deserialize(bytes);
  return realm ? realm.kit.importClone(value) : value;
}

/** One structured clone of `value` into `realm`. */
function structuredCloneInto(value, realm, errorRealm) {
  return deserialize(serialize(value, errorRealm), realm);
}

module.exports = { serialize, deserialize, structuredCloneInto, CLONE_FAILED };
