"use strict";
// End-to-end tests of the generated code: the golden preload.js runs
// sandboxed in a window, the golden main.js runs in the fake main process
// with a plain-JavaScript backend (docs/wire.md, "The backend interface"),
// and everything is driven from page code.
//
// The tests read the schema of the fixture and pick their channels by kind,
// so they follow the fixture as it changes.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

// The golden files of the code generator (<fixture>/expected); IPC_GENERATED_DIR points at another
// output of `ipc-codegen generate <fixture>/schema.json --out <dir>` instead.
const FIXTURE = path.join(__dirname, "..", "..", "ipc-codegen", "tests", "fixtures", "todos");
const GENERATED = process.env.IPC_GENERATED_DIR || path.join(FIXTURE, "expected");
const FILES = [path.join(FIXTURE, "schema.json"), path.join(GENERATED, "preload.js"), path.join(GENERATED, "main.cjs")];
const missing = FILES.filter((file) => !fs.existsSync(file));
const skip =
  missing.length > 0 && `generated fixtures not present (${missing.map((f) => path.basename(f)).join(", ")})`;

const ORIGIN = "https://app.example";
const PAGE = `${ORIGIN}/index.html`;

/** The fixture's channels, by kind. */
function readChannels() {
  const schema = JSON.parse(fs.readFileSync(FILES[0], "utf8"));
  const service = schema.services[0];
  const of = (kind) => service.channels.filter((c) => c.kind === kind);
  const invokes = of("invoke");
  return {
    namespace: service.namespace,
    services: schema.services,
    invoke: invokes[0],
    invokeWithParams: invokes.find((c) => c.params.length > 0),
    send: of("send")[0],
    event: of("event")[0],
  };
}

const subscribeName = (channel) => `on${channel.jsName[0].toUpperCase()}${channel.jsName.slice(1)}`;
const onceName = (channel) => `once${channel.jsName[0].toUpperCase()}${channel.jsName.slice(1)}`;

/** A backend that records calls and answers what the test scripted (by default `{ echo: args }`). */
function makeBackend() {
  const backend = {
    calls: [],
    answers: new Map(),
    sink: null,
    call(channel, argsJson, sender) {
      backend.calls.push({ channel, args: JSON.parse(argsJson), argsJson, sender });
      const answer = backend.answers.get(channel);
      if (answer) return answer(JSON.parse(argsJson));
      return JSON.stringify({ ok: true, value: { echo: JSON.parse(argsJson) } });
    },
    setEventSink(sink) {
      backend.sink = sink;
    },
    emit(channel, args, target = { kind: "all" }) {
      backend.sink(channel, JSON.stringify(args), target);
    },
  };
  return backend;
}

/** Arguments for a channel: one string per parameter. */
const argsFor = (channel) => channel.params.map((_, i) => `arg${i}`);
const callCode = (ns, channel, args) => `window.${ns}.${channel.jsName}(...${JSON.stringify(args)})`;
const rejection = (promise) =>
  promise.then(
    () => assert.fail("expected a rejection"),
    (e) => e,
  );

