#!/usr/bin/env node
// Calls under load and memory per call, against the hand-written path:
//
//   node benches/bridge/load.js inflight [addon]   100 async calls in flight at a time
//   node benches/bridge/load.js inflight [addon] --before <generated folder> <addon>
//   node benches/bridge/load.js memory [addon]     peak memory growth of a 1 MiB invoke
//
// With `--before`, `inflight` also times the generated glue and addon of
// an earlier commit (its benches/bridge/generated folder and its release
// addon) in the same rounds, so a change is measured beside the code it
// replaces under the same load.
//
// `inflight` starts batches of 100 `echoLater` calls (100 B of arguments)
// at once and waits for the whole batch, alternating between the paths
// round by round; it prints the median time per call over the batches,
// and the median of one awaited call alone. Paths: (a) the hand-written
// `ipcMain.handle` over the `#[napi] async fn` `handCallAsync` (a raw
// napi-rs async export doing the same work: stringify, serde in and out on
// tokio, parse), the generated glue + addon, and `addon.call` alone.
//
// `memory` runs each path in a child process of its own (so one path's
// garbage cannot count against another): the child builds the 1 MiB
// argument, settles (two GC passes, with --expose-gc), reads its resident
// set size, makes `calls` sync `echo` invokes one after the other, and
// reports its peak resident set size (`maxRSS`) minus the size before.
// This prints measurements; it does not pass or fail.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");
const {
  EVENT,
  SENDER,
  expectEqual,
  fakeIpc,
  itemsOfSize,
  loadAddon,
  machine,
  printTable,
  registerGenerated,
} = require("./harness.js");

const argv = process.argv.slice(2);
let before;
const beforeAt = argv.indexOf("--before");
if (beforeAt >= 0) {
  before = { glue: path.resolve(argv[beforeAt + 1]), addon: path.resolve(argv[beforeAt + 2]) };
  argv.splice(beforeAt, 3);
}
const [mode, addonPath] = argv;
const addon = loadAddon([process.argv[0], process.argv[1], addonPath]);

/** The generated glue of `before` over its addon (a fresh copy of the harness loads it on its own). */
function beforeGlue() {
  const previous = process.env.IPC_BENCH_GLUE;
  process.env.IPC_BENCH_GLUE = before.glue;
  const harness = path.join(__dirname, "harness.js");
  delete require.cache[require.resolve(harness)];
  try {
    return require(harness).registerGenerated(require(before.addon));
  } finally {
    if (previous === undefined) delete process.env.IPC_BENCH_GLUE;
    else process.env.IPC_BENCH_GLUE = previous;
  }
}

/** The three paths for `channel`, each taking the items and answering the envelope. */
function paths(channel) {
  const generated = registerGenerated(addon);
  const hand = fakeIpc();
  hand.handle("bench:echo", (_event, items) => JSON.parse(addon.handCall("bench:echo", JSON.stringify([items]))));
  hand.handle("bench:echoLater", async (_event, items) =>
    JSON.parse(await addon.handCallAsync("bench:echoLater", JSON.stringify([items]))),
  );
  return {
    "(a) hand-written napi-rs": (items) => hand.handler(channel)(EVENT, items),
    "generated glue + addon": (items) => generated.handler(channel)(EVENT, items),
    "    addon.call alone": async (items) => JSON.parse(await addon.call(channel, JSON.stringify([items]), SENDER)),
  };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values) {
  return percentile(values, 50);
}

async function inflight() {
  const items = itemsOfSize(98);
  const contestants = paths("bench:echoLater");
  if (before !== undefined) {
    const ipc = beforeGlue();
    contestants["before: glue + addon"] = (items) => ipc.handler("bench:echoLater")(EVENT, items);
  }
  for (const [name, run] of Object.entries(contestants)) {
    expectEqual(await run(items), { ok: true, value: items }, name);
  }
  const BATCH = 100;
  const ROUNDS = 300;
  const batch = {};
  const single = {};
  for (const name of Object.keys(contestants)) {
    batch[name] = [];
    single[name] = [];
  }
  for (let round = -20; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(contestants)) {
      let start = process.hrtime.bigint();
      const pending = [];
      for (let i = 0; i < BATCH; i++) pending.push(run(items));
      await Promise.all(pending);
      const perCall = Number(process.hrtime.bigint() - start) / BATCH;
      start = process.hrtime.bigint();
      await run(items);
      const alone = Number(process.hrtime.bigint() - start);
      if (round >= 0) {
        batch[name].push(perCall);
        single[name].push(alone);
      }
    }
  }
  const stats = (samples) =>
    Object.fromEntries(
      Object.entries(samples).map(([name, values]) => [name, { median: median(values), p99: percentile(values, 99) }]),
    );
  console.log(machine());
  printTable(
    `bench:echoLater, 100 B, ${BATCH} calls in flight, ${ROUNDS} batches each (time per call)`,
    stats(batch),
    "(a) hand-written napi-rs",
  );
  printTable(
    `bench:echoLater, 100 B, one awaited call alone, ${ROUNDS} calls each`,
    stats(single),
    "(a) hand-written napi-rs",
  );
}

/** In a child: the peak memory growth of `calls` 1 MiB invokes through `path`. */
async function memoryChild(path, calls) {
  const items = itemsOfSize(1024 * 1024 - 2);
  const run = paths("bench:echo")[path];
  global.gc();
  global.gc();
  const before = process.memoryUsage().rss;
  let answered = 0;
  for (let i = 0; i < calls; i++) answered += (await run(items)).value.length;
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ growth: peak - before, answered })}\n`);
}

function memory() {
  console.log(machine());
  const RUNS = 5;
  for (const calls of [1, 10]) {
    console.log(
      `\nbench:echo, 1 MiB of arguments, ${calls} call(s) one after the other, peak RSS growth (MiB), ${RUNS} runs each`,
    );
    const names = Object.keys(paths("bench:echo"));
    const results = Object.fromEntries(names.map((name) => [name, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const path of names) {
        const child = spawnSync(
          process.execPath,
          ["--expose-gc", __filename, "memory-child", addonPath ?? "", path, String(calls)],
          { encoding: "utf8" },
        );
        if (child.status !== 0) throw new Error(`${path}: ${child.stderr}`);
        const { growth } = JSON.parse(child.stdout);
        results[path].push(growth / (1024 * 1024));
      }
    }
    const base = median(results["(a) hand-written napi-rs"]);
    for (const [path, values] of Object.entries(results)) {
      console.log(
        `  ${path.padEnd(26)} median ${median(values).toFixed(1).padStart(6)}  (${(median(values) / base).toFixed(2)}×)  runs ${values
          .map((v) => v.toFixed(1))
          .join(" ")}`,
      );
    }
  }
}

if (mode === "inflight") {
  inflight().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else if (mode === "memory") {
  memory();
} else if (mode === "memory-child") {
  const [, , , , path, calls] = process.argv;
  memoryChild(path, Number(calls)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  console.error("usage: node load.js inflight|memory [addon]");
  process.exit(1);
}
