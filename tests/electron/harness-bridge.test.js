"use strict";
// Self-tests of the harness: the sandboxed preload and contextBridge.

const assert = require("node:assert/strict");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

const PROBE = path.join(__dirname, "fixtures", "probe-preload.js");

let app;
let doc;
beforeEach(async () => {
  app = createApp();
  const win = new app.electron.BrowserWindow({ webPreferences: { preload: PROBE } });
  await win.loadURL("https://app.example/");
  doc = app.renderer(win);
  assert.deepEqual(doc.errors, [], "the probe preload loads");
});
afterEach(() => app.dispose());

describe("sandboxed preload", () => {
  it("requires only electron, events, timers and url", () => {
    const results = doc.isolated.run("JSON.stringify(requireResults)");
    const allowed = [
      "electron",
      "electron/renderer",
      "events",
      "node:events",
      "timers",
      "node:timers",
      "url",
      "node:url",
    ];
    for (const [name, result] of Object.entries(JSON.parse(results))) {
      if (allowed.includes(name)) assert.equal(result, "ok", name);
      else assert.equal(result, `Error: module not found: ${name}`, name);
    }
  });

  it("gives a process object without Node internals and no Buffer", () => {
    assert.equal(doc.isolated.run("preloadProcess.type"), "renderer");
    assert.equal(doc.isolated.run("preloadProcess.sandboxed"), true);
    for (const member of ["binding", "_linkedBinding", "dlopen", "mainModule", "exit", "kill"]) {
      assert.equal(doc.isolated.run(`typeof preloadProcess.${member}`), "undefined", member);
    }
    assert.equal(doc.isolated.run("preloadBuffer"), "undefined");
  });

  it("makes ipcRenderer an EventEmitter of the events module", () => {
    assert.equal(doc.isolated.run("ipcRendererIsEmitter"), true);
  });

  it("keeps the preload world apart from the page", () => {
    assert.equal(doc.page.run("typeof requireResults"), "undefined");
    assert.equal(doc.page.run("typeof require"), "undefined");
    assert.equal(doc.page.run("typeof process"), "undefined");
  });

  it("loads a failing preload as Electron does: logged, page still usable", async () => {
    const other = createApp();
    const win = new other.electron.BrowserWindow({
      webPreferences: { preload: path.join(__dirname, "no-such-preload.js") },
    });
    await win.loadURL("https://app.example/");
    const broken = other.renderer(win);
    assert.equal(broken.errors.length, 1);
    assert.match(broken.console[0].text, /^Unable to load preload script: /);
    assert.equal(await broken.evaluate("1 + 1"), 2);
    other.dispose();
  });
});

