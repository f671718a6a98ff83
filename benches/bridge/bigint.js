// A u64-heavy answer under both integer policies (docs/wire.md, "64-bit
// integers"), through the main glue's runtime and the ledger addon: what
// the `bigint` policy costs over the default `number` one, on the same data.
//
//   cargo run -p electron-ipc-codegen -- build-addon -p ipc-ledger-addon --release --out /tmp/ledger.node
//   node benches/bridge/bigint.js /tmp/ledger.node [entries] [runs]
//
// `ledger:history(entries)` answers `entries` movements `{ id: u64, cents:
// i64, day: u32 }` whose 64-bit values stay within ±(2^53−1), so both
// policies can answer them: under `number` they are JSON numbers and the
// glue parses the text once; under `bigint` each is a placeholder
// `{"$ipcBigInt":"…"}` that the glue revives as a BigInt. The addon picks
// its policy when it loads (`IPC_LEDGER_INT64`), so each measurement runs
// in a child process of its own; the two policies alternate, `runs` times
// each, and the table gives the median of the runs' medians.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");

const RUNTIME = path.join(__dirname, "..", "..", "ipc-codegen", "tests", "fixtures", "bigint", "expected");
const EVENT = Object.freeze({
  sender: Object.freeze({ id: 3 }),
  senderFrame: Object.freeze({
    processId: 7,
    routingId: 1,
    url: "app://bench/index.html",
    origin: "app://bench",
    parent: null,
  }),
});

/** One policy in this process: the median µs of one awaited `history(entries)` call. */
async function measure(addonPath, policy, entries) {
  const addon = require(path.resolve(addonPath));
  const { createMainIpc } = require(path.join(RUNTIME, "main-runtime.cjs"));
  const handlers = new Map();
  const ipcMain = {
    handle: (channel, handler) => handlers.set(channel, handler),
    removeHandler: (channel) => handlers.delete(channel),
    on() {},
    removeListener() {},
  };
  const contract = {
    schemas: [
      {
        app: "ledger-app",
        hash: addon.schemaHash("ledger-app", ["ledger"]),
        namespaces: ["ledger"],
        ...(policy === "bigint" ? { int64: "bigint" } : {}),
      },
    ],
    channels: [{ channel: "ledger:history", kind: "invoke", service: "ledger", name: "history" }],
  };
  createMainIpc(contract, { ipcMain, webContents: {}, webFrameMain: {} }).registerIpc({
    backend: addon,
    allowedOrigins: ["app://bench"],
    onError: (error) => {
      throw error;
    },
  });
  const history = handlers.get("ledger:history");
  const check = await history(EVENT, entries);
  const last = check.value?.[entries - 1];
  const expectedType = policy === "bigint" ? "bigint" : "number";
  if (!check.ok || check.value.length !== entries || typeof last.id !== expectedType) {
    throw new Error(`${policy}: unexpected answer ${JSON.stringify(check).slice(0, 200)}`);
  }
  if (BigInt(last.id) !== 4_503_599_627_370_496n + BigInt(entries - 1) * 7_919n) {
    throw new Error(`${policy}: the last id is ${last.id}`);
  }
  const times = [];
  const deadline = performance.now() + 3_000;
  for (let i = 0; i < 20 || (performance.now() < deadline && i < 2_000); i += 1) {
    const start = performance.now();
    await history(EVENT, entries);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] * 1_000;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function main() {
  const [, , addonPath, entriesText = "10000", runsText = "3", child] = process.argv;
  if (addonPath === undefined) {
    console.error("usage: node benches/bridge/bigint.js <ledger addon .node> [entries] [runs]");
    process.exit(2);
  }
  const entries = Number(entriesText);
  if (child !== undefined) {
    process.stdout.write(String(await measure(addonPath, child, entries)));
    return;
  }
  const runs = Number(runsText);
  const results = { number: [], bigint: [] };
  for (let run = 0; run < runs; run += 1) {
    for (const policy of ["number", "bigint"]) {
      const result = spawnSync(process.execPath, [__filename, addonPath, entriesText, runsText, policy], {
        env: { ...process.env, IPC_LEDGER_INT64: policy },
        encoding: "utf8",
      });
      if (result.status !== 0) {
        throw new Error(`${policy}: ${result.stderr}`);
      }
      results[policy].push(Number(result.stdout));
    }
  }
  const number = median(results.number);
  const bigint = median(results.bigint);
  const range = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
  console.log(`ledger:history(${entries}): ${entries * 2} 64-bit integers, ${runs} runs of each policy`);
  console.log("| policy | median µs per call | runs | × number |");
  console.log("|---|---|---|---|");
  console.log(`| number (baseline) | ${number.toFixed(0)} | ${range(results.number)} | 1 |`);
  console.log(`| bigint | ${bigint.toFixed(0)} | ${range(results.bigint)} | ${(bigint / number).toFixed(2)} |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
