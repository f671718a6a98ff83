#!/usr/bin/env node
// The cost of cancellation support on a small invoke (100 B of arguments),
// through the generated main glue (generated/main.cjs) with a backend that
// answers from JavaScript, so that the glue's own work is what differs:
//   - answered at once (a sync Rust handler): the glue gives the backend a
//     call id and checks for an announced page id;
//   - answered with a promise (an async handler): the glue also keeps the
//     call in its tables and watches the sender's webContents until it
//     settles;
//   - the same with a page call id announced on ipc:call first (a call
//     with options from the page);
// each against the same glue over the runtime given with `--before`, e.g.
// the runtime before cancellation:
//
//   git show f4a8c24:ipc-codegen/runtime/main-runtime.cjs > /tmp/main-runtime-before.cjs
//   node benches/bridge/cancel.js --before /tmp/main-runtime-before.cjs
//
// Contestants alternate in rounds, so load drifts hit them alike. This
// prints measurements; it does not pass or fail.
"use strict";

const { EventEmitter } = require("node:events");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const { expectEqual, itemsOfSize, machine, measure, printTable } = require("./harness.js");

/** generated/main.cjs, loaded afresh over the runtime in `runtimeFile`. */
function glueOver(runtimeFile) {
  const file = path.join(__dirname, "generated", "main.cjs");
  const glue = new Module(file, module);
  glue.filename = file;
  glue.paths = Module._nodeModulePaths(path.dirname(file));
  glue.require = (id) => {
    if (id === "electron") return { ipcMain: undefined, webContents: {}, webFrameMain: {} };
    if (id === "./main-runtime.cjs") return require(path.resolve(runtimeFile));
    return require(id);
  };
  glue._compile(fs.readFileSync(file, "utf8"), file);
  return glue.exports;
}

/** An ipcMain keeping what is registered on it. */
function recordingIpc() {
  const handlers = new Map();
  const listeners = new Map();
  return {
    handle: (channel, handler) => handlers.set(channel, handler),
    removeHandler: (channel) => handlers.delete(channel),
    on: (channel, listener) => listeners.set(channel, listener),
    removeListener: (channel) => listeners.delete(channel),
    handlers,
    listeners,
  };
}

// A webContents the glue can watch, and an event from its main frame.
const contents = Object.assign(new EventEmitter(), { id: 3 });
const EVENT = Object.freeze({
  sender: contents,
  processId: 7,
  frameId: 1,
  senderFrame: Object.freeze({
    processId: 7,
    routingId: 1,
    url: "app://bench/index.html",
    origin: "app://bench",
    parent: null,
  }),
});

const items = itemsOfSize(98);
const answer = JSON.stringify({ ok: true, value: items });

/** The `bench:echo` handler of a registration over `runtimeFile`, and its ipc:call listener. */
function echo(runtimeFile, later) {
  const ipc = recordingIpc();
  const backend = { call: later ? () => Promise.resolve(answer) : () => answer };
  glueOver(runtimeFile).registerIpc({ backend, allowedOrigins: ["app://bench"], ipc, onError: () => {} });
  return { handler: ipc.handlers.get("bench:echo"), announce: ipc.listeners.get("ipc:call") };
}

async function main() {
  console.log(machine());
  const current = path.join(__dirname, "generated", "main-runtime.cjs");
  const beforeAt = process.argv.indexOf("--before");
  if (beforeAt < 0) throw new Error("give the runtime to compare with: --before FILE");
  const before = process.argv[beforeAt + 1];

  const now = echo(current, false);
  const nowBefore = echo(before, false);
  const later = echo(current, true);
  const laterBefore = echo(before, true);
  let id = 1;
  const contestants = {
    "at once, before": () => nowBefore.handler(EVENT, items),
    "at once, with cancellation": () => now.handler(EVENT, items),
    "promise, before": () => laterBefore.handler(EVENT, items),
    "promise, with cancellation": () => later.handler(EVENT, items),
    "promise, page call id announced": () => {
      later.announce(EVENT, id++);
      return later.handler(EVENT, items);
    },
  };
  for (const [name, run] of Object.entries(contestants)) {
    expectEqual(await run(), { ok: true, value: items }, name);
  }
  const stats = await measure(contestants, { warmup: 20_000, rounds: 7, perRound: 20_000 });
  printTable(
    `bench:echo through the generated glue, 100 B of arguments, ${stats["at once, before"].count} calls each`,
    stats,
    "at once, before",
  );
  if (contents.listenerCount("destroyed") !== 0) throw new Error("the glue left a listener on the webContents");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
