"use strict";
// End to end, capabilities (docs/wire.md, "Capabilities"): the golden
// preload.js of the `capabilities` fixture runs sandboxed in windows, its
// main.cjs in the fake main process with a plain-JavaScript backend. A
// window sees and may use a channel that requires capabilities only when main
// granted them to it, for the origin it is at; the page can reach main with
// the raw `ipcRenderer` of a compromised renderer (`doc.ipcRenderer`) and is
// still refused, before anything reaches the backend.

const assert = require("node:assert/strict");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

const FIXTURE = path.join(__dirname, "..", "..", "ipc-codegen", "tests", "fixtures", "capabilities", "expected");
const PRELOAD = path.join(FIXTURE, "preload.js");
const MAIN = path.join(FIXTURE, "main.cjs");

const ORIGIN = "https://app.example";
const OTHER = "https://other.example";
const PAGE = `${ORIGIN}/index.html`;

/** A backend that records calls and answers `null`, with an event sink. */
function makeBackend() {
  const backend = {
    calls: [],
    sink: undefined,
    call(channel, argsJson) {
      backend.calls.push({ channel, args: JSON.parse(argsJson) });
      return JSON.stringify({ ok: true, value: channel === "todos:add" ? 1 : null });
    },
    setEventSink(sink) {
      backend.sink = sink ?? undefined;
    },
    emit(channel, args, target = { kind: "all" }) {
      backend.sink(channel, JSON.stringify(args), target);
    },
  };
  return backend;
}

const json = (value) => JSON.parse(JSON.stringify(value));

/** What a page value is, as plain JSON in Node's realm. */
const plain = (doc, value) => JSON.parse(doc.page.run("(v) => JSON.stringify(v)")(value) ?? "null");

/** The rejection of a promise of the page, as `name: message`. */
async function rejection(doc, code) {
  try {
    await doc.evaluate(code);
  } catch (error) {
    return doc.page.run("(e) => e.name + ': ' + e.message")(error);
  }
  throw new Error(`${code} did not reject`);
}

