"use strict";
// The security suite's rows for streams from the page to main (docs/wire.md,
// "From the page to main"): a hostile renderer that pushes without credit,
// posts garbage or oversized items on a stream's port, pushes after its end,
// or listens for another window's ports. Each ends that stream only, with a
// stable code, and the real addon shows what its Rust consumers held.

const assert = require("node:assert/strict");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("../electron/harness");
const { loadAddon } = require("../bridge/addon.js");
const { createMainIpc } = require("../../ipc-codegen/runtime/main-runtime.cjs");

const addon = loadAddon();
const ORIGIN = "https://app.example";
const IPC = path.join(__dirname, "../electron/fixtures/ipc-preload.js");
const CHANNELS = ["upload", "doubled", "stall"].map((name) => ({
  channel: `uploads:${name}`,
  kind: "stream",
  service: "uploads",
  name,
}));
const SENDER = [1, 1, 1, ORIGIN, ORIGIN, true];

let app;
let registration;
let errors;
// The addon's push calls main made: how many single pushes, and the size of each batch.
let pushes;
beforeEach(() => {
  app = createApp();
  errors = [];
  pushes = { single: 0, batches: [] };
  const backend = {
    ...addon,
    pushStream: (...args) => {
      pushes.single += 1;
      return addon.pushStream(...args);
    },
    pushStreamMany: (id, items, ...rest) => {
      pushes.batches.push(items.length);
      return addon.pushStreamMany(id, items, ...rest);
    },
  };
  const { registerIpc } = createMainIpc({ channels: CHANNELS }, app.electron);
  registration = registerIpc({ backend, allowedOrigins: [ORIGIN], onError: (error) => errors.push(error) });
});
afterEach(() => {
  registration();
  app.dispose();
});

/** A window whose isolated world is compromised: its test preload hands the page a generic invoke. */
async function hostile() {
  const win = new app.electron.BrowserWindow({ webPreferences: { preload: IPC } });
  await win.loadURL(`${ORIGIN}/index.html`);
  return { win, doc: app.renderer(win) };
}

function counters() {
  const [unfinished, errors, taken, ended] = JSON.parse(addon.call("uploads:counters", "[]", SENDER)).value;
  return { unfinished, errors, taken, ended };
}

const liveBytes = () => JSON.parse(addon.call("probe:liveBytes", "[]", SENDER)).value;

