// Streams against raw MessagePorts, in the Electron-faithful harness of
// tests/electron (see BENCHMARKS.md, section 7): small items per second and
// MB/s of 64 KiB chunks, main → page, through a stream (main runtime,
// preload, the addon's pulls with credit) and through a raw MessagePort
// posting the same data; an invoke per item for scale; and memory under a
// stalled consumer.
//
//   node benches/bridge/streams.js [path of the test addon]
//
// The harness delivers every port message as its own macrotask and clones
// it in JavaScript, so absolute figures are the harness's, not Electron's;
// the ratios compare the two paths over the same transport.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { createApp } = require("../../tests/electron/harness");
// IPC_BENCH_RUNTIME: another checkout's ipc-codegen/runtime, to time the runtime before a change in the same conditions.
const RUNTIME_DIR = path.resolve(process.env.IPC_BENCH_RUNTIME || path.join(__dirname, "../../ipc-codegen/runtime"));
const { createMainIpc } = require(path.join(RUNTIME_DIR, "main-runtime.cjs"));

const ROOT = path.join(__dirname, "../..");
const addonPath = path.resolve(process.argv[2] || path.join(ROOT, "tests/addon/ipc_test_addon.node"));
const addon = require(addonPath);
const ORIGIN = "https://bench.example";

const RUNTIME = fs.readFileSync(path.join(RUNTIME_DIR, "renderer-runtime.cjs"), "utf8");
const between = (from, to) => RUNTIME.slice(RUNTIME.indexOf(from), RUNTIME.indexOf(to));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-streams-bench-"));
const PRELOAD = path.join(dir, "preload.js");
fs.writeFileSync(
  PRELOAD,
  `"use strict";
const { contextBridge, ipcRenderer } = require("electron");
${between("// --- ipc-codegen copies from here ---", "// --- ipc-codegen copies up to here ---")}
${between("// --- streams: copied after", "// --- streams: up to here ---")}
const streams = connectStreams(ipcRenderer);
const calls = connect(ipcRenderer);
// The raw path: the port main posts on "raw", counted as its messages come.
let raw = null;
ipcRenderer.on("raw", (event) => {
  const port = event.ports[0];
  raw.port = port;
  port.onmessage = (message) => {
    raw.count += 1;
    raw.bytes += message.data.byteLength ?? 8;
    if (raw.count === raw.expected) raw.done();
  };
});
// The raw path as the seeds' hand-written pattern 6 gives it to the page:
// the preload keeps the port and hands each message to a page callback
// through contextBridge (shared/seeds/004, "Pattern 6").
let toPage = null;
ipcRenderer.on("rawPage", (event) => {
  event.ports[0].onmessage = (message) => toPage(message.data);
});
/** Reads a whole stream in the preload's world: the transport without a bridge crossing per item. */
async function drain(iterator) {
  let n = 0;
  while (!(await iterator.next()).done) n++;
  return n;
}
contextBridge.exposeInMainWorld("bench", {
  count: (n) => streams.stream("streams:count", "streams.count", ["count"], [n]),
  drainCount: (n) => drain(streams.stream("streams:count", "streams.count", ["count"], [n])),
  drainChunks: (n, size) => drain(streams.stream("streams:chunks", "streams.chunks", ["count", "size"], [n, size])),
  chunks: (n, size) => streams.stream("streams:chunks", "streams.chunks", ["count", "size"], [n, size]),
  echo: (text) => calls.invoke("probe:echo", "probe.echo", ["text"], [text]),
  onRawPage: (callback) => { toPage = callback; },
  expectRaw: (expected) => new Promise((resolve) => { raw = { expected, count: 0, bytes: 0, done: resolve }; }),
});
// The same streams as a generated preload exposes them: the page-realm adapter builds each iterator.
exposeService(
  contextBridge,
  "paged",
  {
    count: (...args) => streams.stream("streams:count", "streams.count", ["count"], args),
    chunks: (...args) => streams.stream("streams:chunks", "streams.chunks", ["count", "size"], args),
  },
  Object.freeze({
    count: { kind: "stream", arity: 1, label: "streams.count" },
    chunks: { kind: "stream", arity: 2, label: "streams.chunks" },
  }),
);
`,
);