describe("generated preload and main glue", { skip }, () => {
  let app;
  let main;
  let backend;
  let reported;
  let dispose;
  let win;
  let doc;
  let ch;

  const openWindow = async (url, preferences = {}) => {
    const w = new app.electron.BrowserWindow({
      webPreferences: main.secureWebPreferences({ preload: FILES[1], ...preferences }),
    });
    await w.loadURL(url);
    return w;
  };

  beforeEach(async () => {
    ch = readChannels();
    app = createApp();
    main = app.loadMain(FILES[2]);
    backend = makeBackend();
    reported = [];
    dispose = main.registerIpc({ backend, allowedOrigins: [ORIGIN], onError: (error) => reported.push(error) });
    win = await openWindow(PAGE);
    doc = app.renderer(win);
    assert.deepEqual(doc.errors, [], "the generated preload loads in a sandbox");
  });
  afterEach(() => {
    dispose();
    app.dispose();
  });

  describe("what the page sees", () => {
    it("exposes one frozen page-realm object per service, with one function per channel", () => {
      for (const service of ch.services) {
        const api = doc.page.global[service.namespace];
        assert.equal(Object.getPrototypeOf(api), doc.page.intrinsics.Object.prototype);
        assert.ok(Object.isFrozen(api));
        const expected = service.channels.flatMap((c) =>
          c.kind === "event" ? [subscribeName(c), onceName(c)] : [c.jsName],
        );
        if (service.channels.some((c) => c.kind === "event")) expected.push("removeAllListeners");
        expected.sort();
        assert.deepEqual(Object.keys(api).sort(), expected);
        for (const name of expected) {
          assert.equal(typeof api[name], "function", name);
          assert.equal(api[name].constructor, doc.page.intrinsics.Function, name);
        }
      }
    });

    it("leaves no route to ipcRenderer, require, process or a generic invoke", () => {
      const ns = ch.namespace;
      for (const code of [
        "typeof require",
        "typeof process",
        "typeof ipcRenderer",
        "typeof module",
        "typeof Buffer",
        `typeof window.${ns}.invoke`,
        `typeof window.${ns}.send`,
        `typeof window.${ns}.ipcRenderer`,
        'typeof Function("return this")().ipcRenderer',
        'typeof Function("return this")().require',
      ]) {
        assert.equal(doc.page.run(code), "undefined", code);
      }
      for (const code of [
        `window.${ns}.${ch.invoke.jsName}.constructor("return process")()`,
        `window.${ns}.constructor.constructor("return require")()`,
        `window.${ns}.__proto__.constructor.constructor("return process")()`,
        `Object.getPrototypeOf(window.${ns}.${ch.invoke.jsName}).constructor("return process")()`,
        'Function("return this")().constructor.constructor("return process")()',
      ]) {
        assert.throws(
          () => doc.page.run(code),
          (e) => e.name === "ReferenceError",
          code,
        );
      }
      assert.equal(doc.page.run(`window.${ns}.__proto__ === Object.prototype`), true);
    });

    it("reaches only page-realm objects from the exposed API, its results and its errors", async () => {
      const seen = new Set();
      const foreign = [];
      const visit = (value, where) => {
        if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return;
        seen.add(value);
        if (Object.getPrototypeOf(value) !== null && !doc.page.owns(value)) foreign.push(where);
        visit(Object.getPrototypeOf(value), `${where}.__proto__`);
        for (const key of Reflect.ownKeys(value)) {
          const desc = Object.getOwnPropertyDescriptor(value, key);
          for (const part of ["value", "get", "set"]) visit(desc[part], `${where}.${String(key)}`);
        }
      };
      for (const service of ch.services) visit(doc.page.global[service.namespace], service.namespace);
      visit(await doc.evaluate(callCode(ch.namespace, ch.invoke, argsFor(ch.invoke))), "result");
      backend.answers.set(ch.invoke.channel, () =>
        JSON.stringify({ ok: false, error: { code: "ERR_HANDLER", message: "no", data: { a: [1] } } }),
      );
      visit(await rejection(doc.evaluate(callCode(ch.namespace, ch.invoke, argsFor(ch.invoke)))), "error");
      assert.deepEqual(foreign, []);
    });
  });

  describe("invoke", () => {
    it("resolves with the value of a synchronous backend, telling it who sent the call", async () => {
      const args = argsFor(ch.invoke);
      const value = await doc.evaluate(callCode(ch.namespace, ch.invoke, args));
      assert.deepEqual(JSON.parse(doc.page.run("(v) => JSON.stringify(v)")(value)), { echo: args });
      const [call] = backend.calls;
      assert.equal(call.channel, ch.invoke.channel);
      assert.equal(call.argsJson, JSON.stringify(args));
      const frame = win.webContents.mainFrame;
      // IpcSenderValues: webContentsId, processId, frameId, url, origin, isMainFrame.
      assert.deepEqual([...call.sender], [win.webContents.id, frame.processId, frame.routingId, PAGE, ORIGIN, true]);
    });

    it("resolves with the value of an asynchronous backend", async () => {
      backend.answers.set(
        ch.invoke.channel,
        () =>
          new Promise((resolve) => {
            setTimeout(() => resolve(JSON.stringify({ ok: true, value: [1, "two", null] })), 5);
          }),
      );
      const value = await doc.evaluate(callCode(ch.namespace, ch.invoke, argsFor(ch.invoke)));
      assert.deepEqual([...value], [1, "two", null]);
    });

    it("rejects with a plain object keeping code and data of a typed error", async () => {
      const data = { NotFound: { id: 3 } };
      backend.answers.set(ch.invoke.channel, () =>
        JSON.stringify({ ok: false, error: { code: "ERR_HANDLER", message: "no such todo", data } }),
      );
      const error = await rejection(doc.evaluate(callCode(ch.namespace, ch.invoke, argsFor(ch.invoke))));
      assert.ok(doc.page.owns(error));
      assert.equal(
        error instanceof doc.page.intrinsics.Error,
        false,
        "not an Error: contextBridge would drop its properties",
      );
      assert.equal(error.name, "IpcError");
      assert.equal(error.code, "ERR_HANDLER");
      assert.equal(error.message, "no such todo");
      assert.equal(error.channel, ch.invoke.channel);
      assert.deepEqual(JSON.parse(doc.page.run("(v) => JSON.stringify(v)")(error.data)), data);
    });

    it("rejects with ERR_TRANSPORT when main has no handler", async () => {
      dispose();
      const error = await rejection(doc.evaluate(callCode(ch.namespace, ch.invoke, argsFor(ch.invoke))));
      assert.equal(error.code, "ERR_TRANSPORT");
      assert.equal(error.channel, ch.invoke.channel);
      assert.deepEqual(backend.calls, []);
    });

    it("rejects a wrong number of arguments in the preload", async () => {
      // One argument more than declared is the call's options; two are too many.
      const args = [...argsFor(ch.invoke), "extra", "more"];
      const error = await rejection(doc.evaluate(callCode(ch.namespace, ch.invoke, args)));
      assert.equal(error.code, "ERR_BAD_ARGUMENTS");
      assert.equal(error.data.expected, ch.invoke.params.length);
      assert.equal(error.data.received, args.length);
      await app.idle();
      assert.deepEqual(backend.calls, []);
    });

    it("rejects call options that are not { signal?, timeout? } in the preload", async () => {
      for (const options of [
        '"extra"',
        "null",
        "[]",
        "({ timeout: -1 })",
        "({ timeout: 'soon' })",
        "({ retries: 3 })",
      ]) {
        const code = `window.${ch.namespace}.${ch.invoke.jsName}(...${JSON.stringify(argsFor(ch.invoke))}, ${options})`;
        const error = await rejection(doc.evaluate(code));
        assert.equal(error.code, "ERR_BAD_ARGUMENTS", options);
        assert.match(error.message, /options|timeout/, options);
      }
      await app.idle();
      assert.deepEqual(backend.calls, []);
    });
  });

  describe("strict conversion of arguments", () => {
    const refused = [
      ["a Map", "new Map([[1, 2]])"],
      ["a Set", "new Set([1])"],
      ["a Date", "new Date(0)"],
      ["a BigInt", "10n"],
      ["NaN", "NaN"],
      ["undefined inside an array", "[1, undefined]"],
      ["a nested Map", "({ inner: { m: new Map() } })"],
    ];
    for (const [what, expression] of refused) {
      it(`refuses ${what} with ERR_BAD_ARGUMENTS and a path`, async () => {
        const c = ch.invokeWithParams;
        assert.ok(c, "the fixture has an invoke channel with parameters");
        const args = c.params.map((_, i) => (i === 0 ? expression : '"x"')).join(", ");
        const error = await rejection(doc.evaluate(`window.${ch.namespace}.${c.jsName}(${args})`));
        assert.equal(error.code, "ERR_BAD_ARGUMENTS", error.message);
        assert.equal(error.data.index, 0);
        assert.equal(typeof error.data.path, "string");
        if (what === "a nested Map") assert.equal(error.data.path, "inner.m");
        assert.deepEqual(backend.calls, []);
      });
    }

    it("sends unsafe integers in exponent form", async () => {
      const c = ch.invokeWithParams;
      const args = c.params.map((_, i) => (i === 0 ? "2 ** 53 + 2" : '"x"')).join(", ");
      await doc.evaluate(`window.${ch.namespace}.${c.jsName}(${args})`);
      assert.match(backend.calls[0].argsJson, /^\[9\.007199254740994e\+15[,\]]/);
    });
  });

  describe("send", () => {
    it("reaches the backend and returns nothing", { skip: !readChannelsSafe().send && "no send channel" }, async () => {
      const args = argsFor(ch.send);
      assert.equal(doc.page.run(callCode(ch.namespace, ch.send, args)), undefined);
      await app.idle();
      assert.equal(backend.calls.length, 1);
      assert.equal(backend.calls[0].channel, ch.send.channel);
      assert.equal(backend.calls[0].argsJson, JSON.stringify(args));
    });
  });

  describe("events", { skip: !readChannelsSafe().event && "no event channel" }, () => {
    const payload = () => ch.event.params.map((_, i) => ({ n: i }));
    const subscribe = (d = doc) =>
      d.page.run(`
      globalThis.received = [];
      window.${ch.namespace}.${subscribeName(ch.event)}(function () { received.push([...arguments]); })`);

    it("delivers to every target kind, arguments only", async () => {
      const unsubscribe = subscribe();
      const frame = win.webContents.mainFrame;
      backend.emit(ch.event.channel, payload(), { kind: "all" });
      backend.emit(ch.event.channel, payload(), { kind: "webContents", id: win.webContents.id });
      backend.emit(ch.event.channel, payload(), {
        kind: "frame",
        processId: frame.processId,
        frameId: frame.routingId,
      });
      await app.idle();
      const received = doc.page.run("JSON.stringify(received)");
      const one = payload();
      assert.equal(received, JSON.stringify([one, one, one]));
      unsubscribe();
      backend.emit(ch.event.channel, payload());
      await app.idle();
      assert.equal(doc.page.run("received.length"), 3);
      assert.deepEqual(reported, []);
    });

    it("leaves no listener and no warning after 10,000 subscribe/unsubscribe cycles", async () => {
      doc.page.run(`
        for (let i = 0; i < 10000; i++) {
          window.${ch.namespace}.${subscribeName(ch.event)}(() => {})();
        }
        const offs = [];
        for (let i = 0; i < 50; i++) offs.push(window.${ch.namespace}.${subscribeName(ch.event)}(() => {}));
        for (const off of offs) { off(); off(); }`);
      assert.equal(doc.ipcRenderer.listenerCount(ch.event.channel), 0);
      assert.deepEqual(doc.warnings, []);
    });

    it("delivers a once subscription one time, and leaves no ipcRenderer listener behind", async () => {
      const api = `window.${ch.namespace}`;
      doc.page.run(`
        globalThis.received = [];
        ${api}.${onceName(ch.event)}(function () { received.push([...arguments]); });
        // Unsubscribed before any delivery: never called.
        ${api}.${onceName(ch.event)}(() => received.push('never'))();`);
      assert.equal(doc.ipcRenderer.listenerCount(ch.event.channel), 1);
      backend.emit(ch.event.channel, payload());
      backend.emit(ch.event.channel, payload());
      await app.idle();
      assert.equal(doc.page.run("JSON.stringify(received)"), JSON.stringify([payload()]));
      assert.equal(doc.ipcRenderer.listenerCount(ch.event.channel), 0);
      doc.page.run(`for (let i = 0; i < 10000; i++) ${api}.${onceName(ch.event)}(() => {});`);
      backend.emit(ch.event.channel, payload());
      await app.idle();
      assert.equal(doc.ipcRenderer.listenerCount(ch.event.channel), 0);
      assert.deepEqual(doc.warnings, []);
    });

    it("removeAllListeners drops every subscription of the service at once", async () => {
      const api = `window.${ch.namespace}`;
      const events = ch.services.find((s) => s.namespace === ch.namespace).channels.filter((c) => c.kind === "event");
      doc.page.run(`
        globalThis.received = [];
        ${events.map((c) => `${api}.${subscribeName(c)}(() => received.push('on')); ${api}.${onceName(c)}(() => received.push('once'));`).join("\n")}`);
      for (const c of events) assert.equal(doc.ipcRenderer.listenerCount(c.channel), 1, c.channel);
      assert.equal(doc.page.run(`${api}.removeAllListeners()`), undefined);
      for (const c of events) assert.equal(doc.ipcRenderer.listenerCount(c.channel), 0, c.channel);
      backend.emit(ch.event.channel, payload());
      await app.idle();
      assert.equal(doc.page.run("received.length"), 0);
      // The service still works: a new subscription is delivered.
      subscribe();
      backend.emit(ch.event.channel, payload());
      await app.idle();
      assert.equal(doc.page.run("received.length"), 1);
      assert.equal(doc.ipcRenderer.listenerCount(ch.event.channel), 1);
    });

    it("keeps delivering to the other listeners when one throws", async () => {
      doc.page.run(`
        globalThis.calls = [];
        window.${ch.namespace}.${subscribeName(ch.event)}(() => { calls.push(1); throw new Error('listener bug'); });
        window.${ch.namespace}.${subscribeName(ch.event)}(() => { calls.push(2); });`);
      backend.emit(ch.event.channel, payload());
      await app.idle();
      assert.deepEqual([...doc.page.run("calls")], [1, 2]);
    });

    it("skips windows of other origins and destroyed windows without throwing", async () => {
      subscribe();
      const stranger = await openWindow("https://evil.example/");
      subscribe(app.renderer(stranger));
      const gone = await openWindow(PAGE);
      subscribe(app.renderer(gone));
      gone.destroy();
      backend.emit(ch.event.channel, payload());
      await app.idle();
      assert.equal(doc.page.run("received.length"), 1);
      assert.equal(app.renderer(stranger).page.run("received.length"), 0);
      assert.deepEqual(app.uncaught, []);
    });
  });

  describe("sender checks", () => {
    const invokeFrom = (d) => rejection(d.evaluate(callCode(ch.namespace, ch.invoke, argsFor(ch.invoke))));

    it("refuses another origin with ERR_FORBIDDEN, for invoke and send", async () => {
      const stranger = app.renderer(await openWindow("https://evil.example/"));
      const error = await invokeFrom(stranger);
      assert.equal(error.code, "ERR_FORBIDDEN");
      if (ch.send) {
        stranger.page.run(callCode(ch.namespace, ch.send, argsFor(ch.send)));
        await app.idle();
      }
      assert.deepEqual(backend.calls, []);
      assert.ok(reported.every((e) => e.code === "ERR_FORBIDDEN") && reported.length >= 1);
    });

    it("does not match origins by prefix", async () => {
      const lookalike = app.renderer(await openWindow("https://app.example.evil.example/"));
      assert.equal((await invokeFrom(lookalike)).code, "ERR_FORBIDDEN");
      const port = app.renderer(await openWindow("https://app.example:8443/"));
      assert.equal((await invokeFrom(port)).code, "ERR_FORBIDDEN");
    });

    it("refuses iframes unless allowSubframes, even from a compromised renderer", async () => {
      const iframe = app.addIframe(win.webContents.mainFrame, `${ORIGIN}/frame.html`);
      const compromised = app.renderer(iframe).ipcRenderer;
      const refused = await compromised.invoke(ch.invoke.channel, ...argsFor(ch.invoke));
      assert.equal(refused.ok, false);
      assert.equal(refused.error.code, "ERR_FORBIDDEN");
      assert.deepEqual(backend.calls, []);
      main.registerIpc({ backend, allowedOrigins: [ORIGIN], allowSubframes: true, onError: (e) => reported.push(e) });
      const accepted = await compromised.invoke(ch.invoke.channel, ...argsFor(ch.invoke));
      assert.equal(accepted.ok, true);
      // IpcSenderValues: isMainFrame is the last of the six.
      assert.equal(backend.calls[0].sender[5], false);
    });

    it("refuses an about:blank child window", async () => {
      const child = app.openChildWindow(win.webContents.mainFrame);
      assert.equal(child.webContents.mainFrame.origin, ORIGIN, "inherits the opener origin");
      const error = await invokeFrom(app.renderer(child));
      assert.equal(error.code, "ERR_FORBIDDEN");
      assert.deepEqual(backend.calls, []);
    });

    it("refuses a message whose frame navigated away before it arrived", async () => {
      doc.page.run(`${callCode(ch.namespace, ch.invoke, argsFor(ch.invoke))}.catch(() => {})`);
      if (ch.send) doc.page.run(callCode(ch.namespace, ch.send, argsFor(ch.send)));
      await win.loadURL(`${ORIGIN}/next.html`);
      await app.idle();
      assert.deepEqual(backend.calls, []);
      assert.ok(reported.length >= 1 && reported.every((e) => e.code === "ERR_FORBIDDEN"));
    });
  });

  describe("registration", () => {
    it("registers again without a second-handler error, replacing the old backend", async () => {
      const next = makeBackend();
      assert.doesNotThrow(() => main.registerIpc({ backend: next, allowedOrigins: [ORIGIN] }));
      await doc.evaluate(callCode(ch.namespace, ch.invoke, argsFor(ch.invoke)));
      assert.equal(backend.calls.length, 0);
      assert.equal(next.calls.length, 1);
    });

    it("removes every handler and listener on dispose", () => {
      dispose();
      const { ipcMain } = app.electron;
      for (const service of ch.services) {
        for (const c of service.channels) {
          assert.equal(ipcMain._invokeHandlers.has(c.channel), false, c.channel);
          assert.equal(ipcMain.listenerCount(c.channel), 0, c.channel);
        }
      }
    });
  });
});

function readChannelsSafe() {
  try {
    return readChannels();
  } catch {
    return {};
  }
}
