#!/usr/bin/env node
// Per-call cost of the Node-API bridge: a trivial sync handler called
// through the addon's `call` (JSON string in, envelope string out, parsed),
// against a baseline of plain JavaScript doing the same JSON work.
//
//   node scripts/build-addon.js -p ipc-test-addon --release --out tests/addon/ipc_test_addon.node
//   node benches/bridge/roundtrip.js [path/to/addon.node]
//
// Both rows include `JSON.stringify` of the arguments and `JSON.parse` of
// the answer, so the difference between them is the bridge: crossing into
// Rust, decoding the sender, routing, serde decoding and encoding, and
// building the result string. Each sample times one call with
// `process.hrtime.bigint()`; the "timer only" row is the cost of timing
// itself, included in every other row. This is a measurement to read, not a
// test: nothing here passes or fails.
'use strict';

const path = require('node:path');

const addonPath = path.resolve(process.argv[2] || path.join(__dirname, '../../tests/addon/ipc_test_addon.node'));
const addon = require(addonPath);

const PAYLOAD_BYTES = 100;
const WARMUP = 50_000;
const ROUNDS = 10;
const PER_ROUND = 50_000;

const sender = {
  webContentsId: 3,
  processId: 7,
  frameId: 1,
  url: 'app://bundle/index.html',
  origin: 'app://bundle',
  isMainFrame: true,
};
// One string argument, sized so that the arguments' JSON is exactly 100 B.
const args = ['x'.repeat(PAYLOAD_BYTES - '[""]'.length)];
if (JSON.stringify(args).length !== PAYLOAD_BYTES) throw new Error('payload size is off');

const contestants = {
  'JS baseline (stringify → parse)': () => JSON.parse(JSON.stringify(args)),
  'addon call, sync handler': () => JSON.parse(addon.call('probe:echo', JSON.stringify(args), sender)),
  'timer only': () => undefined,
};

// Check that the call really round-trips before timing it.
const check = contestants['addon call, sync handler']();
if (!check.ok || check.value !== args[0]) throw new Error(`unexpected answer ${JSON.stringify(check)}`);

let sink = 0; // keeps results alive so nothing is optimized away
function sample(run, count, into) {
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const result = run();
    const end = process.hrtime.bigint();
    if (result !== undefined) sink ^= 1;
    if (into) into.push(Number(end - start));
  }
}

const samples = {};
for (const [name, run] of Object.entries(contestants)) {
  sample(run, WARMUP, null);
  samples[name] = [];
}
// Rounds alternate between contestants so that drift (frequency scaling,
// other load) affects them alike.
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(contestants)) sample(run, PER_ROUND, samples[name]);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const rows = Object.entries(samples).map(([name, values]) => {
  values.sort((a, b) => a - b);
  return { name, median: percentile(values, 50), p99: percentile(values, 99) };
});

const width = Math.max(...rows.map((r) => r.name.length));
console.log(`Node ${process.version}, ${process.platform}-${process.arch}; ${PAYLOAD_BYTES} B of JSON arguments; ` +
  `${ROUNDS * PER_ROUND} calls each after ${WARMUP} warm-up calls`);
console.log(`${'per call'.padEnd(width)}  ${'median ns'.padStart(10)}  ${'p99 ns'.padStart(10)}`);
for (const row of rows) {
  console.log(`${row.name.padEnd(width)}  ${String(row.median).padStart(10)}  ${String(row.p99).padStart(10)}`);
}
const [baseline, bridged] = rows;
console.log(`${'bridge cost (difference)'.padEnd(width)}  ${String(bridged.median - baseline.median).padStart(10)}  ${String(bridged.p99 - baseline.p99).padStart(10)}`);
if (sink === 42) console.log('');
