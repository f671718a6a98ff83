#!/usr/bin/env node
// Wall time of `ipc-codegen` on one schema, run as a user runs it: one
// process per run, rounds alternating between the binaries given, the
// median and the fastest of each case over the rounds.
//
//   cargo build --release -p electron-ipc-codegen -p ipc-benches
//   target/release/bench-schema /tmp/big 100 100 500      # 10,000 channels, 500 types
//   node benches/codegen-time.js /tmp/big/bench-app.json 15 target/release/ipc-codegen [other-binary ...]
//
// Cases: `--version` (process start), `generate` into an empty folder,
// `generate` on an up-to-date folder, `check`. The load average before and
// after is printed with the figures: on a shared machine they say whether
// the run means anything. This prints measurements; it does not pass or fail.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const [schema, runsText, ...binaries] = process.argv.slice(2);
const runs = Number(runsText);
if (!schema || !Number.isInteger(runs) || runs < 1 || binaries.length === 0) {
  console.error("usage: node benches/codegen-time.js <schema.json> <runs> <ipc-codegen> [other ipc-codegen ...]");
  process.exit(2);
}

const CASES = ["--version", "generate (empty folder)", "generate (up to date)", "check"];

/** Milliseconds `binary args` takes, failing loudly when it fails. */
function timed(binary, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${binary} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  }
  return elapsed;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "codegen-time-"));
const times = binaries.map(() => CASES.map(() => []));
const loadBefore = os.loadavg()[0];
try {
  for (let round = 0; round < runs; round++) {
    binaries.forEach((binary, b) => {
      const out = path.join(scratch, String(b));
      fs.rmSync(out, { recursive: true, force: true });
      times[b][0].push(timed(binary, ["--version"]));
      times[b][1].push(timed(binary, ["generate", schema, "--out", out]));
      times[b][2].push(timed(binary, ["generate", schema, "--out", out]));
      times[b][3].push(timed(binary, ["check", schema, "--out", out]));
    });
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
const loadAfter = os.loadavg()[0];

console.log(`${runs} rounds, load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
binaries.forEach((binary, b) => {
  console.log(binary);
  CASES.forEach((name, c) => {
    const values = times[b][c];
    const [middle, fastest] = [median(values), Math.min(...values)].map((ms) => ms.toFixed(1).padStart(7));
    console.log(`  ${name.padEnd(24)} median ${middle} ms   fastest ${fastest} ms`);
  });
});
