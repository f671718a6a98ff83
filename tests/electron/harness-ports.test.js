"use strict";
// Self-tests of the harness's MessagePorts (harness/ports.js): MessageChannelMain,
// MessagePortMain, webContents.postMessage / WebFrameMain.postMessage with a
// transfer list, event.ports in the renderer, and what reload, navigation
// and window close do to a renderer's ports.

const assert = require("node:assert/strict");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

const PRELOAD = path.join(__dirname, "fixtures", "ports-preload.js");

let app;
let win;
beforeEach(async () => {
  app = createApp();
  win = new app.electron.BrowserWindow({ webPreferences: { preload: PRELOAD } });
  await win.loadURL("https://app.example/index.html");
});
afterEach(() => app.dispose());

/** Everything port1 emits, as `{ message }` or `{ close: true }`. */
function record(port) {
  const seen = [];
  port.on("message", (event) => seen.push({ message: event.data, ports: event.ports.length }));
  port.on("close", () => seen.push({ close: true }));
  return seen;
}

const page = () => app.renderer(win);
const received = () => JSON.parse(page().page.run("JSON.stringify(window.portTest.received())"));

/** Transfers port2 of a new channel to the window's preload; answers port1. */
async function transfer(message = "hello") {
  const { port1, port2 } = new app.electron.MessageChannelMain();
  win.webContents.postMessage("port", message, [port2]);
  await app.idle();
  return port1;
}

describe("MessageChannelMain and MessagePortMain", () => {
  it("queues messages until start(), then emits them in order as clones", async () => {
    const { port1, port2 } = new app.electron.MessageChannelMain();
    const seen = record(port2);
    const sent = { n: 1 };
    port1.postMessage(sent);
    sent.n = 2;
    port1.postMessage({ n: 3 });
    await app.idle();
    assert.deepEqual(seen, [], "nothing before start()");
    port2.start();
    await app.idle();
    assert.deepEqual(seen, [
      { message: { n: 1 }, ports: 0 },
      { message: { n: 3 }, ports: 0 },
    ]);
  });

  it("close() delivers what was posted, then 'close' on the other end only", async () => {
    const { port1, port2 } = new app.electron.MessageChannelMain();
    const one = record(port1);
    const two = record(port2);
    port2.start();
    port1.postMessage("last");
    port1.close();
    port1.postMessage("ignored");
    await app.idle();
    assert.deepEqual(two, [{ message: "last", ports: 0 }, { close: true }]);
    assert.deepEqual(one, []);
    port2.postMessage("into the void");
    await app.idle();
    assert.deepEqual(one, []);
  });

  it("refuses what cannot be cloned, and port transfers between main ports", () => {
    const { port1, port2 } = new app.electron.MessageChannelMain();
    assert.throws(() => port1.postMessage(() => 1), { message: "An object could not be cloned." });
    assert.throws(() => port1.postMessage(1, [port2]), /not emulated/);
  });
});

