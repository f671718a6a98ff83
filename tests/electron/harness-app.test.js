'use strict';
// Self-test of the harness's app root: `loadFile` with a relative path
// resolves against the folder of the main script, as Electron resolves it
// against `app.getAppPath()`, whatever the working directory is.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');
const { createApp } = require('./harness');

test('loadFile resolves a relative path against the app root, not the working directory', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-app-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Root</title><p id="here">here</p>');
  fs.writeFileSync(
    path.join(root, 'main.js'),
    "const { app, BrowserWindow } = require('electron');\n" +
      "app.whenReady().then(() => new BrowserWindow().loadFile('index.html'));\n",
  );
  const app = createApp();
  try {
    assert.notEqual(process.cwd(), root);
    app.loadMain(path.join(root, 'main.js'));
    await app.idle();
    const [win] = app.electron.BrowserWindow.getAllWindows();
    assert.equal(app.electron.app.getAppPath(), root);
    assert.equal(win.webContents.getURL(), `file://${path.join(root, 'index.html')}`);
    assert.equal(app.renderer(win).document.querySelector('#here').textContent, 'here');
  } finally {
    app.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
