"use strict";
// What page code can reach: the exposed functions and nothing else. No
// ipcRenderer, require, process or channel outside the allowlist; no other
// service's events; no prototype pollution in main through arguments.

const assert = require("node:assert/strict");
const { after, before, describe, it } = require("node:test");

const { start, outcome, until } = require("./support/setup.js");

describe("renderer reach", () => {
  let env;
  let win;
  let doc;
  before(async () => {
    env = start();
    win = await env.openWindow();
    doc = env.app.renderer(win);
  });
  after(() => env.stop());

  it("page code finds no ipcRenderer, require, process, Buffer or electron", () => {
    for (const name of ["ipcRenderer", "require", "process", "Buffer", "electron", "module", "exports", "global"]) {
      assert.equal(doc.page.run(`typeof ${name}`), "undefined", name);
      assert.equal(doc.page.run(`typeof window.${name}`), "undefined", name);
    }
  });

  it("the exposed API is frozen, page-realm plain functions with no way back to the preload", () => {
    const api = doc.page.global.hostile;
    assert.ok(Object.isFrozen(api));
    assert.equal(Object.getPrototypeOf(api), doc.page.intrinsics.Object.prototype);
    for (const name of Object.keys(api)) {
      const fn = api[name];
      assert.equal(fn.constructor, doc.page.intrinsics.Function, name);
      assert.equal(fn.prototype, undefined, name);
    }
    // Walking the function objects leads only to page-realm intrinsics.
    const code = `
      const api = window.hostile;
      const seen = [];
      for (const fn of Object.values(api)) {
        for (const key of Reflect.ownKeys(fn)) seen.push(String(key));
        try { seen.push(String(fn.caller)); } catch { seen.push('caller:throws'); }
      }
      JSON.stringify([...new Set(seen)].sort())`;
    const keys = JSON.parse(doc.page.run(code));
    assert.ok(
      keys.every((k) => ["length", "name", "caller:throws"].includes(k)),
      keys.join(","),
    );
    // Overwriting fails: the property is read-only, the object frozen.
    doc.page.run("try { window.hostile = {}; } catch {} try { window.hostile.u8 = () => 1; } catch {}");
    assert.equal(doc.page.global.hostile, api);
  });

  it("the only channels are the schema's: no generic invoke, and names cannot be injected", async () => {
    const names = Object.keys(doc.page.global.hostile).sort();
    assert.ok(!names.some((n) => /invoke|send|channel|ipc/i.test(n)), names.join(","));
    assert.equal(doc.page.run("typeof window.hostile.nope"), "undefined");
    // A string that looks like a channel is only ever an argument.
    const got = await outcome(doc, 'window.hostile.string("hostile:panicNow")');
    assert.deepEqual(got, { value: "hostile:panicNow" });
    const calls = await outcome(doc, 'window.hostile.pair(1, "other:hello")');
    assert.deepEqual(calls, { value: "1:other:hello" });
    // Tampering with page-realm built-ins (in a window of its own) does not
    // change what is sent.
    const other = env.app.renderer(await env.openWindow());
    other.page.run(
      'Array.prototype.join = () => "hostile:panicNow"; JSON.stringify = () => "[]"; String.prototype.toString = () => "x";',
    );
    assert.deepEqual(await outcome(other, "window.hostile.list([1, 2])"), { value: [1, 2] });
    assert.deepEqual(await outcome(other, 'window.hostile.string("s")'), { value: "s" });
  });

  it("a listener of one service never hears another service's events", async () => {
    doc.page.run(`
      window.heard = [];
      window.hostile.onPing((n) => window.heard.push('hostile:' + n));
    `);
    assert.deepEqual(await outcome(doc, "window.hostile.pingAll(41)"), { value: true });
    await until(() => doc.page.run("window.heard.length") >= 1, "the ping");
    // `other:ping` was emitted too (pingAll emits both); a later hostile
    // ping proves it was processed before we look.
    assert.deepEqual(await outcome(doc, "window.hostile.pingAll(42)"), { value: true });
    await until(() => doc.page.run("window.heard.length") >= 2, "the second ping");
    assert.deepEqual(JSON.parse(doc.page.run("JSON.stringify(window.heard)")), ["hostile:41", "hostile:42"]);
    // The page has no listener API for `other` (it is not exposed here).
    assert.equal(doc.page.run("typeof window.other"), "object");
    assert.equal(doc.page.run("typeof window.other.onPing"), "function");
  });

  it("events never hand the page the IpcRendererEvent (no sender, no ports)", async () => {
    doc.page.run(`
      window.args = [];
      window.hostile.onPing((...args) => window.args.push(args.length, typeof args[1]));
    `);
    await outcome(doc, "window.hostile.pingAll(7)");
    await until(() => doc.page.run("window.args.length") >= 2, "the ping");
    assert.deepEqual(JSON.parse(doc.page.run("JSON.stringify(window.args)")), [1, "undefined"]);
  });

  it("prototype pollution payloads change nothing in main, in any path", async () => {
    const payloads = [
      `JSON.parse('{"__proto__": {"polluted": true}}')`,
      `JSON.parse('{"name": "a", "__proto__": {"polluted": true}}')`,
      `({ name: "a", constructor: { prototype: { polluted: true } } })`,
      `JSON.parse('{"inner": {"name": "n", "tags": [], "__proto__": {"polluted": true}}, "count": 1}')`,
    ];
    for (const payload of payloads) {
      for (const method of ["any", "lenient", "map", "nested", "strict"]) {
        await outcome(doc, `window.hostile.${method}(${payload})`);
      }
    }
    // A compromised renderer skips contextBridge: structured clone keeps an
    // own `__proto__` key, the glue passes it as a plain key, Rust decodes it
    // as data, and main parses the answer with JSON.parse (own property).
    const answer = await doc.ipcRenderer.invoke(
      "hostile:any",
      doc.isolated.run(`JSON.parse('{"__proto__": {"polluted": true}}')`),
    );
    assert.equal(answer.ok, true);
    assert.equal(Object.getPrototypeOf(answer.value), doc.isolated.intrinsics.Object.prototype);
    const lenient = await doc.ipcRenderer.invoke(
      "hostile:lenient",
      doc.isolated.run(`JSON.parse('{"name": "a", "__proto__": {"polluted": true}}')`),
    );
    assert.deepEqual(JSON.parse(JSON.stringify(lenient.value)), { name: "a", note: null });
    assert.equal({}.polluted, undefined, "main realm");
    assert.equal(Object.prototype.polluted, undefined);
    assert.equal(doc.page.run("({}).polluted"), undefined, "page realm");
    assert.equal(doc.isolated.run("({}).polluted"), undefined, "preload realm");
  });

  it("a compromised renderer reaching ipcRenderer still meets the allowlist and the checks", async () => {
    const ipc = doc.ipcRenderer;
    await assert.rejects(ipc.invoke("hostile:nope"), /No handler registered for 'hostile:nope'/);
    await assert.rejects(ipc.invoke("hostile:ping", 1), /No handler registered/);
    const arity = await ipc.invoke("hostile:pair", 1);
    assert.equal(arity.error.code, "ERR_BAD_ARGUMENTS");
    const big = await ipc.invoke("hostile:u64", 2 ** 60);
    assert.equal(big.error.code, "ERR_BAD_ARGUMENTS");
    const map = await ipc.invoke("hostile:any", doc.isolated.run("new Map()"));
    assert.equal(map.error.code, "ERR_BAD_ARGUMENTS");
    assert.deepEqual(env.app.uncaught, []);
  });
});