describe("postMessage with a transfer list, and event.ports", () => {
  it("gives the preload a DOM MessagePort of its world in event.ports, with the message", async () => {
    await transfer({ hello: 1 });
    assert.deepEqual(received(), [{ port: 0, arrived: { hello: 1 }, count: 1 }]);
    assert.equal(page().page.run("window.portTest.isPort(0)"), true);
  });

  it("carries messages both ways; addEventListener waits for start(), onmessage starts", async () => {
    const port1 = await transfer();
    const seen = record(port1);
    port1.start();
    port1.postMessage({ a: 1 });
    page().page.run("window.portTest.listen(0)");
    await app.idle();
    assert.equal(received().length, 1, "queued until start()");
    page().page.run("window.portTest.start(0)");
    page().page.run("window.portTest.post(0, { b: [2, new Date(3)] })");
    await app.idle();
    assert.deepEqual(received()[1], { port: 0, data: { a: 1 }, ports: 0 });
    assert.equal(seen[0].message.b[1] instanceof Date, true, "structured clone on the way to main");

    const port2 = await transfer("second");
    port2.postMessage("x");
    page().page.run("window.portTest.onmessage(1)");
    await app.idle();
    assert.deepEqual(received().at(-1), { port: 1, data: "x" });
  });

  it("messages posted on the main port before the transfer go with it", async () => {
    const { port1, port2 } = new app.electron.MessageChannelMain();
    port1.postMessage("early");
    await app.idle();
    win.webContents.mainFrame.postMessage("port", null, [port2]);
    await app.idle();
    page().page.run("window.portTest.onmessage(0)");
    await app.idle();
    assert.deepEqual(received().at(-1), { port: 0, data: "early" });
  });

  // HTML Standard, "Ports and garbage collection" / MessagePort: a message
  // posted on an entangled port goes to the port's message queue, wherever
  // the other end travels; it is dispatched once that end is started.
  it("a message posted on port1 just before port2 is transferred waits for the renderer's port", async () => {
    const { port1, port2 } = new app.electron.MessageChannelMain();
    port1.postMessage("in flight");
    win.webContents.postMessage("port", null, [port2]);
    port1.postMessage("during the transfer");
    await app.idle();
    page().page.run("window.portTest.onmessage(0)");
    await app.idle();
    assert.deepEqual(
      received().filter((r) => "data" in r),
      [
        { port: 0, data: "in flight" },
        { port: 0, data: "during the transfer" },
      ],
    );
  });

  it("a close of port1 while port2 travels reaches the renderer's port", async () => {
    const { port1, port2 } = new app.electron.MessageChannelMain();
    win.webContents.postMessage("port", null, [port2]);
    port1.close();
    await app.idle();
    assert.deepEqual(received(), [
      { port: 0, arrived: null, count: 1 },
      { port: 0, closed: true },
    ]);
  });

  it("neuters a transferred port in main: it cannot be transferred again and sends nothing", async () => {
    const { port1, port2 } = new app.electron.MessageChannelMain();
    win.webContents.postMessage("port", null, [port2]);
    assert.throws(() => win.webContents.postMessage("port", null, [port2]), {
      message: "Port at index 0 is already neutered or closed",
    });
    port2.postMessage("from a neutered port");
    const seen = record(port1);
    port1.start();
    await app.idle();
    assert.deepEqual(seen, []);
  });

  it("refuses a transfer list of anything but MessagePortMains", () => {
    assert.throws(() => win.webContents.postMessage("port", null, "port"), TypeError);
    assert.throws(() => win.webContents.postMessage("port", null, [{}]), TypeError);
    assert.throws(() => win.webContents.postMessage(1, null, []), /Missing required channel argument/);
  });

  it("a port handed to the page through contextBridge arrives without its methods", async () => {
    await transfer();
    const leaked = page().page.run("window.portTest.leak(0)");
    assert.equal(page().page.run("(p) => typeof p.postMessage")(leaked), "undefined");
    assert.equal(page().page.run("(p) => Object.keys(p).length")(leaked), 0);
  });
});

describe("closing, and the renderer's lifecycle", () => {
  it("the renderer's close() is 'close' in main, and main's close() is 'close' in the renderer", async () => {
    const first = await transfer();
    const seen = record(first);
    page().page.run("window.portTest.close(0)");
    await app.idle();
    assert.deepEqual(seen, [{ close: true }]);

    const second = await transfer();
    second.close();
    await app.idle();
    assert.deepEqual(received().at(-1), { port: 1, closed: true });
  });

  for (const [what, act] of [
    ["reload (the same URL loaded again)", () => win.loadURL("https://app.example/index.html")],
    ["navigation", () => win.loadURL("https://app.example/other.html")],
    ["window close", () => win.destroy()],
  ]) {
    it(`${what} closes the renderer's ports: main hears 'close'`, async () => {
      const port1 = await transfer();
      const seen = record(port1);
      await act();
      await app.idle();
      assert.deepEqual(seen, [{ close: true }]);
    });
  }

  it("a port posted to a frame that is gone is closed", async () => {
    const frame = win.webContents.mainFrame;
    await win.loadURL("https://app.example/next.html");
    const { port1, port2 } = new app.electron.MessageChannelMain();
    const seen = record(port1);
    frame.postMessage("port", null, [port2]);
    await app.idle();
    assert.deepEqual(seen, [{ close: true }]);
    assert.equal(app.consoleErrors.length, 1);
  });
});
