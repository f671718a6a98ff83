#!/usr/bin/env node
// Binary payloads: `electron_ipc::Bytes` each way through the generated
// main glue and the addon, against a memory copy of the same bytes in the
// same run.
//
//   cargo run -p electron-ipc-codegen -- build-addon -p ipc-benches --release --out benches/bridge/ipc_benches.node
//   node benches/bridge/bytes.js [path/to/ipc_benches.node]
//   node --expose-gc benches/bridge/bytes.js [path/to/ipc_benches.node] --rss in|out   (peak resident memory of one call)
//
// Bytes travel beside the JSON (docs/wire.md, "Bytes"): the glue puts a
// placeholder in the JSON and hands the `Uint8Array` itself to the addon,
// which copies it once into the `Bytes` the handler gets; an answer's
// `Bytes` come back as a `Uint8Array` beside the envelope. Electron's own
// part, the structured clone between the page and the main process, is not
// in these figures (no Electron here); the 1 MiB table sets the glue and
// the addon against that clone plus one copy, measured here with
// `structuredClone`. This prints measurements; it does not pass or fail.
"use strict";

const { EVENT, loadAddon, machine, measure, printTable, registerGenerated } = require("./harness.js");

const MiB = 1024 * 1024;
const addon = loadAddon(process.argv.filter((arg) => !["--rss", "in", "out"].includes(arg)));
const generated = registerGenerated(addon, 16 * MiB);
const bytesIn = generated.handler("bench:bytesIn");
const bytesOut = generated.handler("bench:bytesOut");

/** The same pattern as `bytes()` in benches/src/lib.rs. */
function pattern(size) {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = Math.imul(i, 131) % 256;
  return data;
}

/** Checks both directions at `size` before anything is timed. */
async function check(data) {
  const received = await bytesIn(EVENT, data);
  if (!received.ok || received.value !== data.length) {
    throw new Error(`bytesIn answered ${JSON.stringify(received).slice(0, 200)}`);
  }
  const sent = await bytesOut(EVENT, data.length);
  if (!sent.ok || !(sent.value instanceof Uint8Array) || Buffer.compare(sent.value, data) !== 0) {
    throw new Error("bytesOut answered other bytes");
  }
}

const rate = (bytes, ns) => `${((bytes / MiB) * (1e9 / ns)).toFixed(0)} MiB/s`;

async function throughput() {
  console.log(machine());
  const data = pattern(8 * MiB);
  await check(data);
  const copy = "memory copy (Uint8Array.slice)";
  const stats = await measure(
    {
      [copy]: async () => data.slice(),
      "in: generated glue + addon": () => bytesIn(EVENT, data),
      "out: generated glue + addon": () => bytesOut(EVENT, data.length),
    },
    { warmup: 3, rounds: 5, perRound: 10 },
  );
  printTable(`8 MiB of bytes, ${stats[copy].count} calls each`, stats, copy);
  for (const name of Object.keys(stats)) {
    console.log(`  ${name}: ${rate(data.length, stats[name].median)}`);
  }

  const small = pattern(MiB);
  await check(small);
  const clone = "structuredClone + one copy";
  const oneMiB = await measure(
    {
      [clone]: async () => structuredClone(small).slice(),
      "in: generated glue + addon": () => bytesIn(EVENT, small),
      "out: generated glue + addon": () => bytesOut(EVENT, small.length),
    },
    { warmup: 20, rounds: 5, perRound: 100 },
  );
  printTable(`1 MiB of bytes, ${oneMiB[clone].count} calls each`, oneMiB, clone);

  // 64 MiB, the default limit, in one call each way.
  const big = pattern(64 * MiB);
  const started = process.hrtime.bigint();
  await check(big);
  console.log(`\n64 MiB in and out, one call each: ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
}

/**
 * Peak resident memory above the idle process during one 8 MiB call each
 * way: the payload is allocated first, so the baseline holds it once, and
 * the answer is dropped and collected before the next call (run with
 * --expose-gc). The kernel's high-water mark (maxRSS) catches the peak
 * inside the call; it only grows, so each direction runs in a process of
 * its own (`--rss in`, `--rss out`). Without `in` or `out`: 20 calls each
 * way back to back, with no collection forced between them.
 */
async function peakResidentMemory(direction) {
  const size = 8 * MiB;
  const data = pattern(size);
  // Warm both channels (and the addon's pattern) with small calls.
  await check(pattern(1024));
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const idle = process.memoryUsage().rss;
  const calls = direction === undefined ? 20 : 1;
  for (let i = 0; i < calls; i++) {
    if (direction !== "out") await bytesIn(EVENT, data);
    if (direction !== "in") {
      const answer = await bytesOut(EVENT, size);
      if (answer.value.length !== size) throw new Error("short answer");
    }
  }
  const peak = Math.max(process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const above = peak - idle;
  const what = direction === undefined ? "20 calls each way, back to back" : `one call ${direction}`;
  console.log(
    `8 MiB, ${what}: idle RSS ${(idle / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB, ` +
      `${(above / MiB).toFixed(1)} MiB above idle (${(above / size).toFixed(2)}× the payload)`,
  );
}

const rss = process.argv.indexOf("--rss");
const direction = ["in", "out"].includes(process.argv[rss + 1]) ? process.argv[rss + 1] : undefined;
(rss === -1 ? throughput() : peakResidentMemory(direction)).catch((error) => {
  console.error(error);
  process.exit(1);
});
