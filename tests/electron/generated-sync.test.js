"use strict";
// End to end, the `#[ipc(sync)]` channels of the generated code: the golden
// preload.js of the `sync` fixture runs sandboxed in a window, its main.cjs
// in the fake main process with a plain-JavaScript backend (docs/wire.md,
// "The backend interface"), and the page calls them with no `await`: each
// call returns `{ ok, value }` or `{ ok, error }` at once. Every path must set
// `event.returnValue`, which the harness checks (`app.uncaught`).

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

const FIXTURE = path.join(__dirname, "..", "..", "ipc-codegen", "tests", "fixtures", "sync");
const SCHEMA = path.join(FIXTURE, "schemas", "sync-app.json");
const PRELOAD = path.join(FIXTURE, "expected", "preload.js");
const MAIN = path.join(FIXTURE, "expected", "main.cjs");

const ORIGIN = "https://app.example";
const PAGE = `${ORIGIN}/index.html`;

/** A backend that records calls and answers what the test scripted (by default the Rust router's `null` check). */
function makeBackend() {
  const backend = {
    calls: [],
    answers: new Map(),
    call(channel, argsJson, sender) {
      backend.calls.push({ channel, args: JSON.parse(argsJson), sender });
      const answer = backend.answers.get(channel);
      if (answer) return answer(JSON.parse(argsJson));
      return JSON.stringify({ ok: true, value: null });
    },
  };
  return backend;
}

/** A page value as plain JSON, to compare it in Node's realm. */
const plain = (doc, value) => JSON.parse(doc.page.run("(v) => JSON.stringify(v)")(value));

