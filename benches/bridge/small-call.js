#!/usr/bin/env node
// The small sync invoke (100 B, `bench:echo`) in time, paired: the fair
// hand-written path (a), the generated glue and addon of this tree, and
// optionally the generated glue and addon of an earlier commit, timed in
// the same process, alternating round by round so that the load of a
// shared machine hits them alike. Prints medians and each path's ratio to
// (a); run it several times and read the medians of the runs.
//
//   cargo run -p electron-ipc-codegen -- build-addon -p ipc-benches --release --out benches/bridge/ipc_benches.node
//   node benches/bridge/small-call.js [--before <generated folder> <addon>] [rounds]
//
// e.g. the glue and addon of an earlier commit: check it out in a
// worktree, build its addon with the command above, and pass its
// benches/bridge/generated folder and the addon.
"use strict";

const path = require("node:path");

const { EVENT, expectEqual, fakeIpc, itemsOfSize, loadAddon, machine, measure, printTable } = require("./harness.js");

const argv = process.argv.slice(2);
let before;
const at = argv.indexOf("--before");
if (at >= 0) {
  before = { glue: path.resolve(argv[at + 1]), addon: path.resolve(argv[at + 2]) };
  argv.splice(at, 3);
}
const rounds = Number(argv[0] ?? 30);

const addon = loadAddon([]);
const items = itemsOfSize(98);

/** The generated glue in `folder` (this tree's by default), registered over `backend`. */
function generatedOver(backend, folder) {
  const previous = process.env.IPC_BENCH_GLUE;
  if (folder !== undefined) process.env.IPC_BENCH_GLUE = folder;
  // A fresh copy of harness.js, so each glue is loaded on its own.
  const harness = path.join(__dirname, "harness.js");
  delete require.cache[require.resolve(harness)];
  try {
    return require(harness).registerGenerated(backend);
  } finally {
    if (previous === undefined) delete process.env.IPC_BENCH_GLUE;
    else process.env.IPC_BENCH_GLUE = previous;
  }
}

const hand = fakeIpc();
hand.handle("bench:echo", (_event, args) => JSON.parse(addon.handCall("bench:echo", JSON.stringify([args]))));
const contestants = {
  "(a) by hand": () => hand.handler("bench:echo")(EVENT, items),
  "generated glue + addon": (
    (ipc) => () =>
      ipc.handler("bench:echo")(EVENT, items)
  )(generatedOver(addon)),
};
if (before !== undefined) {
  const ipc = generatedOver(require(before.addon), before.glue);
  contestants["before: glue + addon"] = () => ipc.handler("bench:echo")(EVENT, items);
}

async function main() {
  for (const [name, run] of Object.entries(contestants)) {
    expectEqual(await run(), { ok: true, value: items }, name);
  }
  console.log(machine());
  const stats = await measure(contestants, { warmup: 5_000, rounds, perRound: 2_000 });
  printTable(`small sync invoke, 100 B, ${rounds} rounds of 2,000 calls per path`, stats, "(a) by hand");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
