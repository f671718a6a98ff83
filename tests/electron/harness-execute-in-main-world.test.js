"use strict";
// Self-tests of the harness: contextBridge.executeInMainWorld, played as
// ExecuteInWorld of electron_api_context_bridge.cc does it (Electron 35+,
// electron/electron#45229) and as Electron's spec checks it
// (spec/api-context-bridge-spec.ts, "executeInMainWorld").

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { afterEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

// The preload records what each call gave (or threw) in `results`, a
// global of the isolated world the tests read.
const PRELOAD = `
const { contextBridge } = require("electron");
const results = {};
globalThis.results = results;
const attempt = (name, run) => {
  try {
    const value = run();
    results[name] = { ok: true, value };
  } catch (error) {
    results[name] = { ok: false, name: error.constructor.name, message: error.message,
      isolatedError: error instanceof Error };
  }
};
const secret = "preload closure";
attempt("closure", () => contextBridge.executeInMainWorld({ func: () => typeof secret }));
attempt("pageGlobal", () => contextBridge.executeInMainWorld({
  func: (key, value) => { globalThis[key] = value; return Object.getOwnPropertyNames(globalThis).includes(key); },
  args: ["fromPreload", 42],
}));
attempt("thisIsNull", () => contextBridge.executeInMainWorld({ func: function () { "use strict"; return this === null; } }));
attempt("sameArgumentOnce", () => {
  const shared = {};
  return contextBridge.executeInMainWorld({ func: (a, b) => a === b, args: [shared, shared] });
});
attempt("resultIsCopied", () => {
  const value = contextBridge.executeInMainWorld({ func: () => ({ list: [1, 2], nested: { deep: true } }) });
  return value.constructor === Object && Array.isArray(value.list) && value.nested.deep === true;
});
attempt("argumentIsPageObject", () =>
  contextBridge.executeInMainWorld({ func: (value) => value.constructor === Object, args: [{ a: 1 }] }));
const calls = [];
attempt("callbackProxied", () => {
  contextBridge.executeInMainWorld({ func: (callback) => callback("from the page"), args: [(text) => calls.push(text)] });
  return calls.join();
});
attempt("functionResultProxied", () => {
  const add = contextBridge.executeInMainWorld({ func: () => (a, b) => a + b });
  return add(2, 3);
});
attempt("internalToString", () => {
  const func = () => "original";
  func.toString = () => "() => 'replaced'";
  return contextBridge.executeInMainWorld({ func });
});
attempt("throws", () => contextBridge.executeInMainWorld({ func: () => { throw new RangeError("boom"); } }));
attempt("throwsString", () => contextBridge.executeInMainWorld({ func: () => { throw "plain"; } }));
attempt("compileError", () => contextBridge.executeInMainWorld({ func: { method() { return 1; } }.method }));
attempt("bridgedFunction", () => {
  const fromPage = contextBridge.executeInMainWorld({ func: () => () => 1 });
  return contextBridge.executeInMainWorld({ func: fromPage });
});
attempt("resultCannotCross", () => contextBridge.executeInMainWorld({ func: () => new WeakMap() }));
attempt("argumentCannotCross", () => contextBridge.executeInMainWorld({ func: () => 1, args: [1, new WeakMap()] }));
attempt("noFunc", () => contextBridge.executeInMainWorld({}));
attempt("notAScript", () => contextBridge.executeInMainWorld(7));
attempt("argsNotArray", () => contextBridge.executeInMainWorld({ func: () => 1, args: { 0: 1 } }));
attempt("callbackIsPageFunction", () => contextBridge.executeInMainWorld({
  func: (callback) => {
    globalThis.callbackProbe = Object.getPrototypeOf(callback) === Function.prototype && callback.constructor === Function;
  },
  args: [() => 1],
}));
attempt("argsUndefined", () => contextBridge.executeInMainWorld({ func: () => 1, args: undefined }));
`;

let app;
let root;
afterEach(() => {
  app?.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
  app = undefined;
  root = undefined;
});

/** Loads PRELOAD in a window of an app of `electronVersion`; `html`: load a file page (jsdom) instead of a URL. */
async function load({ electronVersion, html } = {}) {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "harness-execute-"));
  fs.writeFileSync(path.join(root, "preload.js"), PRELOAD);
  fs.writeFileSync(path.join(root, "index.html"), "<!doctype html><title>Page</title><p>hi</p>");
  app = createApp({ electronVersion });
  const win = new app.electron.BrowserWindow({ webPreferences: { preload: path.join(root, "preload.js") } });
  if (html) await win.loadFile(path.join(root, "index.html"));
  else await win.loadURL("https://app.example/");
  return app.renderer(win);
}