describe("generated capabilities", () => {
  let app;
  let main;
  let backend;
  let reported;
  let ipc;

  const openWindow = async (url = PAGE, beforeLoad = () => {}) => {
    const win = new app.electron.BrowserWindow({ webPreferences: main.secureWebPreferences({ preload: PRELOAD }) });
    beforeLoad(win);
    await win.loadURL(url);
    return win;
  };
  const members = (doc, namespace) =>
    JSON.parse(
      doc.page.run(
        `JSON.stringify(window.${namespace} === undefined ? null : Object.keys(window.${namespace}).sort())`,
      ),
    );
  // What the isolated world's ipcRenderer answers, as plain values of Node's realm.
  const rawInvoke = async (doc, channel, ...args) => json(await doc.ipcRenderer.invoke(channel, ...args));
  const rawSendSync = (doc, channel, ...args) => json(doc.ipcRenderer.sendSync(channel, ...args));

  beforeEach(() => {
    app = createApp();
    main = app.loadMain(MAIN);
    backend = makeBackend();
    reported = [];
    ipc = main.registerIpc({
      backend,
      allowedOrigins: [ORIGIN, OTHER],
      allowSubframes: true,
      onError: (error) => reported.push(error),
    });
  });
  afterEach(() => {
    assert.deepEqual(app.uncaught, []);
    app.dispose();
  });

  it("a window without grants sees no gated service or method, and main refuses them anyway", async () => {
    const win = await openWindow();
    const doc = app.renderer(win);
    assert.deepEqual(doc.errors, []);
    assert.equal(members(doc, "prefs"), null, "window.prefs is not even there");
    assert.deepEqual(members(doc, "todos"), ["add", "onChanged", "onceChanged", "removeAllListeners"]);
    assert.equal(await doc.evaluate("window.todos.add('x')"), 1);
    const missing = await rejection(doc, "(async () => window.todos.clearAll())()");
    assert.match(missing, /^TypeError: .*clearAll is not a function/);

    const envelope = await rawInvoke(doc, "todos:clearAll");
    assert.deepEqual(envelope, {
      ok: false,
      error: {
        code: "ERR_FORBIDDEN",
        message: 'todos:clearAll: capability "settings" is required, and this window was not granted it',
        data: {
          reason: 'capability "settings" is required, and this window was not granted it',
          capability: "settings",
        },
      },
    });
    const refusedPrefs = await rawInvoke(doc, "prefs:theme");
    assert.equal(refusedPrefs.error.data.capability, "settings");
    assert.deepEqual(
      backend.calls.map((c) => c.channel),
      ["todos:add"],
      "nothing refused reached the backend",
    );
    assert.deepEqual(
      reported.map((e) => [e.code, e.channel, e.data.capability]),
      [
        ["ERR_FORBIDDEN", "todos:clearAll", "settings"],
        ["ERR_FORBIDDEN", "prefs:theme", "settings"],
      ],
    );
  });

  it("a granted window sees and uses what it holds, and nothing more", async () => {
    const win = await openWindow(PAGE, (w) => ipc.grant(w, ["settings"], { origin: ORIGIN }));
    const doc = app.renderer(win);
    assert.deepEqual(members(doc, "prefs"), ["removeAllListeners", "theme"], "prefs without its admin methods");
    assert.deepEqual(members(doc, "todos"), [
      "add",
      "clearAll",
      "onChanged",
      "onCleared",
      "onceChanged",
      "onceCleared",
      "removeAllListeners",
    ]);
    assert.equal(await doc.evaluate("window.todos.clearAll()"), null);
    assert.equal(await doc.evaluate("window.prefs.theme()"), null);
    const reset = await rawInvoke(doc, "prefs:reset");
    assert.equal(reset.error.code, "ERR_FORBIDDEN");
    assert.equal(reset.error.data.capability, "admin");
    assert.deepEqual(
      backend.calls.map((c) => c.channel),
      ["todos:clearAll", "prefs:theme"],
    );
  });

  it("every capability a channel lists is needed: settings and admin for prefs.reset and the sendSync prefs.flag", async () => {
    const win = await openWindow(PAGE, (w) => ipc.grant(w, ["settings", "admin"], { origin: ORIGIN }));
    const doc = app.renderer(win);
    assert.deepEqual(members(doc, "prefs"), [
      "flag",
      "onResetDone",
      "onceResetDone",
      "removeAllListeners",
      "reset",
      "theme",
    ]);
    assert.equal(await doc.evaluate("window.prefs.reset()"), null);
    assert.deepEqual(plain(doc, doc.page.run("window.prefs.flag('x')")), { ok: true, value: null });

    const adminOnly = await openWindow(PAGE, (w) => ipc.grant(w, ["admin"], { origin: ORIGIN }));
    const other = app.renderer(adminOnly);
    assert.equal(members(other, "prefs"), null);
    const refused = rawSendSync(other, "prefs:flag", "x");
    assert.equal(refused.error.code, "ERR_FORBIDDEN");
    assert.equal(refused.error.data.capability, "settings");
  });

  it("a send without its capability is dropped and reported; with it, it reaches the backend", async () => {
    const plainWin = await openWindow();
    app.renderer(plainWin).ipcRenderer.send("todos:log", "from a window without audit");
    const auditor = await openWindow(PAGE, (w) => ipc.grant(w, ["audit"], { origin: ORIGIN }));
    await app.renderer(auditor).evaluate("window.todos.log('audited')");
    await app.idle();
    assert.deepEqual(backend.calls, [{ channel: "todos:log", args: ["audited"] }]);
    assert.deepEqual(
      reported.map((e) => [e.code, e.data.capability]),
      [["ERR_FORBIDDEN", "audit"]],
    );
  });

  it("events that require a capability reach only the windows that hold it", async () => {
    const plainWin = await openWindow();
    const granted = await openWindow(PAGE, (w) => ipc.grant(w, ["settings"], { origin: ORIGIN }));
    const listen = (doc) =>
      doc.page.run(`
        globalThis.heard = [];
        window.todos.onChanged((id) => heard.push("changed " + id));
        window.todos.onCleared?.(() => heard.push("cleared"));
      `);
    const plainDoc = app.renderer(plainWin);
    const grantedDoc = app.renderer(granted);
    listen(plainDoc);
    listen(grantedDoc);
    // A compromised page of the plain window listens on the raw channel too.
    const raw = [];
    plainDoc.ipcRenderer.on("todos:cleared", () => raw.push("cleared"));
    backend.emit("todos:cleared", []);
    backend.emit("todos:changed", [7]);
    backend.emit("todos:cleared", [], { kind: "webContents", id: plainWin.webContents.id });
    const frame = plainWin.webContents.mainFrame;
    backend.emit("todos:cleared", [], { kind: "frame", processId: frame.processId, frameId: frame.routingId });
    await app.idle();
    assert.deepEqual(JSON.parse(plainDoc.page.run("JSON.stringify(heard)")), ["changed 7"]);
    assert.deepEqual(raw, []);
    assert.deepEqual(JSON.parse(grantedDoc.page.run("JSON.stringify(heard)")), ["cleared", "changed 7"]);
  });

  it("a reload keeps the grant; navigating to another origin drops it, even after coming back", async () => {
    const win = await openWindow(PAGE, (w) => ipc.grant(w, ["settings"], { origin: ORIGIN }));
    win.webContents.reload();
    await app.idle();
    let doc = app.renderer(win);
    assert.ok(members(doc, "todos").includes("clearAll"), "the preload sees the grant after a reload");
    assert.equal(await doc.evaluate("window.todos.clearAll()"), null);

    await win.loadURL(`${OTHER}/index.html`);
    doc = app.renderer(win);
    assert.ok(!members(doc, "todos").includes("clearAll"));
    assert.equal((await rawInvoke(doc, "todos:clearAll")).error.code, "ERR_FORBIDDEN");

    await win.loadURL(PAGE);
    doc = app.renderer(win);
    assert.ok(!members(doc, "todos").includes("clearAll"), "the grant is gone for good");
    assert.equal((await rawInvoke(doc, "todos:clearAll")).error.data.capability, "settings");
    assert.deepEqual(
      backend.calls.map((c) => c.channel),
      ["todos:clearAll"],
    );
  });

  it("a navigation within the granted origin keeps the grant", async () => {
    const win = await openWindow(PAGE, (w) => ipc.grant(w, ["settings"], { origin: ORIGIN }));
    await win.loadURL(`${ORIGIN}/settings.html?tab=2#top`);
    const doc = app.renderer(win);
    assert.ok(members(doc, "todos").includes("clearAll"));
    assert.equal((await rawInvoke(doc, "todos:clearAll")).ok, true);
  });

  it("a subframe never holds a capability, even in a granted window at the granted origin", async () => {
    const win = await openWindow(PAGE, (w) => ipc.grant(w, ["settings"], { origin: ORIGIN }));
    const iframe = app.addIframe(win.webContents.mainFrame, `${ORIGIN}/frame.html`);
    const frameDoc = app.renderer(iframe);
    const envelope = await rawInvoke(frameDoc, "todos:clearAll");
    assert.equal(envelope.error.code, "ERR_FORBIDDEN");
    assert.equal(envelope.error.data.reason, 'capability "settings" is required, and a subframe holds none');
    assert.deepEqual(rawSendSync(frameDoc, "ipc:grants"), [], "and main tells it so");
    assert.equal((await rawInvoke(frameDoc, "todos:add", "x")).ok, true, "ungated channels as before");
  });

  it("the grants come from main: what a page sends on ipc:grants changes nothing", async () => {
    const win = await openWindow();
    const doc = app.renderer(win);
    assert.deepEqual(rawSendSync(doc, "ipc:grants", ["settings", "admin"]), []);
    assert.equal((await rawInvoke(doc, "todos:clearAll")).error.code, "ERR_FORBIDDEN");
    const granted = await openWindow(PAGE, (w) => ipc.grant(w, ["settings", "admin"], { origin: ORIGIN }));
    assert.deepEqual(rawSendSync(app.renderer(granted), "ipc:grants"), ["admin", "settings"]);
  });

  it("a window at an origin that is not allowed gets no grants", async () => {
    const win = await openWindow("https://evil.example/", (w) => ipc.grant(w, ["settings"], { origin: ORIGIN }));
    const doc = app.renderer(win);
    assert.deepEqual(rawSendSync(doc, "ipc:grants"), []);
    assert.equal(members(doc, "prefs"), null);
  });

  it("a grant given after the load is enforced at once; revoke takes capabilities back", async () => {
    const win = await openWindow();
    const doc = app.renderer(win);
    ipc.grant(win, ["settings"], { origin: ORIGIN });
    assert.equal((await rawInvoke(doc, "todos:clearAll")).ok, true);
    ipc.revoke(win, ["settings"]);
    assert.equal((await rawInvoke(doc, "todos:clearAll")).error.code, "ERR_FORBIDDEN");
    ipc.grant(win.webContents, ["settings", "admin"], { origin: ORIGIN });
    ipc.revoke(win);
    assert.deepEqual(rawSendSync(doc, "ipc:grants"), []);
  });

  it("grant refuses what cannot be granted, with a clear error", async () => {
    const win = await openWindow();
    assert.throws(() => ipc.grant(win, ["nope"], { origin: ORIGIN }), {
      name: "TypeError",
      message: 'grant: no channel of the schema requires the capability "nope"',
    });
    assert.throws(() => ipc.grant(win, ["Settings"], { origin: ORIGIN }), /lowercase kebab-case/);
    assert.throws(() => ipc.grant(win, [], { origin: ORIGIN }), /non-empty array/);
    assert.throws(() => ipc.grant(win, ["settings"], { origin: "https://evil.example" }), /one of allowedOrigins/);
    assert.throws(() => ipc.grant(win, ["settings"]), /one of allowedOrigins/);
    assert.throws(
      () => ipc.grant({}, ["settings"], { origin: ORIGIN }),
      /BrowserWindow, a WebContentsView or a webContents/,
    );
    win.destroy();
    assert.throws(() => ipc.grant(win.webContents, ["settings"], { origin: ORIGIN }));
  });

  it("a destroyed window's grant is forgotten, and dispose drops every grant and ipc:grants", async () => {
    const win = await openWindow(PAGE, (w) => ipc.grant(w, ["settings"], { origin: ORIGIN }));
    const contents = win.webContents;
    assert.equal(contents.listenerCount("did-navigate"), 1);
    win.destroy();
    assert.equal(contents.listenerCount("did-navigate"), 0, "the grant's listeners go with it");

    const kept = await openWindow(PAGE, (w) => ipc.grant(w, ["settings"], { origin: ORIGIN }));
    ipc.dispose();
    assert.equal(kept.webContents.listenerCount("did-navigate"), 0);
    assert.equal(app.electron.ipcMain.listenerCount("ipc:grants"), 0);
  });

  it("with a stale backend, a window without the capability is still refused for want of it, not told of the mismatch", async () => {
    ipc.dispose();
    backend.schemaHash = () => "sha256:0000";
    ipc = main.registerIpc({ backend, allowedOrigins: [ORIGIN], onError: (error) => reported.push(error) });
    const plainWin = await openWindow();
    const granted = await openWindow(PAGE, (w) => ipc.grant(w, ["settings"], { origin: ORIGIN }));
    const refused = await rawInvoke(app.renderer(plainWin), "todos:clearAll");
    assert.equal(refused.error.code, "ERR_FORBIDDEN");
    assert.equal(refused.error.data.capability, "settings");
    const stale = await rawInvoke(app.renderer(granted), "todos:clearAll");
    assert.equal(stale.error.code, "ERR_SCHEMA_MISMATCH");
    assert.deepEqual(backend.calls, []);
  });
});
