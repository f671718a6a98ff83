#!/usr/bin/env node
// Fan-out of one update of a 1,000-item list to 4 windows, in the main
// process, through generated main glue:
//   - state: the state `todos:todos` (docs/wire.md, "State") of the todos
//     example's glue (examples/todos/generated/main.cjs): the backend's
//     sink delivers `[version, list]`, the glue keeps the newest version of
//     the tick and sends it, at `setImmediate`, to the 4 frames that follow it;
//   - event: the same list as the event `todos:changed` of the code
//     generator's todos fixture (ipc-codegen/tests/fixtures/todos/expected/
//     main.cjs: the example keeps no event since its list is a state), the
//     same runtime (deliverEvent: parse, sender checks, a send to each window);
//   - by hand: what an app writes without the project,
//     `JSON.parse` of the list and `webContents.send` to each window.
// Each update is awaited to the next `setImmediate`, in every row, so that
// the state's deferred send is inside the timed region and the rows stay
// comparable. The JSON text of the list is made once, before timing: Rust
// writes it the same way for a state and an event (serde, then the sink),
// so that cost is the same in every row and left out. The windows' `send`
// only counts: Electron's own transport (a structured clone per frame) is
// not timed, as in the other bridge benchmarks.
//
//   node benches/bridge/state.js
//
// It prints measurements; it does not pass or fail.
"use strict";

const { EventEmitter } = require("node:events");
const Module = require("node:module");
const path = require("node:path");

const { fakeIpc, machine, measure, printTable } = require("./harness.js");

const WINDOWS = 4;
const ITEMS = 1000;
const ORIGIN = "app://bench";

const list = Array.from({ length: ITEMS }, (_, id) => ({
  id,
  title: `todo number ${id} of the list`,
  done: id % 3 === 0,
}));
const json = JSON.stringify(list);

/** A window: its main frame counts what it is sent. */
function fakeWindow(id) {
  const contents = new EventEmitter();
  const frame = {
    processId: 10 + id,
    routingId: 1,
    url: `${ORIGIN}/index.html`,
    origin: ORIGIN,
    parent: null,
    sent: 0,
    isDestroyed: () => false,
    send() {
      frame.sent += 1;
    },
  };
  Object.assign(contents, { id, mainFrame: frame, isDestroyed: () => false });
  return contents;
}

const windows = Array.from({ length: WINDOWS }, (_, i) => fakeWindow(i + 1));
const sentTotal = () => windows.reduce((sum, w) => sum + w.mainFrame.sent, 0);

const ROOT = path.join(__dirname, "..", "..");
const STATE_GLUE = path.join(ROOT, "examples", "todos", "generated", "main.cjs");
const EVENT_GLUE = path.join(ROOT, "ipc-codegen", "tests", "fixtures", "todos", "expected", "main.cjs");

/** A generated main.cjs, with `require('electron')` answered by these windows. */
function loadGlue(file) {
  const load = Module._load;
  Module._load = function loadWithElectron(request, ...rest) {
    if (request === "electron") {
      return {
        ipcMain: undefined,
        webContents: { getAllWebContents: () => windows, fromId: (id) => windows.find((w) => w.id === id) },
        webFrameMain: { fromId: () => undefined },
      };
    }
    return load.call(this, request, ...rest);
  };
  try {
    return require(file);
  } finally {
    Module._load = load;
  }
}

/** A backend whose Rust side has published `version` of the list; its sink is the glue's. */
const backend = {
  sink: null,
  version: 1,
  call: () => `{"ok":true,"value":{"version":${backend.version},"value":${json}}}`,
  setEventSink(sink) {
    backend.sink = sink;
  },
};

/** The backend of the glue with the event: only its sink is used. */
const eventBackend = {
  sink: null,
  call: () => `{"ok":true,"value":null}`,
  setEventSink(sink) {
    eventBackend.sink = sink;
  },
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function main() {
  const ipc = fakeIpc();
  const registration = loadGlue(STATE_GLUE).registerIpc({ backend, allowedOrigins: [ORIGIN], ipc, onError: () => {} });
  const eventRegistration = loadGlue(EVENT_GLUE).registerIpc({
    backend: eventBackend,
    allowedOrigins: [ORIGIN],
    ipc: fakeIpc(),
    onError: () => {},
  });
  // Every window follows the state, as its page's store does on its first subscriber.
  for (const contents of windows) {
    const answer = ipc.handler("todos:todos")({ sender: contents, senderFrame: contents.mainFrame });
    if (!answer.ok || answer.value.value.length !== ITEMS) throw new Error("the state's first read failed");
  }

  const contestants = {
    state: async () => {
      backend.version += 1;
      backend.sink("todos:todos", `[${backend.version},${json}]`, { kind: "all" });
      await tick();
    },
    event: async () => {
      eventBackend.sink("todos:changed", `[${json}]`, { kind: "all" });
      await tick();
    },
    "by hand": async () => {
      const value = JSON.parse(json);
      for (const contents of windows) contents.mainFrame.send("todos:list", value);
      await tick();
    },
  };
  // Each row reaches the 4 windows once per update.
  for (const [name, run] of Object.entries(contestants)) {
    const before = sentTotal();
    await run();
    if (sentTotal() - before !== WINDOWS) throw new Error(`${name}: expected ${WINDOWS} sends per update`);
  }

  const stats = await measure(contestants, { warmup: 50, rounds: 10, perRound: 50 });
  console.log(machine());
  printTable(
    `One update of a ${ITEMS}-item list (${(json.length / 1024).toFixed(0)} KiB of JSON) to ${WINDOWS} windows`,
    stats,
    "by hand",
  );

  // Ten updates in one tick: a state sends the newest once per window, events send all ten.
  for (const [name, update] of [
    [
      "state",
      () => {
        backend.version += 1;
        backend.sink("todos:todos", `[${backend.version},${json}]`, { kind: "all" });
      },
    ],
    ["event", () => eventBackend.sink("todos:changed", `[${json}]`, { kind: "all" })],
  ]) {
    const before = sentTotal();
    for (let i = 0; i < 10; i += 1) update();
    await tick();
    console.log(`10 updates in one tick, ${name}: ${sentTotal() - before} sends`);
  }
  registration.dispose();
  eventRegistration.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