async function settle(rounds = 5) {
  for (let i = 0; i < rounds; i++) {
    await app.idle();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Collects the ports main posts to this world, started, with what arrives on each. */
function collectPorts(doc) {
  const ports = [];
  doc.ipcRenderer.on("ipc:stream", (event) => {
    const port = event.ports[0];
    port.received = [];
    port.onmessage = (message) => port.received.push(message.data);
    ports.push(port);
  });
  return ports;
}

/** Opens `channel` from the compromised world; answers its port and the window main granted. */
async function openRaw(doc, ports, channel = "uploads:doubled", args = []) {
  const answer = await doc.evaluate(`window.ipc.invoke(${JSON.stringify(channel)}, ...${JSON.stringify(args)})`);
  await settle();
  assert.equal(answer.ok, true, JSON.stringify(answer));
  const port = ports.shift();
  port.postMessage({ t: "credit", items: 1000, bytes: 1e9 });
  return { port, window: answer.value.incoming };
}

describe("page → main streams under a hostile renderer", () => {
  it("10,000 chunks pushed at once without credit: one byte window reaches Rust, then ERR_STREAM_LIMIT", async () => {
    const { doc } = await hostile();
    const ports = collectPorts(doc);
    const { port, window } = await openRaw(doc, ports, "uploads:stall");
    assert.deepEqual(JSON.parse(JSON.stringify(window)), { items: 64, bytes: 1024 * 1024 });
    const before = liveBytes();
    for (let i = 0; i < 10000; i++) port.postMessage({ t: "push", v: new Uint8Array(64 * 1024) });
    await settle(20);
    const error = port.received.find((message) => message.t === "error");
    assert.equal(error?.error.code, "ERR_STREAM_LIMIT");
    assert.equal(error.error.data.item, 16);
    assert.equal(errors.at(-1).code, "ERR_STREAM_LIMIT");
    // The stalled Rust method held at most the byte window (16 × 64 KiB, plus
    // its own bookkeeping), not the 640 MB the page sent; then it was dropped.
    const held = liveBytes() - before;
    assert.ok(held < 2 * 1024 * 1024, `the addon holds ${held} bytes`);
  });

  it("10,000 small items pushed at once without credit: the item window of 64 reaches Rust, then ERR_STREAM_LIMIT", async () => {
    const { doc } = await hostile();
    const ports = collectPorts(doc);
    const { port, window } = await openRaw(doc, ports, "uploads:stall");
    assert.equal(window.items, 64);
    for (let i = 0; i < 10000; i++) port.postMessage({ t: "push", v: Uint8Array.of(i & 255) });
    await settle(20);
    const error = port.received.find((message) => message.t === "error");
    assert.equal(error?.error.code, "ERR_STREAM_LIMIT");
    assert.equal(error.error.data.item, 64);
    // The window's 64 items, one backend call each; none of the rest was read.
    assert.deepEqual(pushes, { single: 64, batches: [] });
  });

  it("10,000 chunks in one pushes message without credit: one byte window reaches Rust, then ERR_STREAM_LIMIT", async () => {
    const { doc } = await hostile();
    const ports = collectPorts(doc);
    const { port } = await openRaw(doc, ports, "uploads:stall");
    const before = liveBytes();
    const chunk = new Uint8Array(64 * 1024);
    port.postMessage({ t: "pushes", v: Array.from({ length: 10000 }, () => chunk) });
    await settle(20);
    const error = port.received.find((message) => message.t === "error");
    assert.equal(error?.error.code, "ERR_STREAM_LIMIT");
    assert.equal(error.error.data.item, 16);
    // One backend call for the byte window's 16 chunks; none of the rest was read.
    assert.deepEqual(pushes, { single: 0, batches: [16] });
    const held = liveBytes() - before;
    assert.ok(held < 2 * 1024 * 1024, `the addon holds ${held} bytes`);
  });

  it("a pushes batch reaches Rust in one backend call, its items in order", async () => {
    const { doc } = await hostile();
    const ports = collectPorts(doc);
    const { port } = await openRaw(doc, ports);
    port.postMessage({ t: "pushes", v: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    port.postMessage({ t: "done" });
    await settle();
    assert.deepEqual(pushes, { single: 0, batches: [10] });
    assert.deepEqual(
      port.received.filter((m) => m.t !== "grant").flatMap((m) => (m.t === "items" ? m.v : [m.v ?? m.t])),
      [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, "end"],
    );
  });

  it("a pushes batch past the credit is cut there: ERR_STREAM_LIMIT at the stream's item index", async () => {
    const { doc } = await hostile();
    const ports = collectPorts(doc);
    const { port } = await openRaw(doc, ports, "uploads:stall");
    for (let i = 0; i < 60; i++) port.postMessage({ t: "push", v: new Uint8Array(8) });
    port.postMessage({ t: "pushes", v: Array.from({ length: 10 }, () => new Uint8Array(8)) });
    await settle();
    const error = port.received.find((message) => message.t === "error");
    assert.equal(error?.error.code, "ERR_STREAM_LIMIT");
    assert.equal(error.error.data.item, 64, "the stream's item 64, the batch's entry 4");
    assert.deepEqual(pushes, { single: 60, batches: [4] });
  });

  it("a refused item in the middle of a pushes batch ends the stream there, naming that item", async () => {
    const { doc } = await hostile();
    const ports = collectPorts(doc);
    const { port } = await openRaw(doc, ports);
    const before = counters();
    port.postMessage({ t: "pushes", v: [1, 2, "three", "four"] });
    await settle();
    // One refusal, of item 2: the item after it (also of the wrong type) is not read.
    const refusals = port.received.filter((message) => message.t === "error");
    assert.equal(refusals.length, 1);
    assert.equal(refusals[0].error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(refusals[0].error.data.item, 2);
    await settle();
    assert.ok(counters().taken - before.taken <= 2, "at most the two items before it reached the method");
    // The whole batch went in one backend call: Rust decoded it item by item and refused item 2 there.
    assert.deepEqual(pushes, { single: 0, batches: [4] });
  });

  for (const [what, garbage, code] of [
    ["a pushes batch that is empty", { t: "pushes", v: [] }, "ERR_BAD_ARGUMENTS"],
    ["a pushes batch that is not an array", { t: "pushes", v: 5 }, "ERR_BAD_ARGUMENTS"],
    ["a pushes batch with extra keys", { t: "pushes", v: [1], more: true }, "ERR_BAD_ARGUMENTS"],
    ["a pushes batch with an item of the wrong type", { t: "pushes", v: [1, "two"] }, "ERR_BAD_ARGUMENTS"],
    ["a push without a value", { t: "push" }, "ERR_BAD_ARGUMENTS"],
    ["a push with extra keys", { t: "push", v: 1, more: true }, "ERR_BAD_ARGUMENTS"],
    ["an end with extra keys", { t: "done", now: true }, "ERR_BAD_ARGUMENTS"],
    ["an item of the wrong type", { t: "push", v: "one" }, "ERR_BAD_ARGUMENTS"],
    ["an item beyond 2^53", { t: "push", v: 2 ** 60 }, "ERR_BAD_ARGUMENTS"],
    ["a forged bytes placeholder", { t: "push", v: { $ipcBytes: 0 } }, "ERR_BAD_ARGUMENTS"],
    ["a huge item", { t: "push", v: "x".repeat(17 * 1024 * 1024) }, "ERR_PAYLOAD_TOO_LARGE"],
    ["a credit of garbage", { t: "credit", items: -1, bytes: 1 }, "ERR_BAD_ARGUMENTS"],
    ["an unknown message", { t: "grant", items: 5, bytes: 5 }, "ERR_BAD_ARGUMENTS"],
  ]) {
    it(`${what} on a stream's port ends that stream only, with ${code}`, async () => {
      const { doc } = await hostile();
      const ports = collectPorts(doc);
      const victim = await openRaw(doc, ports);
      const bystander = await openRaw(doc, ports);
      const before = counters();
      victim.port.postMessage(garbage);
      await settle();
      const last = victim.port.received.at(-1);
      assert.equal(last?.t, "error", JSON.stringify(victim.port.received));
      assert.equal(last.error.code, code);
      await settle();
      const after = counters();
      assert.equal(
        after.unfinished + after.errors + after.ended,
        before.unfinished + before.errors + before.ended + 1,
        "the victim's Rust method was dropped or told",
      );
      bystander.port.postMessage({ t: "push", v: 20 });
      bystander.port.postMessage({ t: "push", v: 21 });
      bystander.port.postMessage({ t: "done" });
      await settle();
      assert.deepEqual(
        // Each item alone, or in an `items` batch of what one pull answered.
        bystander.port.received.filter((m) => m.t !== "grant").flatMap((m) => (m.t === "items" ? m.v : [m.v ?? m.t])),
        [40, 42, "end"],
        "the other stream goes on",
      );
    });
  }

  it("a push after the end ends the stream with ERR_BAD_ARGUMENTS; after close it reaches nothing", async () => {
    const { doc } = await hostile();
    const ports = collectPorts(doc);
    const { port } = await openRaw(doc, ports, "uploads:upload", ["a.bin"]);
    port.postMessage({ t: "done" });
    port.postMessage({ t: "push", v: new Uint8Array(3) });
    await settle();
    const last = port.received.at(-1);
    assert.equal(last?.error?.code, "ERR_BAD_ARGUMENTS");
    assert.match(last.error.message, /after it ended its stream/);

    const other = await openRaw(doc, ports, "uploads:stall");
    other.port.close();
    await settle();
    const before = counters();
    const reported = errors.length;
    other.port.postMessage({ t: "push", v: new Uint8Array(3) });
    await settle();
    assert.deepEqual(counters(), before, "nothing reached Rust after the close");
    assert.equal(errors.length, reported);
  });

  it("a window never receives the port of another window's stream", async () => {
    const a = await hostile();
    const b = await hostile();
    const portsA = collectPorts(a.doc);
    const portsB = collectPorts(b.doc);
    const { port } = await openRaw(a.doc, portsA, "uploads:stall");
    assert.equal(typeof port.postMessage, "function");
    assert.equal(portsB.length, 0, "B received nothing");
    // B's own stream gets its own port; A's is untouched.
    await openRaw(b.doc, portsB, "uploads:stall");
    assert.equal(portsA.length, 0);
    port.postMessage({ t: "push", v: new Uint8Array(1) });
    await settle();
    assert.equal(port.received.length, 0, "A's stream still open, without error");
  });
});
