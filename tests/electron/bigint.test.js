"use strict";
// The `bigint` policy for 64-bit integers end to end (docs/wire.md, "64-bit
// integers"): the golden glue of ipc-codegen/tests/fixtures/bigint (preload
// and main glue) in the harness, served by the real addon of
// tests/ledger-addon, whose router picks the same policy. The page sends
// and receives BigInts; what it received is then type-checked against the
// generated declarations (`tsc --strict`), and mutations of it must not be.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");
const { checkSecurityMd } = require("../security/support/setup.js");

const ROOT = path.join(__dirname, "..", "..");
const FIXTURE = path.join(ROOT, "ipc-codegen", "tests", "fixtures", "bigint");
const GENERATED = path.join(FIXTURE, "expected");
const SCHEMA = JSON.parse(fs.readFileSync(path.join(FIXTURE, "schemas", "ledger-app.json"), "utf8"));
const ADDON = path.join(ROOT, "tests", "ledger-addon", "ipc_ledger_addon.node");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const skip = !fs.existsSync(ADDON) && `${ADDON} is not built: see scripts/addons.txt`;

const ORIGIN = "https://app.example";
const U64_MAX = 18446744073709551615n;
const I64_MIN = -9223372036854775808n;
/** A refusal: ERR_BAD_ARGUMENTS naming the argument and serde's path inside it. */
const bad = (argument, path_) => ({ code: "ERR_BAD_ARGUMENTS", argument, path: path_ });

// [page code, expected outcome, what is sent (for SECURITY.md)]: values at and
// beyond the edges of the 64-bit types, through the real addon.
const ROWS = [
  ["window.ledger.small(4294967295)", { value: 4294967295 }, "a u32 at its maximum, as a `number`"],
  ["window.ledger.total({})", { value: 0n }, "an empty map; the `i128` answer is a `BigInt`"],
  [
    'window.ledger.total({ "1": 9223372036854775807n })',
    { value: 36893488147419103228n },
    "`i64::MAX` as a map value (four times it fits the `i128` answer)",
  ],
  ["window.ledger.balance(2n ** 64n)", bad("account", "."), "`2n ** 64n` for a `u64` (one beyond its range)"],
  ["window.ledger.balance(-1n)", bad("account", "."), "`-1n` for a `u64`"],
  [
    "window.ledger.balance(2 ** 64)",
    bad("account", "."),
    "`2 ** 64`, a `number` JavaScript rounded (the glue writes it in exponent form)",
  ],
  ["window.ledger.balance(1.5)", bad("account", "."), "`1.5` for a `u64`"],
  ['window.ledger.balance("18446744073709551615")', bad("account", "."), "the digits as a string for a `u64`"],
  ['window.ledger.total({ "1": 2n ** 63n })', bad("byDay", "1"), "`2n ** 63n` as an `i64` map value"],
  // serde_path_to_error names a map key it could not decode `?`.
  ['window.ledger.total({ "x": 1n })', bad("byDay", "?"), "a map key that is not a `u64`"],
  [
    'window.ledger.total({ "-1": 1n })',
    bad("byDay", "-1"),
    "a negative map key for a `u64` (serde names the key it parsed)",
  ],
  ["window.ledger.small(2n ** 32n)", bad("count", "."), "`2n ** 32n`, a `BigInt` beyond a `u32`"],
];

const rejection = (promise) =>
  promise.then(
    () => assert.fail("expected a rejection"),
    (e) => e,
  );

