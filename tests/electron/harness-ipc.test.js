"use strict";
// Self-tests of the harness: the IPC transport, frames, navigation, origins.

const assert = require("node:assert/strict");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp, originOf } = require("./harness");

const IPC = path.join(__dirname, "fixtures", "ipc-preload.js");

let app;
let win;
let doc;
beforeEach(async () => {
  app = createApp();
  win = new app.electron.BrowserWindow({ webPreferences: { preload: IPC, nodeIntegrationInSubFrames: true } });
  await win.loadURL("https://app.example/index.html");
  doc = app.renderer(win);
});
afterEach(() => app.dispose());

const rejection = (promise) =>
  promise.then(
    () => assert.fail("expected a rejection"),
    (e) => e,
  );

describe("invoke / handle", () => {
  it("resolves with a structured clone of the result", async () => {
    app.electron.ipcMain.handle("sum", (_event, a, b) => ({ total: a + b, when: new Date(5) }));
    const result = await doc.evaluate('window.ipc.invoke("sum", 2, 3)');
    assert.equal(result.total, 5);
    assert.equal(doc.page.run("(r) => r.when instanceof Date")(result), true);
  });

  it("rejects with Electron's message when no handler is registered", async () => {
    const error = await rejection(doc.evaluate('window.ipc.invoke("nobody")'));
    assert.equal(error.message, "Error invoking remote method 'nobody': Error: No handler registered for 'nobody'");
  });

  it("reduces a handler's error to its toString, custom properties lost (electron/electron#24427)", async () => {
    app.electron.ipcMain.handle("fail", () => {
      throw Object.assign(new TypeError("bad thing"), { code: "E_BAD" });
    });
    app.electron.ipcMain.handle("failString", async () => {
      throw "plain text";
    });
    const error = await rejection(doc.evaluate('window.ipc.invoke("fail")'));
    assert.equal(error.message, "Error invoking remote method 'fail': TypeError: bad thing");
    assert.equal(error.code, undefined);
    const fromString = await rejection(doc.evaluate('window.ipc.invoke("failString")'));
    assert.equal(fromString.message, "Error invoking remote method 'failString': plain text");
    assert.equal(app.consoleErrors.length, 2);
  });

  it("refuses a second handler for a channel, and allows one after removeHandler", () => {
    const { ipcMain } = app.electron;
    ipcMain.handle("once", () => 1);
    assert.throws(() => ipcMain.handle("once", () => 2), {
      message: "Attempted to register a second handler for 'once'",
    });
    ipcMain.removeHandler("once");
    ipcMain.handle("once", () => 3);
  });

  it("answers a non-cloneable result with a clone error", async () => {
    app.electron.ipcMain.handle("fn", () => () => 1);
    const error = await rejection(doc.evaluate('window.ipc.invoke("fn")'));
    assert.equal(error.message, "Error invoking remote method 'fn': Error: An object could not be cloned.");
  });

  it("refuses non-cloneable arguments in the renderer", async () => {
    const thrown = doc.page.run('try { window.ipc.send("x", () => 1) } catch (e) { e }');
    assert.equal(thrown.message, "An object could not be cloned.");
    const rejected = await rejection(doc.evaluate('window.ipc.invoke("x", () => 1)'));
    assert.equal(rejected.message, "An object could not be cloned.");
  });

  it("prefers webContents.ipc over ipcMain for invoke; frame ipc over both", async () => {
    app.electron.ipcMain.handle("who", () => "ipcMain");
    win.webContents.ipc.handle("who", () => "webContents");
    assert.equal(await doc.evaluate('window.ipc.invoke("who")'), "webContents");
    win.webContents.mainFrame.ipc.handle("who", () => "frame");
    assert.equal(await doc.evaluate('window.ipc.invoke("who")'), "frame");
  });

  it("keeps holes and the types the algorithm supports", async () => {
    let received;
    app.electron.ipcMain.handle("echo", (_event, ...args) => {
      received = args;
      return null;
    });
    // From page code, contextBridge has already filled holes with undefined;
    // a compromised renderer can still send them.
    await doc.evaluate('window.ipc.invoke("echo", [1, , 3])');
    assert.deepEqual(received, [[1, undefined, 3]]);
    assert.equal(1 in received[0], true);
    await doc.ipcRenderer.invoke("echo", ...doc.isolated.run("[[1, , 3], new Map([[1, 2]]), 10n, undefined]"));
    assert.equal(received.length, 4);
    assert.equal(1 in received[0], false);
    assert.ok(received[1] instanceof Map);
    assert.equal(received[2], 10n);
    assert.equal(received[3], undefined);
  });
});

