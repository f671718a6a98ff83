"use strict";
// contextBridge: how values cross between the isolated world (preload) and
// the main world (page). The conversion follows the "Parameter / Error /
// Return Type support" table of Electron's contextBridge docs and, where the
// docs are silent or differ, shell/renderer/api/electron_api_context_bridge.cc
// (PassValueToOtherContext) and Electron's own spec
// (spec/api-context-bridge-spec.ts):
//
// - primitives pass as they are, symbols included (docs: "dropped"; the
//   source and the spec "should proxy symbols": passed, and symbol keys of
//   plain objects are copied);
// - functions become proxy functions of the destination world; calling one
//   copies the arguments into the function's world and the result back;
//   a function that comes back to its own world is unwrapped;
// - promises become promises of the destination world, settled with copies;
//   a value that cannot cross rejects them with an Error;
// - errors become a new `Error` of the destination world with the message
//   only (custom properties such as `code` are lost);
// - plain arrays and objects are copied member by member (own enumerable
//   keys, getters read once, prototypes dropped, an own "__proto__" key kept
//   as an own property);
// - everything else goes through the structured clone algorithm and throws
//   where the algorithm throws;
// - nesting deeper than 1000 throws a TypeError (an object counts twice).
//
// The conversion runs in codec-kit.js, compiled inside each world: the
// source world's kit reads the value, the destination world's kit builds the
// copy, each with its own intrinsics. This file links the two worlds of a
// document.

/**
 * Links the isolated world and the page world of one document; returns
 * `contextBridge.exposeInMainWorld` and `contextBridge.executeInMainWorld`
 * (functions of the isolated world).
 */
function connectWorlds(isolated, page) {
  isolated.codec.connect(page.codec.remote);
  page.codec.connect(isolated.codec.remote);
  return {
    exposeInMainWorld: isolated.codec.exposeInMainWorld,
    executeInMainWorld: isolated.codec.executeInMainWorld,
  };
}

module.exports = { connectWorlds };