describe("generated sendSync glue", () => {
  let app;
  let main;
  let backend;
  let reported;
  let handlers;
  let win;
  let doc;

  const openWindow = async (url) => {
    const w = new app.electron.BrowserWindow({ webPreferences: main.secureWebPreferences({ preload: PRELOAD }) });
    await w.loadURL(url);
    return w;
  };
  const register = (extra = {}) =>
    main.registerIpc({
      backend,
      handlers,
      allowedOrigins: [ORIGIN],
      onError: (error) => reported.push(error),
      ...extra,
    });

  beforeEach(async () => {
    app = createApp();
    main = app.loadMain(MAIN);
    backend = makeBackend();
    reported = [];
    handlers = {
      shell: {
        isMaximized: () => true,
        setTitle: (title) => {
          if (title === "") throw Object.assign(new Error("empty title"), { data: "empty" });
          if (title === "crash") throw new Error("state at /home/secret is broken");
          return null;
        },
        version: async () => "1.0.0",
        log: () => {},
      },
    };
    register();
    win = await openWindow(PAGE);
    doc = app.renderer(win);
    assert.deepEqual(doc.errors, [], "the generated preload loads in a sandbox");
  });
  afterEach(() => {
    assert.deepEqual(app.uncaught, [], "every sendSync got its event.returnValue");
    app.dispose();
  });

  it("is a sendSync channel of the fixture, registered with ipcMain.on", () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA, "utf8"));
    const theme = schema.services[0].channels.find((c) => c.jsName === "theme");
    assert.equal(theme.kind, "sendSync");
    assert.equal(app.electron.ipcMain.listenerCount("settings:theme"), 1);
    assert.deepEqual(
      main.CHANNELS.filter((c) => c.service === "settings").map((c) => c.kind),
      ["sendSync", "sendSync", "sendSync", "sendSync"],
    );
  });

  it("returns the value at once, as a page-realm object, telling the backend who called", () => {
    backend.answers.set("settings:theme", () => JSON.stringify({ ok: true, value: "dark" }));
    const result = doc.page.run("window.settings.theme()");
    assert.equal(doc.page.owns(result), true);
    assert.deepEqual(plain(doc, result), { ok: true, value: "dark" });
    const [call] = backend.calls;
    assert.equal(call.channel, "settings:theme");
    assert.deepEqual(call.args, []);
    // IpcSenderValues: [webContentsId, processId, frameId, url, origin, isMainFrame].
    assert.equal(call.sender[0], win.webContents.id);
    assert.equal(call.sender[4], ORIGIN);
  });

  it("returns a typed error as { ok: false, error } with its code and data", () => {
    backend.answers.set("settings:get", () =>
      JSON.stringify({
        ok: false,
        error: { code: "ERR_HANDLER", message: "unknown", data: { Unknown: { key: "x" } } },
      }),
    );
    const result = plain(doc, doc.page.run('window.settings.get("x")'));
    assert.deepEqual(result, {
      ok: false,
      error: {
        name: "IpcError",
        code: "ERR_HANDLER",
        message: "unknown",
        data: { Unknown: { key: "x" } },
        channel: "settings:get",
      },
    });
  });

  it("passes the backend's refusal of the arguments through, and refuses a wrong count in the preload", () => {
    backend.answers.set("settings:get", () =>
      JSON.stringify({
        ok: false,
        error: { code: "ERR_BAD_ARGUMENTS", message: "key: expected a string", data: { index: 0, argument: "key" } },
      }),
    );
    const refused = plain(doc, doc.page.run("window.settings.get(42)"));
    assert.equal(refused.error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(refused.error.data.argument, "key");
    const count = plain(doc, doc.page.run('window.settings.get("a", "b")'));
    assert.equal(count.error.code, "ERR_BAD_ARGUMENTS");
    assert.deepEqual(count.error.data, { expected: 1, received: 2 });
    assert.equal(backend.calls.length, 1, "a wrong count never leaves the preload");
  });

  it("refuses a page of another origin with ERR_FORBIDDEN, without calling the backend", async () => {
    const other = app.renderer(await openWindow("https://evil.example/"));
    const result = plain(other, other.page.run("window.settings.theme()"));
    assert.equal(result.error.code, "ERR_FORBIDDEN");
    assert.deepEqual(backend.calls, []);
    assert.equal(reported[0].code, "ERR_FORBIDDEN");
  });

  it("refuses an iframe (a sender check) even from a compromised renderer", () => {
    const iframe = app.addIframe(win.webContents.mainFrame, `${ORIGIN}/frame.html`);
    const compromised = app.renderer(iframe).ipcRenderer;
    const refused = compromised.sendSync("settings:theme");
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, "ERR_FORBIDDEN");
    assert.deepEqual(backend.calls, []);
  });

  it("answers a backend that throws, or answers a promise, with an error, never leaving the page blocked", () => {
    backend.answers.set("settings:theme", () => {
      throw new Error("addon gone");
    });
    assert.equal(plain(doc, doc.page.run("window.settings.theme()")).error.code, "ERR_TRANSPORT");
    backend.answers.set("settings:theme", () => Promise.resolve(JSON.stringify({ ok: true, value: "late" })));
    assert.equal(plain(doc, doc.page.run("window.settings.theme()")).error.code, "ERR_BAD_RESPONSE");
    backend.answers.set("settings:theme", () => "not json");
    assert.equal(plain(doc, doc.page.run("window.settings.theme()")).error.code, "ERR_BAD_RESPONSE");
    assert.deepEqual(
      reported.map((e) => e.code),
      ["ERR_TRANSPORT", "ERR_BAD_RESPONSE", "ERR_BAD_RESPONSE"],
    );
    assert.match(reported[1].message, /answered a sync channel with a promise/);
  });

  it("runs a main-js handler after the backend's check, with its value, typed error and panic", () => {
    assert.deepEqual(plain(doc, doc.page.run("window.shell.isMaximized()")), { ok: true, value: true });
    assert.deepEqual(plain(doc, doc.page.run('window.shell.setTitle("Notes")')), { ok: true, value: null });
    const typed = plain(doc, doc.page.run('window.shell.setTitle("")'));
    assert.equal(typed.error.code, "ERR_HANDLER");
    assert.equal(typed.error.data, "empty");
    const panic = plain(doc, doc.page.run('window.shell.setTitle("crash")'));
    assert.equal(panic.error.code, "ERR_PANIC");
    assert.doesNotMatch(JSON.stringify(panic), /home\/secret/);
    assert.equal(reported.at(-1).code, "ERR_PANIC");
    assert.deepEqual(
      backend.calls.map((c) => c.channel),
      ["shell:isMaximized", "shell:setTitle", "shell:setTitle", "shell:setTitle"],
    );
  });

  it("does not run a main-js handler when the backend refuses the arguments", () => {
    let ran = false;
    handlers.shell.setTitle = () => {
      ran = true;
      return null;
    };
    register();
    backend.answers.set("shell:setTitle", () =>
      JSON.stringify({ ok: false, error: { code: "ERR_BAD_ARGUMENTS", message: "title: expected a string" } }),
    );
    assert.equal(plain(doc, doc.page.run("window.shell.setTitle(1)")).error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(ran, false);
  });

  it("answers a main-js handler's promise with ERR_BAD_RESPONSE, and refuses an async one at registration", () => {
    handlers.shell.isMaximized = () => Promise.resolve(true);
    register();
    assert.equal(plain(doc, doc.page.run("window.shell.isMaximized()")).error.code, "ERR_BAD_RESPONSE");
    assert.match(reported.at(-1).message, /sync channel returned a promise/);
    handlers.shell.isMaximized = async () => true;
    assert.throws(() => register(), {
      name: "TypeError",
      message:
        "registerIpc: options.handlers.shell.isMaximized must not be async: shell:isMaximized is a sync channel, and the page is blocked until it answers",
    });
  });

  it("traces a sendSync with its kind and code", () => {
    const records = [];
    register({ trace: (record) => records.push(record) });
    backend.answers.set("settings:theme", () => JSON.stringify({ ok: true, value: "dark" }));
    doc.page.run("window.settings.theme()");
    assert.equal(records.length, 1);
    assert.equal(records[0].kind, "sendSync");
    assert.equal(records[0].channel, "settings:theme");
    assert.equal(records[0].code, "OK");
  });

  it("removes its listener on dispose", () => {
    const registration = register();
    assert.equal(app.electron.ipcMain.listenerCount("settings:theme"), 1);
    registration();
    assert.equal(app.electron.ipcMain.listenerCount("settings:theme"), 0);
  });
});
