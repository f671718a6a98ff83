#!/usr/bin/env node
// Makes a fixed number of small sync invokes through one path, for an
// instruction count with callgrind (steady on a busy machine, where
// timings are not). Two runs that differ only in the number of calls give
// the instructions of one call: (I(n2) - I(n1)) / (n2 - n1), the process's
// start, the warm-up and the JIT's work cancelling out.
//
//   cargo run -p electron-ipc-codegen -- build-addon -p ipc-benches --release --out benches/bridge/ipc_benches.node
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node benches/bridge/calls.js generated 20000
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node benches/bridge/calls.js generated 40000
//
// Paths: `generated` (the generated glue and the addon, as Electron would
// call the glue's handler), `hand` (what a user writes by hand:
// `JSON.stringify` of the arguments, the hand-written `#[napi]`
// dispatcher, `JSON.parse` of its answer) and `call` (the addon's `call`
// alone, with the sender the glue would pass); `generated-async` and
// `hand-async` the same two paths for one awaited async call (`echoLater`,
// against the `#[napi] async fn` handCallAsync). The third argument is an
// addon path (default: ipc_benches.node beside this script).
"use strict";

const { EVENT, SENDER, expectEqual, fakeIpc, itemsOfSize, loadAddon, registerGenerated } = require("./harness.js");

const [path, countText] = process.argv.slice(2);
const count = Number(countText);
if (!Number.isSafeInteger(count) || count < 0) {
  console.error("usage: node calls.js generated|hand|call|generated-async|hand-async <calls> [addon]");
  process.exit(1);
}
const addon = loadAddon([process.argv[0], process.argv[1], process.argv[4]]);
const items = itemsOfSize(98);

const hand = fakeIpc();
hand.handle("bench:echo", (_event, args) => JSON.parse(addon.handCall("bench:echo", JSON.stringify([args]))));
const generated = registerGenerated(addon);

const paths = {
  generated: () => generated.handler("bench:echo")(EVENT, items),
  hand: () => hand.handler("bench:echo")(EVENT, items),
  call: () => JSON.parse(addon.call("bench:echo", JSON.stringify([items]), SENDER)),
  // One awaited async call (`echoLater`: one tokio yield) at a time.
  "generated-async": () => generated.handler("bench:echoLater")(EVENT, items),
  "hand-async": async () => JSON.parse(await addon.handCallAsync("bench:echoLater", JSON.stringify([items]))),
};
const run = paths[path];
if (run === undefined) {
  console.error(`calls.js: unknown path ${JSON.stringify(path)}`);
  process.exit(1);
}

async function main() {
  // The same warm-up for every count, so only the measured calls differ.
  for (let i = 0; i < 5_000; i++) await run();
  expectEqual(await run(), { ok: true, value: items }, path);
  let answered = 0;
  for (let i = 0; i < count; i++) {
    const answer = await run();
    answered += answer.value.length;
  }
  console.log(`${path}: ${count} calls, ${answered} items answered`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
