// Shared by the bridge benchmarks: loads the benchmark addon and the main
// glue that ipc-codegen generated for it (generated/main.cjs) behind a
// minimal fake `ipcMain`, and times calls.
//
// The fake stands in for Electron only where the glue touches it: `handle`
// records the handler, and a call invokes that handler directly with an
// event whose sender frame passes the glue's checks. What is timed is
// therefore everything the main process does for one invoke after
// Electron has delivered it, and nothing of Electron's own transport.
"use strict";

const { EventEmitter } = require("node:events");
const Module = require("node:module");
const path = require("node:path");

/** The benchmark addon (see BENCHMARKS.md for the build command). */
function loadAddon(argv) {
  const addonPath = path.resolve(argv[2] || path.join(__dirname, "ipc_benches.node"));
  try {
    return require(addonPath);
  } catch (error) {
    console.error(
      `cannot load ${addonPath}: ${error.message}\n` +
        "build it first: cargo run -p electron-ipc-codegen -- build-addon -p ipc-benches --release --out benches/bridge/ipc_benches.node",
    );
    process.exit(1);
  }
}

/** An `ipcMain` with `handle`/`on` and a way to call the registered handlers. */
function fakeIpc() {
  const handlers = new Map();
  return {
    handle(channel, handler) {
      handlers.set(channel, handler);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
    on() {},
    removeListener() {},
    handler(channel) {
      const handler = handlers.get(channel);
      if (handler === undefined) throw new Error(`nothing handles ${channel}`);
      return handler;
    },
  };
}

/**
 * The webContents of EVENT: an event emitter, as Electron's is (the glue
 * listens to it while it has calls of it in flight), found by
 * `webContents.fromId`.
 */
const CONTENTS = Object.assign(new EventEmitter(), { id: 3, isDestroyed: () => false });

/** What Electron passes a handler: the sender and the frame it came from. */
const EVENT = Object.freeze({
  sender: CONTENTS,
  senderFrame: Object.freeze({
    processId: 7,
    routingId: 1,
    url: "app://bench/index.html",
    origin: "app://bench",
    parent: null,
  }),
  processId: 7,
  frameId: 1,
});

/**
 * The sender the glue passes the addon for EVENT (IpcSenderValues:
 * webContentsId, processId, frameId, url, origin, isMainFrame), for calling
 * the addon directly.
 */
const SENDER = Object.freeze([3, 7, 1, "app://bench/index.html", "app://bench", true]);

/**
 * Loads generated/main.cjs (or the main.cjs of the folder `IPC_BENCH_GLUE`
 * names, e.g. the glue of an earlier commit) with `require('electron')`
 * answered by a stub.
 */
function loadGlue() {
  const load = Module._load;
  const webContents = { fromId: (id) => (id === CONTENTS.id ? CONTENTS : undefined) };
  Module._load = function loadWithElectron(request, ...rest) {
    if (request === "electron") return { ipcMain: undefined, webContents, webFrameMain: {} };
    return load.call(this, request, ...rest);
  };
  try {
    const folder = process.env.IPC_BENCH_GLUE;
    return require(folder ? path.resolve(folder, "main.cjs") : "./generated/main.cjs");
  } finally {
    Module._load = load;
  }
}

/** `registerIpc` of the generated glue on a fake ipcMain (the default size limit when `maxPayloadBytes` is undefined). */
function registerGenerated(addon, maxPayloadBytes) {
  const ipc = fakeIpc();
  loadGlue().registerIpc({ backend: addon, allowedOrigins: ["app://bench"], ipc, onError: () => {}, maxPayloadBytes });
  return ipc;
}

/** As many items as fit in a JSON array of `bytes`, at least one (as `items_of_size` in src/lib.rs). */
function itemsOfSize(bytes) {
  const items = [];
  let size = 2;
  for (;;) {
    const index = items.length;
    const item = {
      id: index,
      title: `item number ${index} of the benchmark payload`,
      done: index % 2 === 0,
      tags: ["alpha", "beta"],
    };
    const grown = size + JSON.stringify(item).length + 1;
    if (grown > bytes && items.length > 0) return items;
    size = grown;
    items.push(item);
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Times `count` awaited calls of each contestant, alternating between them
 * round by round so that drift (frequency scaling, other load) affects all
 * alike. Answers { name: { median, p99 } } in nanoseconds.
 */
async function measure(contestants, { warmup, rounds, perRound }) {
  const samples = {};
  for (const [name, run] of Object.entries(contestants)) {
    for (let i = 0; i < warmup; i++) await run();
    samples[name] = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(contestants)) {
      const into = samples[name];
      for (let i = 0; i < perRound; i++) {
        const start = process.hrtime.bigint();
        await run();
        into.push(Number(process.hrtime.bigint() - start));
      }
    }
  }
  const stats = {};
  for (const [name, values] of Object.entries(samples)) {
    values.sort((a, b) => a - b);
    stats[name] = { median: percentile(values, 50), p99: percentile(values, 99), count: values.length };
  }
  return stats;
}

/** Formats nanoseconds as microseconds. */
function us(ns) {
  return (ns / 1000).toFixed(ns < 10_000 ? 2 : 1);
}

function printTable(title, stats, baselineName) {
  const names = Object.keys(stats);
  const width = Math.max(...names.map((n) => n.length), 10);
  console.log(`\n${title}`);
  console.log(
    `  ${"per call".padEnd(width)}  ${"median µs".padStart(10)}  ${"p99 µs".padStart(10)}  ${"× baseline".padStart(10)}`,
  );
  const base = baselineName === undefined ? undefined : stats[baselineName].median;
  for (const name of names) {
    const { median, p99 } = stats[name];
    const ratio = base === undefined ? "" : (median / base).toFixed(2);
    console.log(`  ${name.padEnd(width)}  ${us(median).padStart(10)}  ${us(p99).padStart(10)}  ${ratio.padStart(10)}`);
  }
}

/** Fails loudly when a contestant does not answer what it should. */
function expectEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e.slice(0, 200)}, got ${a.slice(0, 200)}`);
}

function machine() {
  const os = require("node:os");
  return `Node ${process.version}, ${process.platform}-${process.arch}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"})`;
}

module.exports = {
  EVENT,
  SENDER,
  expectEqual,
  itemsOfSize,
  loadAddon,
  machine,
  measure,
  printTable,
  registerGenerated,
  fakeIpc,
  us,
};
