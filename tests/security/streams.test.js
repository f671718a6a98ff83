"use strict";
// The security suite's rows for streams (docs/wire.md, "Streams", "Limits"):
// a hostile renderer that opens streams without end and never reads, posts
// garbage on a stream's port, posts after the end, or listens for another
// window's ports. Each is answered with a stable code on that stream only,
// and the real addon's counters show what its Rust producers did.

const assert = require("node:assert/strict");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("../electron/harness");
const { loadAddon } = require("../bridge/addon.js");
const { createMainIpc } = require("../../ipc-codegen/runtime/main-runtime.cjs");

const addon = loadAddon();
const ORIGIN = "https://app.example";
const IPC = path.join(__dirname, "../electron/fixtures/ipc-preload.js");
const CHANNELS = [{ channel: "streams:count", kind: "stream", service: "streams", name: "count" }];

let app;
let registration;
let errors;
beforeEach(() => {
  app = createApp();
  errors = [];
  const { registerIpc } = createMainIpc({ channels: CHANNELS }, app.electron);
  registration = registerIpc({ backend: addon, allowedOrigins: [ORIGIN], onError: (error) => errors.push(error) });
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
  const [dropped, produced] = JSON.parse(addon.call("streams:counters", "[]", [1, 1, 1, ORIGIN, ORIGIN, true])).value;
  return { dropped, produced };
}

async function settle() {
  for (let i = 0; i < 5; i++) {
    await app.idle();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Opens a stream from the compromised world; answers its port (or the refusal). */
async function openRaw(doc, ports) {
  const answer = await doc.evaluate('window.ipc.invoke("streams:count", null)');
  await settle();
  return answer.ok ? ports.shift() : answer;
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

describe("streams under a hostile renderer", () => {
  it("10,000 opens that never read: 64 streams, the rest ERR_STREAM_LIMIT, Rust idle", async () => {
    const { win, doc } = await hostile();
    const before = counters();
    const codes = await doc.evaluate(`(async () => {
      const codes = {};
      for (let i = 0; i < 10000; i++) {
        const answer = await window.ipc.invoke("streams:count", null);
        const code = answer.ok ? "opened" : answer.error.code;
        codes[code] = (codes[code] ?? 0) + 1;
      }
      return JSON.stringify(codes);
    })()`);
    assert.deepEqual(JSON.parse(codes), { opened: 64, ERR_STREAM_LIMIT: 9936 });
    await settle();
    // Nobody granted credit: nothing was pulled from the 64 producers.
    assert.equal(counters().produced, before.produced);
    win.destroy();
    await settle();
    assert.equal(counters().dropped, before.dropped + 64, "the window's streams go with it");
  });

  for (const [what, garbage] of [
    ["a string", "credit"],
    ["null", null],
    ["an array", [1, 2]],
    ["an unknown type", { t: "item", v: 1 }],
    ["a negative credit", { t: "credit", items: -1, bytes: 10 }],
    ["a fractional credit", { t: "credit", items: 1.5, bytes: 10 }],
    ["a credit beyond 2^53", { t: "credit", items: 2 ** 60, bytes: 10 }],
    ["a credit with extra keys", { t: "credit", items: 1, bytes: 10, more: true }],
    ["a credit as strings", { t: "credit", items: "1", bytes: "10" }],
  ]) {
    it(`${what} on a stream's port ends that stream only, with ERR_BAD_ARGUMENTS`, async () => {
      const { doc } = await hostile();
      const ports = collectPorts(doc);
      const victim = await openRaw(doc, ports);
      const bystander = await openRaw(doc, ports);
      const before = counters();
      victim.postMessage(garbage);
      await settle();
      assert.equal(victim.received.at(-1)?.t, "error");
      assert.equal(victim.received.at(-1).error.code, "ERR_BAD_ARGUMENTS");
      assert.equal(errors.at(-1).code, "ERR_BAD_ARGUMENTS");
      assert.equal(counters().dropped, before.dropped + 1, "the victim's producer is dropped");
      bystander.postMessage({ t: "credit", items: 2, bytes: 1000 });
      await settle();
      assert.deepEqual(
        // One `item`, or an `items` batch of what one pull answered.
        bystander.received.flatMap((m) => (m.t === "items" ? m.v : [m.v])),
        [0, 1],
        "the other stream goes on",
      );
    });
  }

  it("posting after the end, and after close, reaches nothing", async () => {
    const { doc } = await hostile();
    const ports = collectPorts(doc);
    const port = await openRaw(doc, ports);
    port.postMessage({ t: "credit", items: 1, bytes: 100 });
    await settle();
    port.close();
    await settle();
    const before = counters();
    const reported = errors.length;
    port.postMessage({ t: "credit", items: 100, bytes: 100000 });
    await settle();
    assert.equal(counters().produced, before.produced, "no pull after the close");
    assert.equal(errors.length, reported);
  });

  it("a window never receives the port of another window's stream", async () => {
    const a = await hostile();
    const b = await hostile();
    const portsA = collectPorts(a.doc);
    const portsB = collectPorts(b.doc);
    const port = await openRaw(a.doc, portsA);
    assert.equal(typeof port.postMessage, "function");
    assert.equal(portsB.length, 0);
    // The answer's token names nothing main looks up: it only pairs the answer with the port.
    const answer = await b.doc.evaluate('window.ipc.invoke("streams:count", 1)');
    await settle();
    assert.equal(answer.ok, true);
    assert.equal(portsB.length, 1);
    assert.equal(portsA.length, 0, "A received only its own port");
  });

  it("a frame of an origin that is not allowed gets no port and no stream", async () => {
    const win = new app.electron.BrowserWindow({ webPreferences: { preload: IPC } });
    await win.loadURL("https://evil.example/index.html");
    const doc = app.renderer(win);
    const ports = collectPorts(doc);
    const before = counters();
    const answer = await doc.evaluate('window.ipc.invoke("streams:count", 1)');
    await settle();
    assert.equal(answer.error.code, "ERR_FORBIDDEN");
    assert.equal(ports.length, 0);
    assert.deepEqual(counters(), before);
  });
});