const results = (doc) => JSON.parse(doc.isolated.run("JSON.stringify(results)"));

for (const html of [false, true]) {
  describe(`contextBridge.executeInMainWorld (${html ? "a page with a DOM" : "a page without a DOM"})`, () => {
    it("runs the function by its source in the page's world, with null as this", async () => {
      const doc = await load({ html });
      const got = results(doc);
      // Serialized: the preload's closure is lost.
      assert.deepEqual(got.closure, { ok: true, value: "undefined" });
      // Run in the page: what it defines is the page's; the preload's global stays apart.
      assert.deepEqual(got.pageGlobal, { ok: true, value: true });
      assert.equal(await doc.evaluate("window.fromPreload"), 42);
      assert.equal(doc.isolated.run("typeof fromPreload"), "undefined");
      assert.deepEqual(got.thisIsNull, { ok: true, value: true });
      // The intrinsic Function.prototype.toString, not the function's own.
      assert.deepEqual(got.internalToString, { ok: true, value: "original" });
    });

    it("copies arguments and results by the bridge's rules", async () => {
      const got = results(await load({ html }));
      assert.deepEqual(got.sameArgumentOnce, { ok: true, value: true });
      assert.deepEqual(got.resultIsCopied, { ok: true, value: true });
      assert.deepEqual(got.argumentIsPageObject, { ok: true, value: true });
      assert.deepEqual(got.callbackProxied, { ok: true, value: "from the page" });
      assert.deepEqual(got.functionResultProxied, { ok: true, value: 5 });
    });

    it("throws Electron's errors in the isolated world", async () => {
      const got = results(await load({ html }));
      const error = (name, message) => ({ ok: false, name, message, isolatedError: true });
      assert.deepEqual(got.throws, error("Error", "RangeError: boom"));
      assert.deepEqual(got.throwsString, error("Error", "plain"));
      assert.equal(got.compileError.ok, false);
      assert.match(got.compileError.message, /^SyntaxError: /);
      // A bridged function serializes as native code, which does not compile.
      assert.equal(got.bridgedFunction.ok, false);
      assert.match(got.bridgedFunction.message, /^SyntaxError: /);
      assert.deepEqual(got.resultCannotCross, error("Error", "Error: An object could not be cloned."));
      assert.deepEqual(got.argumentCannotCross, error("Error", "Failed to proxy argument at index 1"));
      assert.deepEqual(got.noFunc, error("TypeError", "Function 'func' is required in script"));
      assert.deepEqual(got.notAScript, error("TypeError", "Invalid script"));
      assert.deepEqual(got.argsNotArray, error("TypeError", "'args' must be an array"));
      // gin's Get finds a present `args: undefined`, which is not an array.
      assert.deepEqual(got.argsUndefined, error("TypeError", "'args' must be an array"));
    });

    it("gives the page nothing of the preload's world", async () => {
      const doc = await load({ html });
      // The page sees only what the functions defined; no trace of the bridge.
      assert.equal(
        await doc.evaluate("typeof results + typeof require + typeof contextBridge"),
        "undefinedundefinedundefined",
      );
      // A function the preload passed is a function of the page's realm:
      // walking its constructor finds the page's Function, not another world's.
      assert.equal(await doc.evaluate("window.callbackProbe"), true);
    });
  });
}

describe("an Electron before 35", () => {
  it("has no contextBridge.executeInMainWorld", async () => {
    const doc = await load({ electronVersion: 34 });
    const got = results(doc);
    assert.equal(got.closure.ok, false);
    assert.match(got.closure.message, /executeInMainWorld is not a function/);
    assert.equal(await doc.evaluate("typeof window.fromPreload"), "undefined");
  });
});