describe("the bigint policy through the real addon", { skip }, () => {
  let app;
  let doc;
  let reported;
  let registration;

  beforeEach(async () => {
    app = createApp();
    const main = app.loadMain(path.join(GENERATED, "main.cjs"));
    reported = [];
    registration = main.registerIpc({
      backend: require(ADDON),
      allowedOrigins: [ORIGIN],
      onError: (error) => reported.push(error),
    });
    const win = new app.electron.BrowserWindow({
      webPreferences: main.secureWebPreferences({ preload: path.join(GENERATED, "preload.js") }),
    });
    await win.loadURL(`${ORIGIN}/index.html`);
    doc = app.renderer(win);
    assert.deepEqual(doc.errors, []);
  });
  afterEach(() => {
    registration();
    app.dispose();
  });

  it("the addon's router and the glue agree on the schema, policy included", () => {
    assert.equal(SCHEMA.int64, "bigint");
    assert.equal(require(ADDON).schemaHash("ledger-app", ["ledger"]), SCHEMA.hash);
    assert.deepEqual(reported, []);
  });

  it("u64::MAX and i64::MIN cross exactly both ways, as BigInts, and map keys as their decimal text", async () => {
    const balance = await doc.page.run(`window.ledger.balance(${U64_MAX}n)`);
    assert.equal(balance.account, U64_MAX);
    assert.equal(balance.cents, I64_MIN);
    assert.deepEqual({ ...balance.by_day }, { 7: 1n, [U64_MAX.toString()]: -1n });
    assert.equal(balance.count, 2, "a u32 stays a number");
    const total = await doc.page.run(`window.ledger.total({ "${U64_MAX}": ${I64_MIN}n, "1": 9223372036854775807n })`);
    assert.equal(total, -4n, "an i128");
    assert.equal(await doc.page.run("window.ledger.small(4294967295)"), 4294967295);
    assert.deepEqual(reported, []);
  });

  it("a safe number where a bigint is declared is accepted; the answer is a BigInt", async () => {
    const balance = await doc.page.run("window.ledger.balance(42)");
    assert.equal(balance.account, 42n);
  });

  it("a typed error's data and an event carry BigInts", async () => {
    const heard = doc.page.run(
      "new Promise((resolve) => window.ledger.onceMoved((account, cents) => resolve([account, cents])))",
    );
    const error = await rejection(doc.page.run(`window.ledger.withdraw(${U64_MAX}n, ${I64_MIN}n)`));
    assert.equal(error.code, "ERR_HANDLER");
    assert.equal(error.data.Overdrawn.short_by, U64_MAX);
    assert.deepEqual([...(await heard)], [U64_MAX, I64_MIN]);
  });

  for (const [code, expected, what] of ROWS) {
    it(`${code}: ${what}`, async () => {
      if (expected.code === undefined) {
        assert.deepEqual(await doc.page.run(code), expected.value);
        return;
      }
      const error = await rejection(doc.page.run(code));
      assert.equal(error.code, expected.code, error.message);
      assert.equal(error.data.argument, expected.argument, error.message);
      assert.equal(error.data.path, expected.path, error.message);
    });
  }

  it("SECURITY.md carries this table", () => {
    const lines = ["| call from page code | what is sent | outcome |", "|---|---|---|"];
    for (const [code, expected, what] of ROWS) {
      const outcome =
        expected.code === undefined
          ? `accepted: \`${literal(expected.value)}\``
          : `\`${expected.code}\`, \`argument: "${expected.argument}"\`, \`path: "${expected.path}"\``;
      lines.push(`| \`${code.replace(/^window\./, "")}\` | ${what} | ${outcome} |`);
    }
    checkSecurityMd("bad-input-table:bigint", `${lines.join("\n")}\n`);
  });

  it("refuses a page object with the key $ipcBigInt, with its path, before the backend sees it", async () => {
    const error = await rejection(doc.page.run('window.ledger.total({ "1": 1n, nested: { $ipcBigInt: "5" } })'));
    assert.equal(error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(error.data.path, "nested.$ipcBigInt");
    assert.match(error.message, /reserved for the placeholders of BigInts/);
  });

  it("what crossed the bridge type-checks against the declarations, and its mutations do not", async () => {
    const balance = await doc.page.run(`window.ledger.balance(${U64_MAX}n)`);
    const total = await doc.page.run(`window.ledger.total({ "1": 1n })`);
    const error = await rejection(doc.page.run("window.ledger.withdraw(1n, 2n)"));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-bigint-"));
    try {
      fs.copyFileSync(path.join(GENERATED, "ipc.d.ts"), path.join(dir, "ipc.d.ts"));
      const mutated = { ...balance, account: Number(balance.account) };
      const source = [
        'import type { Balance, LedgerError, LedgerApi } from "./ipc";',
        `export const balance: Balance = ${literal(balance)};`,
        `export const total: Awaited<ReturnType<LedgerApi["total"]>> = ${literal(total)};`,
        `export const error: LedgerError = ${literal(error.data)};`,
        "// @ts-expect-error: a number where bigint is declared",
        `export const mutated: Balance = ${literal(mutated)};`,
        "// @ts-expect-error: a number where bigint is declared",
        `export const mutatedTotal: Awaited<ReturnType<LedgerApi["total"]>> = ${literal(Number(total))};`,
        "",
      ].join("\n");
      fs.writeFileSync(path.join(dir, "crossed.ts"), source);
      const result = spawnSync(
        process.execPath,
        [TSC, "--strict", "--noEmit", "--target", "es2020", "--moduleResolution", "node", "crossed.ts"],
        { cwd: dir, encoding: "utf8" },
      );
      assert.equal(result.status, 0, `tsc --strict failed:\n${result.stdout}${result.stderr}\n${source}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A value received by the page as a TypeScript literal: BigInts as `123n`. */
function literal(value) {
  if (typeof value === "bigint") {
    return `${value}n`;
  }
  if (Array.isArray(value)) {
    return `[${value.map(literal).join(", ")}]`;
  }
  if (value !== null && typeof value === "object") {
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${literal(item)}`)
      .join(", ")} }`;
  }
  return JSON.stringify(value);
}