describe("contextBridge.exposeInMainWorld", () => {
  it("copies data into page-realm objects, deep-frozen and read-only", () => {
    const probe = doc.page.global.probe;
    const pageObject = doc.page.intrinsics.Object.prototype;
    const pageArray = doc.page.intrinsics.Array.prototype;
    assert.equal(Object.getPrototypeOf(probe), pageObject);
    assert.equal(Object.getPrototypeOf(probe.nested), pageObject);
    assert.equal(Object.getPrototypeOf(probe.nested.list), pageArray);
    assert.equal(Object.getPrototypeOf(probe.nested.list[1]), pageObject);
    assert.ok(Object.isFrozen(probe) && Object.isFrozen(probe.nested.list[1]));
    assert.equal(doc.page.run("window.probe.number = 2; window.probe.number"), 1);
    assert.equal(doc.page.run("window.probe = 0; typeof window.probe"), "object");
    assert.equal(
      doc.isolated.run("secondExposeError"),
      "Cannot bind an API on top of an existing property on the window object",
    );
  });

  it("drops prototypes of class instances, passes symbols through (values and keys), reads getters once", () => {
    assert.equal(doc.page.run("JSON.stringify(window.probe.point)"), '{"x":1}');
    assert.equal(doc.page.run("typeof window.probe.point.norm"), "undefined");
    // Electron's spec: "should proxy symbols", "… such that symbol key lookup works".
    assert.equal(doc.page.run("window.probe.symbolValue.description"), "secret");
    assert.equal(doc.page.run("Object.getOwnPropertySymbols(window.probe)[0] === window.probe.symbolValue"), true);
    assert.equal(doc.page.run("window.probe[window.probe.symbolValue]"), "hidden");
    assert.equal(doc.page.run("window.probe.counted + window.probe.counted"), 2);
  });

  it("structured-clones other values into the page realm", () => {
    assert.equal(doc.page.run("window.probe.map instanceof Map && window.probe.map.get(1)"), "one");
    assert.equal(doc.page.run("window.probe.date instanceof Date && window.probe.date.getTime()"), 0);
    assert.equal(doc.page.run("window.probe.bytes instanceof Uint8Array && window.probe.bytes.join()"), "1,2,3");
  });

  it("proxies functions: page-realm functions, arguments copied into the isolated realm", () => {
    assert.equal(doc.page.run("window.probe.echo.constructor === Function"), true);
    assert.equal(doc.page.run("Object.getPrototypeOf(window.probe.echo) === Function.prototype"), true);
    const described = doc.page.run("window.probe.describe({ a: 1 })");
    assert.equal(Object.getPrototypeOf(described), doc.page.intrinsics.Object.prototype);
    assert.equal(described.isolatedObject, true);
    assert.equal(doc.page.run("window.probe.describe([1]).isolatedArray"), true);
    const echoed = doc.page.run(
      "const input = { a: [1] }; const out = window.probe.echo(input); [out !== input, out.a[0]]",
    );
    assert.deepEqual([...echoed], [true, 1]);
  });

  it("calls page callbacks through a proxy and returns page functions", () => {
    assert.equal(doc.page.run("window.probe.callBack((v) => v * 2, 21)"), 42);
    assert.equal(doc.page.run("window.probe.returnFunction()(2, 3)"), 5);
    assert.equal(doc.page.run("window.probe.returnFunction().constructor === Function"), true);
  });

  it("unwraps a function that comes back to its own realm", () => {
    assert.equal(
      doc.page.run("const f = () => 1; window.probe.keepFunction(f); window.probe.giveBackKept() === f"),
      true,
    );
  });

  it("reduces a thrown Error to its message, as an Error of the page", () => {
    const error = doc.page.run("try { window.probe.throwCoded() } catch (e) { e }");
    assert.ok(doc.page.owns(error));
    assert.equal(error instanceof doc.page.intrinsics.Error, true);
    assert.equal(error.message, "coded failure");
    assert.equal(error.code, undefined);
    assert.equal(error.data, undefined);
    const fromString = doc.page.run("try { window.probe.throwString() } catch (e) { e }");
    assert.match(fromString.message, /^An unknown exception occurred in the isolated context/);
  });

  it("proxies promises: values copied, Error rejections reduced, plain rejections kept", async () => {
    const resolved = await doc.evaluate("window.probe.resolveLater([1, 2])");
    assert.equal(Object.getPrototypeOf(resolved), doc.page.intrinsics.Object.prototype);
    assert.deepEqual([...resolved.value], [1, 2]);
    const rejected = await doc.evaluate("window.probe.rejectError().catch((e) => e)");
    assert.ok(doc.page.owns(rejected));
    assert.equal(rejected.message, "rejected");
    assert.equal(rejected.code, undefined);
    const plain = await doc.evaluate("window.probe.rejectPlain().catch((e) => e)");
    assert.ok(doc.page.owns(plain));
    assert.equal(plain instanceof doc.page.intrinsics.Error, false);
    assert.equal(plain.code, "E_PLAIN");
    assert.equal(plain.data.n, 1);
  });

  it("copies ipcRenderer as an empty object (electron/electron#40330)", () => {
    assert.equal(doc.page.run("JSON.stringify(window.probe.ipcRendererItself())"), "{}");
    assert.equal(doc.page.run("typeof window.probe.ipcRendererItself().invoke"), "undefined");
  });

  it("throws for values the structured clone refuses", () => {
    const error = doc.page.run("try { window.probe.echo(new WeakMap()) } catch (e) { e }");
    assert.ok(doc.page.owns(error));
    assert.equal(error.message, "An object could not be cloned.");
  });
});

describe("page realm", () => {
  it("offers no route to the harness or Node", () => {
    for (const code of [
      'this.constructor.constructor("return process")()',
      'Function("return process")()',
      'window.probe.echo.constructor("return process")()',
      'window.probe.constructor.constructor("return require")()',
      'setTimeout.constructor("return process")()',
      'console.log.constructor("return process")()',
    ]) {
      assert.throws(
        () => doc.page.run(code),
        (e) => e.name === "ReferenceError",
        code,
      );
    }
    assert.equal(doc.page.run('Function("return this")() === window'), true);
  });

  it("reaches only objects of its own realm from window", () => {
    const seen = new Set();
    const foreign = [];
    const page = doc.page;
    const visit = (value, where) => {
      if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return;
      seen.add(value);
      const proto = Object.getPrototypeOf(value);
      if (proto !== null && !page.owns(value)) foreign.push(where);
      visit(proto, `${where}.__proto__`);
      for (const key of Reflect.ownKeys(value)) {
        const desc = Object.getOwnPropertyDescriptor(value, key);
        if (!desc) continue;
        for (const part of ["value", "get", "set"]) visit(desc[part], `${where}.${String(key)}`);
      }
    };
    for (const key of ["probe", "window", "console", "setTimeout", "location", "queueMicrotask"]) {
      visit(page.global[key], key);
    }
    visit(page.run("window.probe.describe({})"), "describe()");
    visit(page.run("window.probe.returnFunction()"), "returnFunction()");
    assert.deepEqual(foreign, []);
  });
});
