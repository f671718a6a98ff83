"use strict";
// The structured clone algorithm as Electron's IPC uses it.
//
// In the main process, Electron serializes with V8's ValueSerializer
// (shell/common/v8_util.cc, typed arrays written natively, as their whole
// buffer and a view on it): `v8.Serializer` is that serializer. It refuses
// functions, symbols, promises, WeakMaps, proxies and the like; Electron
// reports every refusal as `Error: An object could not be cloned.`
// (electron/electron#26338).
//
// In a renderer, `ipcRenderer` clones in the isolated world: the realm's own
// kit (codec-kit.js) does it there, so that no object of a renderer is ever
// read by Node's code. The main side's end of that tape is decoded here by
// the same kit, compiled in Node's realm.

const { types } = require("node:util");
const v8 = require("node:v8");
const { codecKit } = require("./codec-kit");

const CLONE_FAILED = "An object could not be cloned.";

/** The codec of Node's realm: the main process's end of IPC. */
const mainCodec = codecKit({ types, platformObjectKey: undefined });

/** Serializes a value of the main process; throws `Error: An object could not be cloned.` */
function serialize(value) {
  try {
    const serializer = new v8.Serializer();
    serializer.writeHeader();
    serializer.writeValue(value);
    return serializer.releaseBuffer();
  } catch {
    throw new Error(CLONE_FAILED);
  }
}

/** Deserializes bytes of `serialize` into values of the main process. */
function deserialize(bytes) {
  const deserializer = new v8.Deserializer(bytes);
  deserializer.readHeader();
  return deserializer.readValue();
}

/** The tape a renderer's kit builds its copy of serialized `bytes` from. */
function tapeOf(bytes) {
  return mainCodec.encodeClone(deserialize(bytes));
}

/** Values of the main process from the tape of a renderer's kit. */
function fromTape(tape, refs) {
  return mainCodec.decode(tape, refs);
}

module.exports = { serialize, deserialize, tapeOf, fromTape, CLONE_FAILED };