describe("send / on", () => {
  it("delivers asynchronously, to every emitter, with the sender frame", async () => {
    const seen = [];
    app.electron.ipcMain.on("note", (event, text) =>
      seen.push(["ipcMain", text, event.senderFrame.url, event.frameId]),
    );
    win.webContents.ipc.on("note", () => seen.push(["webContents"]));
    doc.page.run('window.ipc.send("note", "hello")');
    assert.deepEqual(seen, [], "not re-entrant");
    await app.idle();
    assert.deepEqual(seen, [
      ["webContents"],
      ["ipcMain", "hello", "https://app.example/index.html", win.webContents.mainFrame.routingId],
    ]);
  });

  it("drops a message nobody listens to, silently", async () => {
    doc.page.run('window.ipc.send("nobody", 1)');
    await app.idle();
    assert.deepEqual(app.uncaught, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});

describe("sendSync / returnValue", () => {
  it("returns a clone of event.returnValue at once, with the sender frame", () => {
    const seen = [];
    win.webContents.on("ipc-message-sync", (_event, channel) => seen.push(["ipc-message-sync", channel]));
    app.electron.ipcMain.on("sum", (event, a, b) => {
      seen.push(["ipcMain", event.senderFrame.url]);
      event.returnValue = { total: a + b, when: new Date(5) };
    });
    // No await: the page has the answer when sendSync returns.
    const result = doc.page.run('window.ipc.sendSync("sum", 2, 3)');
    assert.equal(result.total, 5);
    assert.equal(doc.page.run("(r) => r.when instanceof Date")(result), true);
    assert.deepEqual(seen, [
      ["ipc-message-sync", "sum"],
      ["ipcMain", "https://app.example/index.html"],
    ]);
  });

  it("is heard by every emitter, the frame's ipc first", () => {
    const order = [];
    app.electron.ipcMain.on("who", (event) => {
      order.push("ipcMain");
      event.returnValue = order.join(",");
    });
    win.webContents.ipc.on("who", () => order.push("webContents"));
    win.webContents.mainFrame.ipc.on("who", () => order.push("frame"));
    assert.equal(doc.page.run('window.ipc.sendSync("who")'), "frame,webContents,ipcMain");
  });

  it("records a message no listener answers (a real renderer would hang) and returns undefined", () => {
    app.electron.ipcMain.on("silent", () => {});
    assert.equal(doc.page.run('window.ipc.sendSync("silent")'), undefined);
    assert.equal(app.uncaught.length, 1);
    assert.match(app.uncaught[0].message, /sendSync\('silent'\) got no event\.returnValue/);
    app.uncaught.length = 0;
  });

  it("throws in the listener when returnValue cannot be cloned", () => {
    let thrown;
    app.electron.ipcMain.on("fn", (event) => {
      try {
        event.returnValue = () => 1;
      } catch (error) {
        thrown = error;
        event.returnValue = null;
      }
    });
    assert.equal(doc.page.run('window.ipc.sendSync("fn")'), null);
    assert.equal(thrown.message, "An object could not be cloned.");
  });

  it("refuses non-cloneable arguments in the renderer", () => {
    const thrown = doc.page.run('try { window.ipc.sendSync("x", () => 1) } catch (e) { e }');
    assert.equal(thrown.message, "An object could not be cloned.");
  });
});

describe("main to renderer", () => {
  it("calls ipcRenderer listeners with an IpcRendererEvent and cloned arguments", async () => {
    doc.isolated.run("globalThis.got = []");
    const ipcRenderer = doc.ipcRenderer;
    ipcRenderer.on(
      "tick",
      doc.isolated.run("(event, value) => { got.push({ sender: event.sender, ports: event.ports.length, value }); }"),
    );
    win.webContents.send("tick", { n: 1 });
    assert.equal(doc.isolated.run("got.length"), 0, "asynchronous");
    await app.idle();
    const [entry] = doc.isolated.run("got");
    assert.equal(entry.sender, ipcRenderer);
    assert.equal(entry.ports, 0);
    assert.ok(doc.isolated.owns(entry.value));
    assert.equal(entry.value.n, 1);
  });

  it("stops at a throwing listener, as EventEmitter does, and records it", async () => {
    const calls = [];
    doc.ipcRenderer.on("e", () => {
      calls.push(1);
      throw new Error("listener failed");
    });
    doc.ipcRenderer.on("e", () => calls.push(2));
    win.webContents.send("e");
    await app.idle();
    assert.deepEqual(calls, [1]);
    assert.equal(doc.errors[0].message, "listener failed");
  });

  it("warns once when an event has more than 10 listeners", () => {
    const noop = doc.isolated.run("() => {}");
    for (let i = 0; i < 10; i++) doc.ipcRenderer.on("many", noop);
    assert.deepEqual(doc.warnings, []);
    doc.ipcRenderer.on("many", noop);
    doc.ipcRenderer.on("many", noop);
    assert.equal(doc.warnings.length, 1);
    assert.equal(doc.warnings[0].name, "MaxListenersExceededWarning");
    assert.match(doc.warnings[0].message, /11 many listeners added to \[IpcRenderer\]/);
    assert.equal(doc.ipcRenderer.listenerCount("many"), 12);
  });

  it('throws "Object has been destroyed" for a destroyed window, and delivers nothing after', async () => {
    const contents = win.webContents;
    const got = [];
    doc.ipcRenderer.on("late", () => got.push(1));
    contents.send("late");
    win.destroy();
    await app.idle();
    assert.deepEqual(got, []);
    assert.throws(() => contents.send("late"), { name: "TypeError", message: "Object has been destroyed" });
    assert.throws(() => win.webContents, { message: "Object has been destroyed" });
    assert.equal(app.electron.webContents.fromId(contents.id), undefined);
    assert.deepEqual(app.electron.webContents.getAllWebContents(), []);
  });
});

describe("frames and navigation", () => {
  it("nulls senderFrame once the frame navigated, keeps the WebContents id, reruns the preload", async () => {
    let event;
    app.electron.ipcMain.on("hello", (e) => {
      event = e;
    });
    const oldFrame = win.webContents.mainFrame;
    doc.page.run('window.marker = 1; window.ipc.send("hello")');
    await app.idle();
    assert.equal(event.senderFrame, oldFrame);
    const id = win.webContents.id;
    await win.loadURL("https://other.example/");
    assert.equal(event.senderFrame, null);
    assert.equal(oldFrame.isDestroyed(), true);
    assert.equal(win.webContents.id, id);
    const fresh = app.renderer(win);
    assert.notEqual(fresh, doc);
    assert.equal(fresh.page.run("typeof window.marker"), "undefined");
    assert.equal(fresh.page.run("typeof window.ipc.invoke"), "function");
    assert.notEqual(win.webContents.mainFrame.processId, oldFrame.processId, "cross-site: new process");
  });

  it("gives a message sent just before navigation a null senderFrame", async () => {
    const frames = [];
    app.electron.ipcMain.on("racing", (e) => frames.push(e.senderFrame));
    doc.page.run('window.ipc.send("racing")');
    await win.loadURL("https://app.example/next.html");
    await app.idle();
    assert.deepEqual(frames, [null]);
  });

  it("logs instead of throwing when sending to a disposed frame", async () => {
    const frame = win.webContents.mainFrame;
    await win.loadURL("https://app.example/2");
    frame.send("x", 1);
    assert.equal(app.consoleErrors.length, 1);
    assert.match(app.consoleErrors[0][1].message, /disposed/);
  });

  it("models iframes with their own origin and parent", async () => {
    const main = win.webContents.mainFrame;
    const iframe = app.addIframe(main, "https://widget.example:8443/embed");
    assert.equal(iframe.parent, main);
    assert.equal(iframe.top, main);
    assert.equal(iframe.origin, "https://widget.example:8443");
    assert.deepEqual(main.frames, [iframe]);
    let sender;
    app.electron.ipcMain.on("from-iframe", (e) => {
      sender = e.senderFrame;
    });
    app.renderer(iframe).page.run('window.ipc.send("from-iframe")');
    await app.idle();
    assert.equal(sender, iframe);
  });

  it("runs no preload in iframes without nodeIntegrationInSubFrames", async () => {
    const plain = new app.electron.BrowserWindow({ webPreferences: { preload: IPC } });
    await plain.loadURL("https://app.example/");
    const iframe = app.addIframe(plain.webContents.mainFrame, "https://app.example/frame");
    assert.equal(app.renderer(iframe).page.run("typeof window.ipc"), "undefined");
  });

  it("opens about:blank child windows with an empty URL and the opener origin", async () => {
    const child = app.openChildWindow(win.webContents.mainFrame);
    const frame = child.webContents.mainFrame;
    assert.equal(frame.url, "");
    assert.equal(frame.origin, "https://app.example");
    assert.notEqual(child.webContents.id, win.webContents.id);
    assert.equal(app.renderer(child).page.run("typeof window.ipc.send"), "function");
  });

  it("computes origins as Chromium serializes them", () => {
    assert.equal(originOf("https://a.example:8443/x?y#z"), "https://a.example:8443");
    assert.equal(originOf("https://a.example:443/"), "https://a.example");
    assert.equal(originOf("http://localhost:5173/"), "http://localhost:5173");
    assert.equal(originOf("file:///C:/app/index.html"), "file://");
    assert.equal(originOf("data:text/html,hi"), "null");
    assert.equal(originOf("about:blank"), "null");
    assert.equal(originOf(""), "null");
    assert.equal(originOf("app://bundle/index.html"), "null");
    assert.equal(originOf("app://bundle/index.html", new Set(["app"])), "app://bundle");
    assert.equal(originOf("blob:https://a.example/1234"), "https://a.example");
    assert.equal(new app.electron.BrowserWindow().webContents.mainFrame.origin, "null");
  });
});

describe("main glue loading", () => {
  it("resolves require('electron') to the app's fake module", () => {
    const file = path.join(__dirname, "fixtures", "main-probe.js");
    const loaded = app.loadMain(file);
    assert.equal(loaded.electron, app.electron);
    assert.equal(loaded.path, require("node:path"));
    assert.notEqual(app.loadMain(file), loaded, "a fresh copy per load");
  });
});
