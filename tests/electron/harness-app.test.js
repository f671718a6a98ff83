"use strict";
// Self-tests of loading an app's page: `loadFile` with a relative path
// resolves against the folder of the main script, as Electron resolves it
// against `app.getAppPath()`, whatever the working directory is; the preload
// runs before the page's document is parsed, and its DOMContentLoaded
// listener sees the parsed document.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");
const { createApp } = require("./harness");

test("loadFile resolves a relative path against the app root, not the working directory", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "harness-app-"));
  fs.writeFileSync(path.join(root, "index.html"), '<!doctype html><title>Root</title><p id="here">here</p>');
  fs.writeFileSync(
    path.join(root, "main.js"),
    "const { app, BrowserWindow } = require('electron');\n" +
      "app.whenReady().then(() => new BrowserWindow().loadFile('index.html'));\n",
  );
  const app = createApp();
  try {
    assert.notEqual(process.cwd(), root);
    app.loadMain(path.join(root, "main.js"));
    await app.idle();
    const [win] = app.electron.BrowserWindow.getAllWindows();
    assert.equal(app.electron.app.getAppPath(), root);
    assert.equal(win.webContents.getURL(), `file://${path.join(root, "index.html")}`);
    assert.equal(app.renderer(win).document.querySelector("#here").textContent, "here");
  } finally {
    app.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/**
 * Loads `index.html` with `preload.js` in a sandboxed window, from a folder
 * holding `files` (name → source); returns the app, the window's document and
 * the folder.
 */
async function loadWithPreload(files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "harness-preload-"));
  for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(root, name), source);
  const app = createApp();
  const win = new app.electron.BrowserWindow({
    webPreferences: { preload: path.join(root, "preload.js"), sandbox: true, contextIsolation: true },
  });
  await win.loadFile(path.join(root, "index.html"));
  return { app, doc: app.renderer(win), root };
}

test("the preload runs before the document is parsed: an exposed key wins over an element of that id", async () => {
  const { app, doc, root } = await loadWithPreload({
    "index.html": '<!doctype html><title>Api</title><p id="api">element</p><p id="other">other</p>',
    "preload.js": "require('electron').contextBridge.exposeInMainWorld('api', { kind: 'exposed' });\n",
  });
  try {
    assert.deepEqual(doc.errors, []);
    assert.equal(await doc.evaluate("window.api.kind"), "exposed");
    assert.equal(await doc.evaluate("window.api instanceof HTMLElement"), false);
    // The element is still in the document, and other ids stay named properties.
    assert.equal(doc.document.getElementById("api").textContent, "element");
    assert.equal(await doc.evaluate("window.other.textContent"), "other");
  } finally {
    app.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a preload's DOMContentLoaded listener fires after the page's scripts and sees the document", async () => {
  const { app, doc, root } = await loadWithPreload({
    "index.html": '<!doctype html><title>Ready</title><p id="greeting">hello</p><script src="page.js"></script>',
    "page.js": "document.body.dataset.page = 'ran';\n",
    "preload.js":
      "const { contextBridge } = require('electron');\n" +
      "const seen = { atPreload: document.getElementById('greeting') === null, fired: [] };\n" +
      "window.addEventListener('DOMContentLoaded', () => {\n" +
      "  seen.fired.push({ text: document.getElementById('greeting').textContent, readyState: document.readyState, page: document.body.dataset.page });\n" +
      "});\n" +
      "contextBridge.exposeInMainWorld('probe', { seen: () => seen });\n",
  });
  try {
    assert.deepEqual(doc.errors, []);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const seen = await doc.evaluate("JSON.stringify(window.probe.seen())");
    assert.deepEqual(JSON.parse(seen), {
      atPreload: true,
      fired: [{ text: "hello", readyState: "interactive", page: "ran" }],
    });
  } finally {
    app.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
