#!/usr/bin/env node
// Binary payloads: `electron_ipc::Bytes` each way through the generated
// main glue and the addon, against a memory copy of the same bytes in the
// same run.
//
//   cargo run -p electron-ipc-codegen -- build-addon -p ipc-benches --release --out benches/bridge/ipc_benches.node
//   node benches/bridge/bytes.js [path/to/ipc_benches.node]
//   node benches/bridge/bytes.js [path/to/ipc_benches.node] --rss   (peak resident memory, in a process of its own)
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
const addon = loadAddon(process.argv.filter((arg) => arg !== "--rss"));
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
 * Peak resident memory above the idle process while 8 MiB calls run: the
 * payload is allocated first, so the baseline holds it once.
 */
async function peakResidentMemory() {
  const data = pattern(8 * MiB);
  await check(pattern(1024));
  global.gc?.();
  const idle = process.memoryUsage().rss;
  let peak = idle;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  for (let i = 0; i < 20; i++) {
    await bytesIn(EVENT, data);
    sample();
    const answer = await bytesOut(EVENT, data.length);
    sample();
    if (answer.value.length !== data.length) throw new Error("short answer");
  }
  // The kernel's high-water mark also catches a peak between two samples.
  const maxRss = process.resourceUsage().maxRSS * 1024;
  const above = Math.max(peak, maxRss) - idle;
  console.log(machine());
  console.log(
    `8 MiB calls (20 in, 20 out): idle RSS ${(idle / MiB).toFixed(1)} MiB, ` +
      `peak ${(Math.max(peak, maxRss) / MiB).toFixed(1)} MiB: ${(above / MiB).toFixed(1)} MiB above idle ` +
      `(${(above / (8 * MiB)).toFixed(2)}× the payload)`,
  );
}

(process.argv.includes("--rss") ? peakResidentMemory() : throughput()).catch((error) => {
  console.error(error);
  process.exit(1);
});
