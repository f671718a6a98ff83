// Streams from the page to main against raw MessagePorts, in the
// Electron-faithful harness of tests/electron (see BENCHMARKS.md, section
// 9): small items per second and MB/s of 64 KiB chunks, page → main,
// through an `Incoming` (the preload's writer, credit, main's conversion,
// the addon's pushStreamMany and the Rust consumer) and through a raw
// MessagePort posting the same data to main, two ways: the preload posting
// data of its own (no page involved), and the page's own data handed item by
// item to a function the preload exposes, which posts it on the port (the
// seeds' hand-written pattern 6, the path a page's upload takes by hand);
// an invoke per item for scale; and memory under stalled Rust consumers.
//
//   node --expose-gc benches/bridge/incoming.js [path of the test addon]
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
const { feedIncoming } = require(path.join(RUNTIME_DIR, "renderer-runtime.cjs"));

const ROOT = path.join(__dirname, "../..");
const addonPath = path.resolve(process.argv[2] || path.join(ROOT, "tests/addon/ipc_test_addon.node"));
const addon = require(addonPath);
const ORIGIN = "https://bench.example";
const SENDER = [1, 1, 1, ORIGIN, ORIGIN, true];

const RUNTIME = fs.readFileSync(path.join(RUNTIME_DIR, "renderer-runtime.cjs"), "utf8");
const between = (from, to) => RUNTIME.slice(RUNTIME.indexOf(from), RUNTIME.indexOf(to));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-incoming-bench-"));
const PRELOAD = path.join(dir, "preload.js");
fs.writeFileSync(
  PRELOAD,
  `"use strict";
const { contextBridge, ipcRenderer } = require("electron");
${between("// --- ipc-codegen copies from here ---", "// --- ipc-codegen copies up to here ---")}
${between("// --- streams: copied after", "// --- streams: up to here ---")}
const streams = connectStreams(ipcRenderer);
const calls = connect(ipcRenderer);
// The raw path: the port main posts on "raw"; the preload posts on it.
let raw = null;
ipcRenderer.on("raw", (event) => { raw = event.ports[0]; });
const chunk = new Uint8Array(64 * 1024).fill(7);
/** Writes n items from the preload's world: the transport without a bridge crossing per item. */
async function write(writer, n, make) {
  for (let i = 0; i < n; i++) await writer.write(make(i));
  writer.end();
  return writer.answer();
}
contextBridge.exposeInMainWorld("bench", {
  sum: () => streams.send("uploads:sum", "uploads.sum", [], []),
  upload: () => streams.send("uploads:upload", "uploads.upload", ["name"], ["bench.bin"]),
  stall: () => streams.send("uploads:stall", "uploads.stall", [], []),
  writeSum: (n) => write(streams.send("uploads:sum", "uploads.sum", [], []), n, (i) => i),
  writeChunks: (n) => write(streams.send("uploads:upload", "uploads.upload", ["name"], ["bench.bin"]), n, () => chunk),
  rawNumbers: (n) => { for (let i = 0; i < n; i++) raw.postMessage(i); },
  rawChunks: (n) => { for (let i = 0; i < n; i++) raw.postMessage(chunk); },
  // The seeds' pattern 6 from the page: \`workerPort.send\`, each call a contextBridge crossing.
  rawSend: (data) => raw.postMessage(data),
  echo: (text) => calls.invoke("probe:echo", "probe.echo", ["text"], [text]),
});
`,
);

const CHANNELS = [
  ...["sum", "upload", "stall"].map((name) => ({
    channel: `uploads:${name}`,
    kind: "stream",
    service: "uploads",
    name,
  })),
  { channel: "probe:echo", kind: "invoke", service: "probe", name: "echo" },
];

