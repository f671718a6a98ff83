#!/usr/bin/env node
// The cost of one message from one window to another, in the Electron-
// faithful harness of tests/electron/harness (docs/wire.md, "Window-to-window
// messages"):
//   - relay: `window.peers.note.to("peer", text)` of the seed-patterns
//     example's generated preload and main glue over its real addon
//     (examples/seed-patterns/core.node): the sender checks, the sender's
//     role and rate, the payload checked and re-encoded by the Rust types,
//     the targets looked up, `frame.send` to the other window;
//   - by hand: what the tutorial's pattern 4 writes without the project, a
//     preload exposing `ipcRenderer.send("hand:note", to, text)` and an
//     `ipcMain.on` that checks the text is a string and forwards it with
//     `webContents.fromId(to).send(...)` (any page to any window id: the
//     hole SECURITY.md describes).
// Each round sends MESSAGES notes from window A (all in flight at once) and
// waits until window B's listener has them all; the figure is that time per
// message. Both rows pay the harness's own transport (its structured clone
// and task queue), which stands in for Electron's and is the larger part.
//
//   node benches/bridge/relay.js [messages per round] [rounds]
//
// It prints measurements; it does not pass or fail.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const { createApp } = require("../../tests/electron/harness");
const { machine } = require("./harness.js");

const MESSAGES = Number(process.argv[2] ?? 500);
const ROUNDS = Number(process.argv[3] ?? 15);

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "seed-patterns");
const GENERATED = path.join(EXAMPLE, "generated");
const PAGE = pathToFileURL(path.join(EXAMPLE, "index.html")).href;

/** The hand-written preload: one function to send, one to listen; no check of its own. */
const HAND_PRELOAD = `"use strict";
const { contextBridge, ipcRenderer } = require("electron");
contextBridge.exposeInMainWorld("hand", {
  note: (to, text) => ipcRenderer.send("hand:note", to, text),
  onNote: (listener) => {
    ipcRenderer.on("hand:note", (_event, from, text) => listener(from, text));
  },
});
`;

async function main() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "relay-bench-"));
  const handPreload = path.join(scratch, "hand-preload.js");
  fs.writeFileSync(handPreload, HAND_PRELOAD);
  const app = createApp();
  try {
    const glue = app.loadMain(path.join(GENERATED, "main.cjs"));
    const noop = () => {};
    const registration = glue.registerIpc({
      backend: require(path.join(EXAMPLE, "core.node")),
      allowedOrigins: [PAGE],
      // The benchmark floods on purpose: lift the per-window rate.
      relay: { perSecond: 1_000_000_000 },
      handlers: {
        titleBar: { setTitle: noop },
        files: { openFile: () => null },
        counter: { counterValue: noop },
        peers: { openWindow: noop },
      },
    });
    const { BrowserWindow, ipcMain, webContents } = app.electron;
    ipcMain.on("hand:note", (event, to, text) => {
      if (typeof text !== "string" || !Number.isSafeInteger(to)) return;
      webContents.fromId(to)?.send("hand:note", event.sender.id, text);
    });

    const open = async (preload, role) => {
      const win = new BrowserWindow({ webPreferences: glue.secureWebPreferences({ preload }) });
      if (role !== undefined) registration.registerWindow(win, role);
      await win.loadURL(PAGE);
      return { win, doc: app.renderer(win) };
    };
    const preload = path.join(GENERATED, "preload.js");
    const [relayA, relayB] = [await open(preload, "peer"), await open(preload, "peer")];
    const [handA, handB] = [await open(handPreload), await open(handPreload)];
    relayB.doc.page.run("globalThis.got = 0; window.peers.onNote(() => { got++; })");
    handB.doc.page.run("globalThis.got = 0; window.hand.onNote(() => { got++; })");
    await app.idle();

    const rows = {
      relay: async () => {
        relayB.doc.page.run("got = 0");
        await relayA.doc.page.run(
          `Promise.all(Array.from({ length: ${MESSAGES} }, (_, i) => window.peers.note.to("peer", "note " + i)))`,
        );
        await app.idle();
        if (relayB.doc.page.run("got") !== MESSAGES) throw new Error("the relay lost messages");
      },
      "by hand": async () => {
        handB.doc.page.run("got = 0");
        const to = handB.win.webContents.id;
        handA.doc.page.run(`for (let i = 0; i < ${MESSAGES}; i++) window.hand.note(${to}, "note " + i)`);
        await app.idle();
        if (handB.doc.page.run("got") !== MESSAGES) throw new Error("the hand-written relay lost messages");
      },
    };
    const samples = { relay: [], "by hand": [] };
    for (const run of Object.values(rows)) await run();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(rows)) {
        const start = process.hrtime.bigint();
        await run();
        samples[name].push(Number(process.hrtime.bigint() - start) / MESSAGES);
      }
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log(`${machine()}\n${MESSAGES} messages per round, ${ROUNDS} rounds, median per message`);
    const base = median(samples["by hand"]);
    for (const [name, values] of Object.entries(samples)) {
      const m = median(values);
      console.log(`  ${name.padEnd(8)}  ${(m / 1000).toFixed(1).padStart(7)} µs  ${(m / base).toFixed(2)}×`);
    }
    registration.dispose();
  } finally {
    app.dispose();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
