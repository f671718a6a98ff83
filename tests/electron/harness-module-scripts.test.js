"use strict";
// Self-tests of the page's module scripts (`<script type="module" src>`, what
// Vite writes for a page): deferred after the classic scripts, strict, and
// in a scope of their own, so a top-level `const todos` does not collide with
// the `window.todos` a preload exposed (HTML Standard, "prepare the script
// element": module scripts are deferred; ECMAScript: module code is strict
// and its declarations are module-scoped).

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");
const { createApp } = require("./harness");

async function load(files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "harness-module-"));
  for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(root, name), source);
  const app = createApp();
  const win = new app.electron.BrowserWindow({
    webPreferences: { preload: path.join(root, "preload.js"), sandbox: true, contextIsolation: true },
  });
  await win.loadFile(path.join(root, "index.html"));
  return { app, doc: app.renderer(win), cleanUp: () => fs.rmSync(root, { recursive: true, force: true }) };
}

test("a module script runs after the classic scripts, strict, with its own top-level scope", async () => {
  const { app, doc, cleanUp } = await load({
    "index.html":
      '<!doctype html><title>Modules</title><script type="module" crossorigin src="./module.js"></script><script src="./classic.js"></script>',
    "preload.js": "require('electron').contextBridge.exposeInMainWorld('todos', { kind: 'exposed' });\n",
    "classic.js": "var order = ['classic'];\n",
    "module.js": [
      "const todos = window.todos.kind;",
      "order.push('module:' + todos);",
      "window.strict = this === undefined;",
      "function helper() {}",
    ].join("\n"),
  });
  try {
    assert.deepEqual(doc.errors, []);
    assert.equal(await doc.evaluate("order.join()"), "classic,module:exposed");
    assert.equal(await doc.evaluate("window.strict"), true);
    assert.equal(await doc.evaluate("typeof helper"), "undefined", "top-level declarations stay in the module");
    assert.equal(await doc.evaluate("window.todos.kind"), "exposed");
  } finally {
    app.dispose();
    cleanUp();
  }
});

test("a module script with import (not emulated) fails loudly in errors", async () => {
  const { app, doc, cleanUp } = await load({
    "index.html": '<!doctype html><title>Modules</title><script type="module" src="./module.js"></script>',
    "preload.js": "",
    "module.js": 'import { x } from "./other.js";\nwindow.ran = x;\n',
  });
  try {
    assert.equal(doc.errors.length, 1);
    assert.equal(doc.errors[0].name, "SyntaxError");
    assert.equal(await doc.evaluate("window.ran"), undefined);
  } finally {
    app.dispose();
    cleanUp();
  }
});
