"use strict";
// Stream items under the `bigint` policy (docs/wire.md, "64-bit integers"
// and "Streams"): the real addon of tests/ledger-addon encodes each item
// of `clock:ticks` with counted bigint placeholders, `pullStream` hands the
// count over with each item of a batch, and the main runtime revives them,
// so the page's `for await` gets BigInts. The clock is kept out of the
// ledger's golden schema (ipc-codegen does not emit stream channels yet):
// this test gives the main runtime a channel table of its own and copies
// the preload's stream half as tests/electron/streams.test.js does.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { after, afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");
const { createMainIpc } = require("../../ipc-codegen/runtime/main-runtime.cjs");

const ROOT = path.join(__dirname, "..", "..");
const ADDON = path.join(ROOT, "tests", "ledger-addon", "ipc_ledger_addon.node");
const skip = !fs.existsSync(ADDON) && `${ADDON} is not built: see scripts/addons.txt`;
const ORIGIN = "https://app.example";
const U64_MAX = 18446744073709551615n;
const I64_MIN = -9223372036854775808n;

const RUNTIME = fs.readFileSync(path.join(ROOT, "ipc-codegen", "runtime", "renderer-runtime.cjs"), "utf8");
const between = (from, to) => RUNTIME.slice(RUNTIME.indexOf(from), RUNTIME.indexOf(to));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-bigint-streams-"));
const PRELOAD = path.join(dir, "preload.js");
fs.writeFileSync(
  PRELOAD,
  `"use strict";
const { contextBridge, ipcRenderer } = require("electron");
${between("// --- ipc-codegen copies from here ---", "// --- ipc-codegen copies up to here ---")}
${between("// --- streams: copied after", "// --- streams: up to here ---")}
const streams = connectStreams(ipcRenderer);
contextBridge.exposeInMainWorld("clock", {
  ticks: (...args) => streams.stream("clock:ticks", "clock.ticks", ["start", "count"], args),
});
`,
);
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Page code: reads the whole stream; answers the items or the error. */
const readAll = (call) => `(async () => {
  const iterator = ${call};
  const items = [];
  try {
    for await (const item of { [Symbol.asyncIterator]: () => iterator }) items.push(item);
    return { items };
  } catch (error) {
    return { items, error: { code: error.code, data: error.data } };
  }
})()`;

describe("stream items under the bigint policy, through the real addon", { skip }, () => {
  let app;
  let registration;
  let errors;
  let doc;

  beforeEach(async () => {
    app = createApp();
    errors = [];
    const backend = require(ADDON);
    const contract = {
      channels: [{ channel: "clock:ticks", kind: "stream", service: "clock", name: "ticks" }],
      schemas: [
        { app: "clock-app", hash: backend.schemaHash("clock-app", ["clock"]), namespaces: ["clock"], int64: "bigint" },
      ],
    };
    registration = createMainIpc(contract, app.electron).registerIpc({
      backend,
      allowedOrigins: [ORIGIN],
      onError: (error) => errors.push(error),
    });
    const win = new app.electron.BrowserWindow({ webPreferences: { preload: PRELOAD, sandbox: true } });
    await win.loadURL(`${ORIGIN}/index.html`);
    doc = app.renderer(win);
  });
  afterEach(() => {
    registration();
    app.dispose();
  });

  it("the page's for await gets each item's 64-bit integers as BigInts, exactly", async () => {
    const result = await doc.evaluate(readAll(`window.clock.ticks(${U64_MAX - 1n}n, 40)`));
    assert.equal(result.error, undefined);
    assert.equal(result.items.length, 40);
    assert.deepEqual({ ...result.items[0] }, { id: U64_MAX - 1n, cents: I64_MIN, day: 0 });
    assert.deepEqual({ ...result.items[1] }, { id: U64_MAX, cents: I64_MIN + 1n, day: 1 });
    assert.deepEqual({ ...result.items[2] }, { id: 0n, cents: I64_MIN + 2n, day: 2 }, "the id wraps");
    assert.ok(result.items.every((item) => typeof item.id === "bigint" && typeof item.day === "number"));
    assert.deepEqual(errors, []);
  });

  it("a BigInt beyond the argument's Rust type is refused before any stream opens", async () => {
    const result = await doc.evaluate(readAll("window.clock.ticks(2n ** 64n, 1)"));
    assert.equal(result.items.length, 0);
    assert.equal(result.error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(result.error.data.argument, "start");
  });
});
