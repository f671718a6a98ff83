#!/usr/bin/env node
// Binary payloads: 8 MiB of `Vec<u8>` each way through the generated main
// glue and the addon, against a memory copy of the same bytes.
//
//   cargo run -p electron-ipc-codegen -- build-addon -p ipc-benches --release --out benches/bridge/ipc_benches.node
//   node benches/bridge/bytes.js [path/to/ipc_benches.node]
//
// Today bytes travel as JSON arrays of numbers (docs/wire.md): a
// `Uint8Array` argument becomes `[12,255,…]` in the glue, which serde
// decodes into a `Vec<u8>`; a `Vec<u8>` answer becomes such an array,
// which `JSON.parse` turns into an array of numbers. The stage rows split
// the trip into its JavaScript parts. This prints measurements; it does
// not pass or fail.
"use strict";

const { EVENT, SENDER, loadAddon, machine, measure, printTable, registerGenerated } = require("./harness.js");

const SIZE = 8 * 1024 * 1024;
const addon = loadAddon(process.argv);
// 8 MiB of bytes are about 30 MB of JSON, above the default limit of 16 MiB
// (the addon's router raises its limit likewise: MAX_PAYLOAD_BYTES).
const generated = registerGenerated(addon, 64 * 1024 * 1024);

// The same pattern as `bytes()` in benches/src/lib.rs.
const data = new Uint8Array(SIZE);
for (let i = 0; i < SIZE; i++) data[i] = Math.imul(i, 131) % 256;
const asJson = `[${Array.prototype.join.call(data, ",")}]`;
const answerJson = addon.call("bench:bytesOut", `[${SIZE}]`, SENDER);

async function main() {
  console.log(machine());
  const bytesIn = generated.handler("bench:bytesIn");
  const bytesOut = generated.handler("bench:bytesOut");
  const contestants = {
    "memory copy (Uint8Array.slice)": async () => data.slice(),
    "in: generated glue + addon": () => bytesIn(EVENT, data),
    "    glue: Uint8Array → JSON text": async () => `[${Array.prototype.join.call(data, ",")}]`,
    "    addon.call alone (in)": async () => addon.call("bench:bytesIn", `[${asJson}]`, SENDER),
    "out: generated glue + addon": () => bytesOut(EVENT, SIZE),
    "    addon.call alone (out)": async () => addon.call("bench:bytesOut", `[${SIZE}]`, SENDER),
    "    JSON.parse of the answer": async () => JSON.parse(answerJson),
  };
  // Check the answers before timing them.
  const received = await bytesIn(EVENT, data);
  if (!received.ok || received.value !== SIZE)
    throw new Error(`bytesIn answered ${JSON.stringify(received).slice(0, 200)}`);
  const sent = await bytesOut(EVENT, SIZE);
  if (!sent.ok || sent.value.length !== SIZE || sent.value.some((b, i) => b !== data[i])) {
    throw new Error("bytesOut answered other bytes");
  }
  const ordered = contestants;
  const stats = await measure(ordered, { warmup: 2, rounds: 5, perRound: 3 });
  printTable(
    `8 MiB of bytes (${(asJson.length / 1024 / 1024).toFixed(1)} MiB as JSON), ` +
      `${stats["memory copy (Uint8Array.slice)"].count} calls each`,
    stats,
    "memory copy (Uint8Array.slice)",
  );
  const mib = SIZE / 1024 / 1024;
  for (const name of ["memory copy (Uint8Array.slice)", "in: generated glue + addon", "out: generated glue + addon"]) {
    console.log(`  ${name.trim()}: ${(mib / (stats[name].median / 1e9)).toFixed(1)} MiB/s`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
