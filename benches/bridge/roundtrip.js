#!/usr/bin/env node
// The bridge round trip: one invoke through the generated main glue and
// the Node-API addon into a trivial Rust handler, against
//   (a) a hand-written napi-rs function taking and returning the same JSON
//       strings (`handCall` in benches/src/lib.rs), behind a hand-written
//       `ipcMain.handle` that stringifies the arguments and parses the answer;
//   (b) the same handler in plain JavaScript behind `ipcMain.handle`.
// For a handler that completes at once (`echo`) and one that yields to
// tokio first (`echoLater`), with 100 B, 64 KiB and 1 MiB of arguments.
//
//   cargo run -p electron-ipc-codegen -- build-addon -p ipc-benches --release --out benches/bridge/ipc_benches.node
//   node benches/bridge/roundtrip.js [path/to/ipc_benches.node]
//
// Every row answers the same envelope (checked before timing). Each sample
// is one awaited call, timed with process.hrtime.bigint(). This prints
// measurements; it does not pass or fail.
"use strict";

const {
  EVENT,
  SENDER,
  expectEqual,
  fakeIpc,
  itemsOfSize,
  loadAddon,
  machine,
  measure,
  printTable,
  registerGenerated,
  us,
} = require("./harness.js");

const addon = loadAddon(process.argv);
const generated = registerGenerated(addon);

// (a) and (b): what a user writes by hand instead of the generated glue.
const hand = fakeIpc();
hand.handle("bench:echo", (_event, items) => JSON.parse(addon.handCall("bench:echo", JSON.stringify([items]))));
hand.handle("bench:echoLater", async (_event, items) =>
  JSON.parse(await addon.handCallAsync("bench:echoLater", JSON.stringify([items]))),
);
const plain = fakeIpc();
plain.handle("bench:echo", (_event, items) => ({ ok: true, value: items }));
plain.handle("bench:echoLater", async (_event, items) => {
  await new Promise((resolve) => setImmediate(resolve));
  return { ok: true, value: items };
});

const SIZES = [
  { label: "100 B", bytes: 100, warmup: 20_000, rounds: 5, perRound: 20_000 },
  { label: "64 KiB", bytes: 64 * 1024, warmup: 200, rounds: 5, perRound: 300 },
  { label: "1 MiB", bytes: 1024 * 1024, warmup: 10, rounds: 5, perRound: 20 },
];

/** Context switches of the whole process during `count` calls of `run`. */
async function contextSwitches(run, count) {
  const before = process.resourceUsage();
  for (let i = 0; i < count; i++) await run();
  const after = process.resourceUsage();
  return {
    voluntary: (after.voluntaryContextSwitches - before.voluntaryContextSwitches) / count,
    involuntary: (after.involuntaryContextSwitches - before.involuntaryContextSwitches) / count,
  };
}

async function main() {
  console.log(machine());
  const summary = [];
  for (const size of SIZES) {
    const items = itemsOfSize(size.bytes - 2); // the arguments' array wraps them
    const argsJson = JSON.stringify([items]);
    const expected = { ok: true, value: items };
    for (const channel of ["bench:echo", "bench:echoLater"]) {
      const contestants = {
        "(a) hand-written napi-rs": () => hand.handler(channel)(EVENT, items),
        "generated glue + addon": () => generated.handler(channel)(EVENT, items),
        "    addon.call alone": async () => JSON.parse(await addon.call(channel, JSON.stringify([items]), SENDER)),
        "(b) plain JavaScript": () => plain.handler(channel)(EVENT, items),
        "JSON.stringify + JSON.parse": async () => JSON.parse(JSON.stringify([items])),
      };
      for (const [name, run] of Object.entries(contestants)) {
        const answer = await run();
        expectEqual(answer, name.startsWith("JSON") ? [items] : expected, name);
      }
      const stats = await measure(contestants, size);
      const kind = channel === "bench:echo" ? "sync handler" : "async handler (tokio yield)";
      printTable(
        `${channel}, ${kind}, ${size.label} of arguments (${argsJson.length} B of JSON), ` +
          `${stats["generated glue + addon"].count} calls each`,
        stats,
        "(a) hand-written napi-rs",
      );
      const added = stats["generated glue + addon"].median - stats["(a) hand-written napi-rs"].median;
      console.log(
        `  added over (a): ${us(added)} µs median ` +
          `(${(stats["generated glue + addon"].median / stats["(a) hand-written napi-rs"].median).toFixed(2)}×)`,
      );
      summary.push({ channel, size: size.label, stats });
    }
  }

  // No thread hop for a handler that completes at once: `call` answers a
  // string, not a Promise, and the process switches threads no more than
  // for plain JavaScript work; an async handler answers a Promise and pays
  // for the trip to a tokio worker and back.
  const small = JSON.stringify([itemsOfSize(98)]);
  const syncAnswer = addon.call("bench:echo", small, SENDER);
  const asyncAnswer = addon.call("bench:echoLater", small, SENDER);
  console.log(
    `\naddon.call answers: sync handler → ${typeof syncAnswer}, ` +
      `async handler → ${asyncAnswer instanceof Promise ? "Promise" : typeof asyncAnswer}`,
  );
  await asyncAnswer;
  const count = 20_000;
  const rows = {
    "JSON.parse(addon.call(echo)), sync": () => JSON.parse(addon.call("bench:echo", small, SENDER)),
    "JSON.parse(await addon.call(echoLater))": async () =>
      JSON.parse(await addon.call("bench:echoLater", small, SENDER)),
    "JSON.parse(JSON.stringify(args)) only": () => JSON.parse(small),
  };
  console.log(`context switches of the process per call (${count} calls):`);
  for (const [name, run] of Object.entries(rows)) {
    const switches = await contextSwitches(run, count);
    console.log(
      `  ${name.padEnd(42)} voluntary ${switches.voluntary.toFixed(3)}, involuntary ${switches.involuntary.toFixed(3)}`,
    );
  }

  const echoSmall = summary.find((s) => s.channel === "bench:echo" && s.size === "100 B").stats;
  const glue = echoSmall["generated glue + addon"].median;
  console.log(
    `\nshare of Electron's own invoke round trip (100–250 µs) taken by a small sync call: ` +
      `${((glue / 100_000) * 100).toFixed(1)}%–${((glue / 250_000) * 100).toFixed(1)}%`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