async function setUp() {
  const app = createApp();
  const { registerIpc } = createMainIpc({ channels: CHANNELS }, app.electron);
  const registration = registerIpc({ backend: addon, allowedOrigins: [ORIGIN], onError: () => {} });
  const win = new app.electron.BrowserWindow({ webPreferences: { preload: PRELOAD, sandbox: true } });
  await win.loadURL(`${ORIGIN}/index.html`);
  const doc = app.renderer(win);
  await doc.evaluate(`(() => { window.feedIncoming = ${feedIncoming.toString()}; return true; })()`);
  return { app, win, doc, registration };
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

/**
 * Main receives `items` messages on a raw port the preload posts on; `post`
 * is the page's code that has them posted (`n` is `items`).
 */
async function rawPort(env, items, post) {
  const { port1, port2 } = new env.app.electron.MessageChannelMain();
  let count = 0;
  const done = new Promise((resolve) => {
    port1.on("message", () => {
      count += 1;
      if (count === items) resolve();
    });
  });
  port1.start();
  env.win.webContents.postMessage("raw", null, [port2]);
  await env.app.idle();
  await env.doc.evaluate(`(() => { const n = ${items}; ${post}; return true; })()`);
  await done;
  port1.close();
}

const settle = async (env, rounds) => {
  for (let i = 0; i < rounds; i++) {
    await env.app.idle();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

async function main() {
  const env = await setUp();
  const rows = [];
  const SMALL = 5000;
  const INVOKES = 1000;
  const [pageSmall, preloadSmall, rawSmall, invoke, rawPageSmall] = await bestEach(5, [
    () =>
      env.doc.evaluate(
        `(async () => { const w = window.bench.sum(); window.feedIncoming(Array.from({ length: ${SMALL} }, (_, i) => i), w); return w.answer(); })()`,
      ),
    () => env.doc.evaluate(`window.bench.writeSum(${SMALL})`),
    () => rawPort(env, SMALL, "window.bench.rawNumbers(n)"),
    () => env.doc.evaluate(`(async () => { for (let i = 0; i < ${INVOKES}; i++) await window.bench.echo("x"); })()`),
    () => rawPort(env, SMALL, "for (let i = 0; i < n; i++) window.bench.rawSend(i)"),
  ]);
  const perSecond = (count, ms) => Math.round((count / ms) * 1000);
  rows.push(["small items, Incoming from the page", perSecond(SMALL, pageSmall)]);
  rows.push(["small items, Incoming from the preload", perSecond(SMALL, preloadSmall)]);
  rows.push(["small items, raw MessagePort (preload's data)", perSecond(SMALL, rawSmall)]);
  rows.push(["small items, raw MessagePort from the page", perSecond(SMALL, rawPageSmall)]);
  rows.push(["small items, one invoke each", perSecond(INVOKES, invoke)]);

  const CHUNKS = 256;
  const SIZE = 64 * 1024;
  const [pageChunks, preloadChunks, rawChunks, rawPageChunks] = await bestEach(5, [
    () =>
      env.doc.evaluate(
        `(async () => { const c = new Uint8Array(${SIZE}).fill(7); const w = window.bench.upload(); window.feedIncoming(Array.from({ length: ${CHUNKS} }, () => c), w); return w.answer(); })()`,
      ),
    () => env.doc.evaluate(`window.bench.writeChunks(${CHUNKS})`),
    () => rawPort(env, CHUNKS, "window.bench.rawChunks(n)"),
    () =>
      rawPort(
        env,
        CHUNKS,
        `const c = new Uint8Array(${SIZE}).fill(7); for (let i = 0; i < n; i++) window.bench.rawSend(c)`,
      ),
  ]);
  const mbPerSecond = (ms) => ((CHUNKS * SIZE) / 2 ** 20 / ms) * 1000;
  rows.push(["64 KiB chunks, Incoming from the page (MB/s)", mbPerSecond(pageChunks).toFixed(1)]);
  rows.push(["64 KiB chunks, Incoming from the preload (MB/s)", mbPerSecond(preloadChunks).toFixed(1)]);
  rows.push(["64 KiB chunks, raw MessagePort, preload's data (MB/s)", mbPerSecond(rawChunks).toFixed(1)]);
  rows.push(["64 KiB chunks, raw MessagePort from the page (MB/s)", mbPerSecond(rawPageChunks).toFixed(1)]);

  for (const [name, value] of rows) console.log(`${name.padEnd(56)} ${value}`);
  console.log(
    `Incoming / raw, small items:   page ${(rawSmall / pageSmall).toFixed(2)}x, preload ${(rawSmall / preloadSmall).toFixed(2)}x`,
  );
  console.log(
    `Incoming / invoke, small items: ${(perSecond(SMALL, pageSmall) / perSecond(INVOKES, invoke)).toFixed(1)}x`,
  );
  console.log(
    `Incoming / raw, 64 KiB chunks: page ${(rawChunks / pageChunks).toFixed(2)}x, preload ${(rawChunks / preloadChunks).toFixed(2)}x`,
  );
  console.log(
    `Incoming (page) / raw from the page (pattern 6): small ${(rawPageSmall / pageSmall).toFixed(2)}x, 64 KiB ${(rawPageChunks / pageChunks).toFixed(2)}x`,
  );

  // Memory under stalled consumers: methods that never read, fed 64 KiB
  // chunks without end by the page.
  global.gc?.();
  await settle(env, 5);
  const liveBytes = () => JSON.parse(addon.call("probe:liveBytes", "[]", SENDER)).value;
  const before = { memory: process.memoryUsage(), live: liveBytes() };
  const STALLED = 20;
  await env.doc.evaluate(`(() => {
    window.sent = 0;
    window.stalled = [];
    async function* forever() { const c = new Uint8Array(${SIZE}); for (;;) { window.sent++; yield c; } }
    for (let i = 0; i < ${STALLED}; i++) { const w = window.bench.stall(); window.stalled.push(w); window.feedIncoming(forever(), w); }
    return true;
  })()`);
  await settle(env, 40);
  global.gc?.();
  const after = { memory: process.memoryUsage(), live: liveBytes(), sent: await env.doc.evaluate("window.sent") };
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  console.log(
    `stalled: ${STALLED} methods that never read, fed 64 KiB chunks without end: ${after.sent} chunks left the page ` +
      `(${(after.sent / STALLED).toFixed(1)} per stream: the byte window of 1 MiB, and one waiting for credit); ` +
      `the addon holds +${mib(after.live - before.live)} MiB, arrayBuffers +${mib(after.memory.arrayBuffers - before.memory.arrayBuffers)} MiB, ` +
      `rss +${mib(after.memory.rss - before.memory.rss)} MiB`,
  );
  await env.doc.evaluate(
    "(() => { for (const w of window.stalled) w.abort(); window.stalled = null; return true; })()",
  );
  await settle(env, 50);
  global.gc?.();
  global.gc?.();
  console.log(
    `after abort(): the addon +${mib(liveBytes() - before.live)} MiB, arrayBuffers +${mib(process.memoryUsage().arrayBuffers - before.memory.arrayBuffers)} MiB over the baseline`,
  );
  env.registration();
  env.app.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
