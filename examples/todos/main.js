// @ts-check
// The main process of the todos example. The list lives in Rust: this
// folder's crate is built into `core.node` (`npm run build`), whose router
// serves every `todos:*` channel. This file only opens windows and hands
// the addon to the generated glue, which checks every sender and argument.
'use strict';

const path = require('node:path');
const { app, BrowserWindow, Menu } = require('electron');
const { registerIpc, secureWebPreferences } = require('./generated/main.js');

/** @type {import('./generated/main').IpcBackend} */
const backend = require(path.join(__dirname, 'core.node'));

const ipc = registerIpc({
  backend,
  // Pages loaded with loadFile have the origin "file://".
  allowedOrigins: ['file://'],
});

function createWindow() {
  const window = new BrowserWindow({
    width: 640,
    height: 720,
    webPreferences: secureWebPreferences({ preload: path.join(__dirname, 'generated', 'preload.js') }),
  });
  window.loadFile(path.join(__dirname, 'index.html'));
  return window;
}

function buildMenu() {
  return Menu.buildFromTemplate([
    {
      label: 'File',
      submenu: [
        // Each window shows the same list: Rust broadcasts every change.
        { label: 'New Window', accelerator: 'CmdOrCtrl+N', click: () => createWindow() },
        { label: 'Close Window', accelerator: 'CmdOrCtrl+W', click: (_item, window) => window?.close() },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => app.quit() },
      ],
    },
  ]);
}

app.whenReady().then(() => {
  Menu.setApplicationMenu(buildMenu());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => ipc.dispose());
