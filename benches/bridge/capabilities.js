#!/usr/bin/env node
// The cost of the capability check on a small invoke (100 B of arguments),
// through the main runtime (ipc-codegen/runtime/main-runtime.cjs as copied
// into generated/) with a backend that answers at once from JavaScript, so
// that the glue's own work is what differs:
//   - a channel that requires no capability (what every channel of an app
//     without capabilities is);
//   - a channel that requires one, called by a window granted it;
//   - a channel that requires one, called by a window without it (refused);
//   - with `--before FILE`, the channel without capabilities over another
//     main-runtime.cjs, e.g. the runtime before capabilities existed:
//
//   git show 942bdaf:ipc-codegen/runtime/main-runtime.cjs > /tmp/main-runtime-before.cjs
//   node benches/bridge/capabilities.js --before /tmp/main-runtime-before.cjs
//
// Every row answers the envelope it should (checked before timing).
// Contestants alternate in rounds, so load drifts hit them alike. This
// prints measurements; it does not pass or fail.
"use strict";

const path = require("node:path");
const { EventEmitter } = require("node:events");

const { EVENT, expectEqual, fakeIpc, itemsOfSize, machine, measure, printTable, us } = require("./harness.js");

const items = itemsOfSize(98);
const answer = JSON.stringify({ ok: true, value: items });
/** A backend that answers every call at once with the same envelope text. */
const backend = { call: () => answer };

const CHANNELS = [
  { channel: "bench:echo", kind: "invoke", service: "bench", name: "echo" },
  { channel: "bench:gated", kind: "invoke", service: "bench", name: "gated", capabilities: ["bench"] },
];

/** A webContents as far as `grant` needs one: the id of EVENT's sender, and its main frame. */
function contents(id) {
  const emitter = new EventEmitter();
  emitter.id = id;
  emitter.isDestroyed = () => false;
  emitter.mainFrame = EVENT.senderFrame;
  return emitter;
}

/** The `invoke` handlers of one registration over the runtime in `runtimeFile`. */
function handlers(runtimeFile, channels, grant) {
  const { createMainIpc } = require(path.resolve(runtimeFile));
  const { registerIpc } = createMainIpc(
    { schemas: [], channels },
    { ipcMain: undefined, webContents: {}, webFrameMain: {} },
  );
  const ipc = fakeIpc();
  const registration = registerIpc({ backend, allowedOrigins: ["app://bench"], ipc, onError: () => {} });
  if (grant) registration.grant(contents(EVENT.sender.id), ["bench"], { origin: "app://bench" });
  return (channel) => ipc.handler(channel);
}

async function main() {
  console.log(machine());
  const current = path.join(__dirname, "generated", "main-runtime.cjs");
  const beforeAt = process.argv.indexOf("--before");
  const before = beforeAt > 0 ? process.argv[beforeAt + 1] : undefined;

  const granted = handlers(current, CHANNELS, true);
  const ungranted = handlers(current, CHANNELS, false);
  const plain = granted("bench:echo");
  const gated = granted("bench:gated");
  const refused = ungranted("bench:gated");
  const contestants = {
    "no capability required": () => plain(EVENT, items),
    "capability required, granted": () => gated(EVENT, items),
    "capability required, not granted (refused)": () => refused(EVENT, items),
  };
  if (before !== undefined) {
    const old = handlers(before, CHANNELS.slice(0, 1), false)("bench:echo");
    contestants["runtime given by --before"] = () => old(EVENT, items);
  }
  for (const [name, run] of Object.entries(contestants)) {
    const got = await run();
    if (name.includes("refused")) {
      if (got.ok || got.error.code !== "ERR_FORBIDDEN") throw new Error(`${name}: ${JSON.stringify(got)}`);
    } else {
      expectEqual(got, { ok: true, value: items }, name);
    }
  }

  const stats = await measure(contestants, { warmup: 20_000, rounds: 7, perRound: 20_000 });
  const baseline = before === undefined ? "no capability required" : "runtime given by --before";
  printTable(
    `a small invoke through the main runtime, 100 B of arguments, ${stats["no capability required"].count} calls each`,
    stats,
    baseline,
  );
  const plainMedian = stats["no capability required"].median;
  console.log(
    `  the check on a granted call adds ${us(stats["capability required, granted"].median - plainMedian)} µs median per call`,
  );
  if (before !== undefined) {
    const delta = plainMedian - stats["runtime given by --before"].median;
    console.log(`  no capability against --before: ${delta >= 0 ? "+" : ""}${us(delta)} µs median per call`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
