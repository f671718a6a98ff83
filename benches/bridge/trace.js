#!/usr/bin/env node
// The cost of registerIpc's `trace` option on a small invoke (100 B of
// arguments), through the generated main glue (generated/main.cjs) with a
// backend that answers at once from JavaScript, so that the glue's own
// work is what differs:
//   - trace off (the option left out: the default);
//   - trace on, with a trace function that does nothing;
//   - with `--before FILE`, the same glue over another main-runtime.cjs,
//     e.g. the runtime before the option existed:
//
//   git show 553300e:ipc-codegen/runtime/main-runtime.cjs > /tmp/main-runtime-before.cjs
//   node benches/bridge/trace.js --before /tmp/main-runtime-before.cjs
//
// Every row answers the same envelope (checked before timing). Contestants
// alternate in rounds, so load drifts hit them alike. This prints
// measurements; it does not pass or fail.
"use strict";

const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const { EVENT, expectEqual, fakeIpc, itemsOfSize, machine, measure, printTable, us } = require("./harness.js");

/** generated/main.cjs, loaded afresh over the runtime in `runtimeFile`. */
function glueOver(runtimeFile) {
  const file = path.join(__dirname, "generated", "main.cjs");
  const glue = new Module(file, module);
  glue.filename = file;
  glue.paths = Module._nodeModulePaths(path.dirname(file));
  glue.require = (id) => {
    if (id === "electron") return { ipcMain: undefined, webContents: {}, webFrameMain: {} };
    if (id === "./main-runtime.cjs") return require(path.resolve(runtimeFile));
    return require(id);
  };
  glue._compile(fs.readFileSync(file, "utf8"), file);
  return glue.exports;
}

const items = itemsOfSize(98);
const answer = JSON.stringify({ ok: true, value: items });
/** A backend that answers every call at once with the same envelope text. */
const backend = { call: () => answer };

/** One registration of the glue over `runtimeFile` on a fake ipcMain; its `bench:echo` handler. */
function echoHandler(runtimeFile, extra = {}) {
  const ipc = fakeIpc();
  glueOver(runtimeFile).registerIpc({ backend, allowedOrigins: ["app://bench"], ipc, onError: () => {}, ...extra });
  return ipc.handler("bench:echo");
}

async function main() {
  console.log(machine());
  const current = path.join(__dirname, "generated", "main-runtime.cjs");
  const beforeAt = process.argv.indexOf("--before");
  const before = beforeAt > 0 ? process.argv[beforeAt + 1] : undefined;

  let traced = 0;
  const off = echoHandler(current);
  const on = echoHandler(current, {
    trace: () => {
      traced += 1;
    },
  });
  const contestants = {
    "trace off (default)": () => off(EVENT, items),
    "trace on, no-op trace": () => on(EVENT, items),
  };
  if (before !== undefined) {
    const old = echoHandler(before);
    contestants["runtime given by --before"] = () => old(EVENT, items);
  }
  for (const [name, run] of Object.entries(contestants)) {
    expectEqual(await run(), { ok: true, value: items }, name);
  }
  if (traced !== 1) throw new Error(`the trace saw ${traced} calls, expected 1`);

  const stats = await measure(contestants, { warmup: 20_000, rounds: 7, perRound: 20_000 });
  printTable(
    `bench:echo through the generated glue, 100 B of arguments, ${stats["trace off (default)"].count} calls each`,
    stats,
    before === undefined ? "trace off (default)" : "runtime given by --before",
  );
  const offMedian = stats["trace off (default)"].median;
  console.log(`  trace on adds ${us(stats["trace on, no-op trace"].median - offMedian)} µs median per call`);
  if (before !== undefined) {
    const delta = offMedian - stats["runtime given by --before"].median;
    console.log(`  trace off against --before: ${delta >= 0 ? "+" : ""}${us(delta)} µs median per call`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