const CHANNELS = [
  ...["count", "chunks"].map((name) => ({ channel: `streams:${name}`, kind: "stream", service: "streams", name })),
  { channel: "probe:echo", kind: "invoke", service: "probe", name: "echo" },
];

async function setUp() {
  const app = createApp();
  const { registerIpc } = createMainIpc({ channels: CHANNELS }, app.electron);
  const registration = registerIpc({ backend: addon, allowedOrigins: [ORIGIN], onError: () => {} });
  const win = new app.electron.BrowserWindow({ webPreferences: { preload: PRELOAD, sandbox: true } });
  await win.loadURL(`${ORIGIN}/index.html`);
  return { app, win, doc: app.renderer(win), registration };
}

/**
 * Best of `runs` timings of each of `bodies`, in ms, timed in turn (one of
 * each per round): on a shared machine, a burst of load then slows every
 * path alike instead of the one that happened to run during it.
 */
async function bestEach(runs, bodies) {
  const fastest = bodies.map(() => Number.POSITIVE_INFINITY);
  for (let i = 0; i < runs; i++) {
    for (const [k, body] of bodies.entries()) {
      const start = performance.now();
      await body();
      fastest[k] = Math.min(fastest[k], performance.now() - start);
    }
  }
  return fastest;
}

/** Page code: reads a stream of the generated adapter with for await; answers how many items. */
const readPaged = (call) => `(async () => { let n = 0; for await (const _ of ${call}) n++; return n; })()`;

const readStream = (call) =>
  `(async () => { let n = 0; for await (const _ of { [Symbol.asyncIterator]: () => ${call} }) n++; return n; })()`;

async function rawPort(env, items, make) {
  const { port1, port2 } = new env.app.electron.MessageChannelMain();
  const done = env.doc.evaluate(`window.bench.expectRaw(${items})`);
  env.win.webContents.postMessage("raw", null, [port2]);
  await env.app.idle();
  for (let i = 0; i < items; i++) port1.postMessage(make(i));
  await done;
  port1.close();
}

/** The raw port read in the page, each message through a contextBridge callback (the seeds' pattern 6). */
async function rawPortToPage(env, items, make) {
  const { port1, port2 } = new env.app.electron.MessageChannelMain();
  const done = env.doc.evaluate(
    `new Promise((resolve) => { let n = 0; window.bench.onRawPage(() => { n += 1; if (n === ${items}) resolve(n); }); })`,
  );
  env.win.webContents.postMessage("rawPage", null, [port2]);
  await env.app.idle();
  for (let i = 0; i < items; i++) port1.postMessage(make(i));
  await done;
  port1.close();
}

