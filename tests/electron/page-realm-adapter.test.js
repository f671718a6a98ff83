"use strict";
// The generated preload defines each service in the page's world with the
// page-realm adapter (contextBridge.executeInMainWorld, Electron 35+), and
// falls back to exposeInMainWorld on an older Electron: in both, the page
// gets the same object, read-only, frozen, of page-realm functions, and
// its calls work. (docs/wire.md, "The page-realm adapter".)

const assert = require("node:assert/strict");
const path = require("node:path");
const { afterEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

const GENERATED = path.join(__dirname, "..", "..", "ipc-codegen", "tests", "fixtures", "todos", "expected");
const ORIGIN = "https://app.example";

let app;
afterEach(() => app?.dispose());

/** The golden todos glue in an app of `electronVersion`, with a backend answering `{ echo: args }`. */
async function open(electronVersion) {
  app = createApp({ electronVersion });
  const main = app.loadMain(path.join(GENERATED, "main.cjs"));
  main.registerIpc({
    backend: { call: (_channel, argsJson) => JSON.stringify({ ok: true, value: { echo: JSON.parse(argsJson) } }) },
    allowedOrigins: [ORIGIN],
  });
  const preload = path.join(GENERATED, "preload.js");
  const win = new app.electron.BrowserWindow({ webPreferences: main.secureWebPreferences({ preload }) });
  await win.loadURL(`${ORIGIN}/index.html`);
  const doc = app.renderer(win);
  assert.deepEqual(doc.errors, []);
  assert.deepEqual(
    doc.console.filter((entry) => entry.level === "error"),
    [],
  );
  return doc;
}

for (const [electronVersion, how] of [
  [45, "the page-realm adapter (executeInMainWorld)"],
  [34, "exposeInMainWorld, on an Electron without executeInMainWorld"],
]) {
  describe(`window.todos through ${how}`, () => {
    it("is a read-only, non-configurable, frozen object of page-realm functions", async () => {
      const doc = await open(electronVersion);
      const descriptor = Object.getOwnPropertyDescriptor(doc.page.global, "todos");
      assert.equal(descriptor.writable, false);
      assert.equal(descriptor.configurable, false);
      assert.equal(descriptor.enumerable, true);
      const api = descriptor.value;
      assert.ok(Object.isFrozen(api));
      assert.equal(Object.getPrototypeOf(api), doc.page.intrinsics.Object.prototype);
      for (const [name, member] of Object.entries(api)) {
        assert.equal(typeof member, "function", name);
        assert.ok(Object.isFrozen(member), name);
        assert.equal(member.constructor, doc.page.intrinsics.Function, name);
      }
      assert.equal(
        doc.page.run("(() => { 'use strict'; try { window.todos = 1; } catch (e) { return e.name; } })()"),
        "TypeError",
      );
      assert.equal(doc.page.run("delete window.todos"), false);
    });

    it("calls through to main", async () => {
      const doc = await open(electronVersion);
      const value = await doc.evaluate('window.todos.add("milk").then((v) => JSON.stringify(v))');
      assert.deepEqual(JSON.parse(value), { echo: ["milk"] });
    });
  });
}
