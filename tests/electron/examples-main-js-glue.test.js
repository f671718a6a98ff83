"use strict";
// The main glue's handling of main-process JavaScript services, on the
// seed-patterns example's generated files with a scripted backend: the
// backend validates before the handler runs, what a handler throws, and
// the typed emitters of `registerIpc(…).events`, and, with the example's
// real addon, the Rust types checking the events emitted from JavaScript.
// The example picks the `bigint` policy, under which the glue has the
// backend check (and encode again) what handlers answer and events carry:
// the scripted backend's `checkAnswer` and `checkEvent` pass the values on
// as they are, as the addon does for values without 64-bit integers.

/** A scripted check that accepts `json`, the JSON array of the values, as they are. */
const accepted = (json) => `{"ok":true,"value":${json}}`;

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

const GENERATED = path.join(__dirname, "..", "..", "examples", "seed-patterns", "generated");
const ORIGIN = "https://app.example";
const ADDON = path.join(__dirname, "..", "..", "examples", "seed-patterns", "core.node");
const noAddon =
  !fs.existsSync(ADDON) &&
  `the example's addon is not built (cargo run -p electron-ipc-codegen -- build-addon -p seed-patterns-example --out ${path.relative(process.cwd(), ADDON)})`;

describe("main-js services in the generated main glue", () => {
  let app;
  let main;
  let calls;
  let verdict;
  let handled;
  let reported;
  let registration;
  let doc;
  let openFile;

  beforeEach(async () => {
    app = createApp();
    main = app.loadMain(path.join(GENERATED, "main.cjs"));
    calls = [];
    handled = [];
    reported = [];
    verdict = () => '{"ok":true,"value":null}';
    openFile = async () => "/tmp/a.txt";
    registration = main.registerIpc({
      backend: {
        call: (channel, argsJson) => {
          calls.push([channel, argsJson]);
          return verdict(channel, argsJson);
        },
        checkAnswer: (_channel, answerJson) => accepted(answerJson.slice(1, -1)),
        checkEvent: (_channel, argsJson) => accepted(argsJson),
      },
      allowedOrigins: [ORIGIN],
      onError: (error) => reported.push(error),
      handlers: {
        titleBar: { setTitle: (...args) => handled.push(["setTitle", ...args]) },
        files: { openFile: (...args) => openFile(...args) },
        counter: { counterValue: (...args) => handled.push(["counterValue", ...args]) },
        peers: { openWindow: () => {} },
      },
    });
    const win = new app.electron.BrowserWindow({
      webPreferences: main.secureWebPreferences({ preload: path.join(GENERATED, "preload.js") }),
    });
    await win.loadURL(`${ORIGIN}/index.html`);
    doc = app.renderer(win);
  });
  afterEach(() => {
    registration();
    app.dispose();
  });

  const settled = (code) => doc.page.run(`(${code}).then((value) => ({ value }), (error) => ({ error }))`);

  it("asks the backend first, then runs the handler with the JSON arguments and the sender", async () => {
    doc.page.run('window.titleBar.setTitle("hi")');
    await app.idle();
    assert.deepEqual(calls, [["titleBar:setTitle", '["hi"]']]);
    assert.equal(handled.length, 1);
    assert.equal(handled[0][1], "hi");
    assert.equal(handled[0][2].origin, ORIGIN);
  });

  it("never runs the handler when the backend refuses the arguments", async () => {
    verdict = () =>
      JSON.stringify({
        ok: false,
        error: { code: "ERR_BAD_ARGUMENTS", message: "bad", data: { index: 0, path: "." } },
      });
    doc.page.run('window.counter.counterValue("x")');
    const { error } = await settled("window.files.openFile()");
    await app.idle();
    assert.deepEqual(handled, []);
    assert.equal(error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(reported.length, 1, "the refused send is reported");
  });

  it("answers the value, an ERR_HANDLER with data, or an ERR_PANIC that hides the message", async () => {
    assert.deepEqual({ ...(await settled("window.files.openFile()")) }, { value: "/tmp/a.txt" });

    openFile = async () => {
      throw Object.assign(new Error("no access"), { data: { Denied: { path: "/root" } } });
    };
    const typed = (await settled("window.files.openFile()")).error;
    assert.equal(typed.code, "ERR_HANDLER");
    assert.equal(typed.message, "no access");
    assert.deepEqual(JSON.parse(JSON.stringify(typed.data)), { Denied: { path: "/root" } });

    openFile = () => {
      throw new Error("ENOENT: /home/secret/config");
    };
    const untyped = (await settled("window.files.openFile()")).error;
    assert.equal(untyped.code, "ERR_PANIC");
    assert.doesNotMatch(JSON.stringify(untyped), /secret/);
    assert.match(reported.at(-1).message, /secret/, "onError gets the details");

    openFile = async () => new Map();
    assert.equal((await settled("window.files.openFile()")).error.code, "ERR_BAD_RESPONSE");
  });

  it('emits main-process events to "all", a WebContents or a frame, strictly', async () => {
    doc.page.run("globalThis.seen = []; window.counter.onUpdateCounter((v) => seen.push(v))");
    const [win] = app.electron.BrowserWindow.getAllWindows();
    registration.events.counter.updateCounter("all", 1);
    registration.events.counter.updateCounter(win.webContents, 2);
    registration.events.counter.updateCounter(win.webContents.mainFrame, 3);
    await app.idle();
    assert.deepEqual([...doc.page.run("seen")], [1, 2, 3]);

    assert.throws(() => registration.events.counter.updateCounter(win, 4), /target must be/);
    assert.throws(() => registration.events.counter.updateCounter("all"), /expects a target and 1 argument/);
    assert.throws(() => registration.events.counter.updateCounter("all", Number.NaN), /NaN/);
    assert.equal(registration.dispose, registration);
    registration.dispose();
    assert.throws(() => registration.events.counter.updateCounter("all", 5), /disposed/);
  });

  it("asks the backend's checkEvent before emitting, and sends nothing it refuses", async () => {
    doc.page.run("globalThis.seen = []; window.counter.onUpdateCounter((v) => seen.push(v))");
    registration();
    const checked = [];
    let eventVerdict = accepted("[7]");
    registration = main.registerIpc({
      backend: {
        call: () => '{"ok":true,"value":null}',
        checkEvent: (channel, argsJson) => {
          checked.push([channel, argsJson]);
          return eventVerdict;
        },
      },
      allowedOrigins: [ORIGIN],
      handlers: {
        titleBar: { setTitle: () => {} },
        files: { openFile: () => null },
        counter: { counterValue: () => {} },
        peers: { openWindow: () => {} },
      },
    });
    registration.events.counter.updateCounter("all", 7);
    await app.idle();
    assert.deepEqual(checked, [["counter:updateCounter", "[7]"]]);
    assert.deepEqual([...doc.page.run("seen")], [7]);

    eventVerdict = JSON.stringify({
      ok: false,
      error: {
        code: "ERR_BAD_ARGUMENTS",
        message: "invalid argument `value`",
        data: { index: 0, argument: "value", path: "." },
      },
    });
    assert.throws(
      () => registration.events.counter.updateCounter("all", 8),
      (error) =>
        error instanceof TypeError &&
        /counter:updateCounter: the event does not match the Rust types.*invalid argument `value`/.test(
          error.message,
        ) &&
        error.code === "ERR_BAD_ARGUMENTS" &&
        error.data.path === ".",
    );
    eventVerdict = Promise.resolve(accepted("[9]"));
    assert.throws(() => registration.events.counter.updateCounter("all", 9), /not an envelope/);
    await app.idle();
    assert.deepEqual([...doc.page.run("seen")], [7], "nothing refused was delivered");
  });
});

describe("main-js events checked by the example's real addon", { skip: noAddon }, () => {
  let app;
  let registration;
  let doc;

  beforeEach(async () => {
    app = createApp();
    const main = app.loadMain(path.join(GENERATED, "main.cjs"));
    const backend = require(ADDON);
    assert.equal(typeof backend.checkEvent, "function", "the addon exports checkEvent");
    registration = main.registerIpc({
      backend,
      allowedOrigins: [ORIGIN],
      handlers: {
        titleBar: { setTitle: () => {} },
        files: { openFile: () => null },
        counter: { counterValue: () => {} },
        peers: { openWindow: () => {} },
      },
    });
    const win = new app.electron.BrowserWindow({
      webPreferences: main.secureWebPreferences({ preload: path.join(GENERATED, "preload.js") }),
    });
    await win.loadURL(`${ORIGIN}/index.html`);
    doc = app.renderer(win);
    doc.page.run("globalThis.seen = []; window.counter.onUpdateCounter((v) => seen.push(v))");
  });
  afterEach(() => {
    registration();
    app.dispose();
  });

  it("delivers a payload the Rust types accept", async () => {
    registration.events.counter.updateCounter("all", -3);
    await app.idle();
    assert.deepEqual([...doc.page.run("seen")], [-3]);
  });

  it("throws for a payload the Rust types refuse, with the path, and delivers nothing", async () => {
    assert.throws(
      () => registration.events.counter.updateCounter("all", "not a number"),
      (error) =>
        error instanceof TypeError &&
        error.code === "ERR_BAD_ARGUMENTS" &&
        error.data.argument === "value" &&
        error.data.path === "." &&
        /^counter:updateCounter: the event does not match the Rust types, nothing was sent: invalid argument `value`/.test(
          error.message,
        ),
    );
    // A number JSON carries but an i32 cannot hold: only Rust's check sees it.
    assert.throws(() => registration.events.counter.updateCounter("all", 2 ** 31), /expected i32/);
    await app.idle();
    assert.deepEqual([...doc.page.run("seen")], [], "nothing was delivered");
    registration.events.counter.updateCounter("all", 1);
    await app.idle();
    assert.deepEqual([...doc.page.run("seen")], [1]);
  });
});