async function main() {
  const env = await setUp();
  const rows = [];
  const SMALL = 5000;
  const INVOKES = 1000;
  const [pagedSmall, streamSmall, rawSmall, preloadSmall, invoke, rawPageSmall] = await bestEach(5, [
    () => env.doc.evaluate(readPaged(`window.paged.count(${SMALL})`)),
    () => env.doc.evaluate(readStream(`window.bench.count(${SMALL})`)),
    () => rawPort(env, SMALL, (i) => i),
    () => env.doc.evaluate(`window.bench.drainCount(${SMALL})`),
    () => env.doc.evaluate(`(async () => { for (let i = 0; i < ${INVOKES}; i++) await window.bench.echo("x"); })()`),
    () => rawPortToPage(env, SMALL, (i) => i),
  ]);
  const perSecond = (count, ms) => Math.round((count / ms) * 1000);
  rows.push(["small items, stream (generated adapter)", perSecond(SMALL, pagedSmall)]);
  rows.push(["small items, stream (raw next() per item)", perSecond(SMALL, streamSmall)]);
  rows.push(["small items, stream read in the preload", perSecond(SMALL, preloadSmall)]);
  rows.push(["small items, raw MessagePort", perSecond(SMALL, rawSmall)]);
  rows.push(["small items, raw MessagePort to a page callback", perSecond(SMALL, rawPageSmall)]);
  rows.push(["small items, one invoke each", perSecond(INVOKES, invoke)]);

  const CHUNKS = 256;
  const SIZE = 64 * 1024;
  const chunk = new Uint8Array(SIZE).fill(7);
  const [pagedChunks, streamChunks, rawChunks, preloadChunks, rawPageChunks] = await bestEach(5, [
    () => env.doc.evaluate(readPaged(`window.paged.chunks(${CHUNKS}, ${SIZE})`)),
    () => env.doc.evaluate(readStream(`window.bench.chunks(${CHUNKS}, ${SIZE})`)),
    () => rawPort(env, CHUNKS, () => chunk),
    () => env.doc.evaluate(`window.bench.drainChunks(${CHUNKS}, ${SIZE})`),
    () => rawPortToPage(env, CHUNKS, () => chunk),
  ]);
  const mbPerSecond = (ms) => ((CHUNKS * SIZE) / 2 ** 20 / ms) * 1000;
  rows.push(["64 KiB chunks, stream, generated adapter (MB/s)", mbPerSecond(pagedChunks).toFixed(1)]);
  rows.push(["64 KiB chunks, stream, raw next() (MB/s)", mbPerSecond(streamChunks).toFixed(1)]);
  rows.push(["64 KiB chunks, stream read in the preload (MB/s)", mbPerSecond(preloadChunks).toFixed(1)]);
  rows.push(["64 KiB chunks, raw MessagePort (MB/s)", mbPerSecond(rawChunks).toFixed(1)]);
  rows.push(["64 KiB chunks, raw MessagePort to a page callback (MB/s)", mbPerSecond(rawPageChunks).toFixed(1)]);

  for (const [name, value] of rows) console.log(`${name.padEnd(58)} ${value}`);
  console.log(
    `stream / raw, small items:   adapter ${(rawSmall / pagedSmall).toFixed(2)}x, raw next() ${(rawSmall / streamSmall).toFixed(2)}x`,
  );
  console.log(
    `stream / invoke, small items: adapter ${(perSecond(SMALL, pagedSmall) / perSecond(INVOKES, invoke)).toFixed(1)}x, raw next() ${(perSecond(SMALL, streamSmall) / perSecond(INVOKES, invoke)).toFixed(1)}x`,
  );
  console.log(
    `stream / raw, 64 KiB chunks: adapter ${(rawChunks / pagedChunks).toFixed(2)}x, raw next() ${(rawChunks / streamChunks).toFixed(2)}x`,
  );
  console.log(
    `stream (adapter) / raw to a page callback: small ${(rawPageSmall / pagedSmall).toFixed(2)}x, 64 KiB ${(rawPageChunks / pagedChunks).toFixed(2)}x`,
  );
  console.log(
    `stream read in the preload / raw: small ${(rawSmall / preloadSmall).toFixed(2)}x, 64 KiB ${(rawChunks / preloadChunks).toFixed(2)}x`,
  );

  // Memory under a stalled consumer: streams of 64 KiB chunks the page opens and never reads.
  global.gc?.();
  await env.app.idle();
  const counters = () => JSON.parse(addon.call("streams:counters", "[]", [1, 1, 1, ORIGIN, ORIGIN, true])).value;
  const before = { memory: process.memoryUsage(), produced: counters()[1] };
  const STALLED = 50;
  await env.doc.evaluate(
    `(async () => { window.stalled = []; for (let i = 0; i < ${STALLED}; i++) { const it = window.bench.chunks(1000000, ${SIZE}); await it.next(); window.stalled.push(it); } })()`,
  );
  for (let i = 0; i < 20; i++) {
    await env.app.idle();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  global.gc?.();
  const after = { memory: process.memoryUsage(), produced: counters()[1] };
  const produced = after.produced - before.produced;
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  console.log(
    `stalled: ${STALLED} streams of 64 KiB chunks, never read past the first: ${produced} chunks produced ` +
      `(${(produced / STALLED).toFixed(1)} per stream), arrayBuffers +${mib(after.memory.arrayBuffers - before.memory.arrayBuffers)} MiB, ` +
      `rss +${mib(after.memory.rss - before.memory.rss)} MiB`,
  );
  await env.doc.evaluate(
    "(async () => { for (const it of window.stalled) await it.return(); window.stalled = null; })()",
  );
  for (let i = 0; i < 50; i++) {
    await env.app.idle();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  global.gc?.();
  global.gc?.();
  const released = process.memoryUsage();
  console.log(
    `after return(): arrayBuffers +${mib(released.arrayBuffers - before.memory.arrayBuffers)} MiB over the baseline`,
  );
  env.registration();
  env.app.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
