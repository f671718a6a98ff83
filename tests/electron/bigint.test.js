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

/**
 * The handlers of the main-process service `teller`: each records what it
 * received in `teller.received`; `deposit` answers `teller.answer` when a
 * test set it, and throws `teller.error` when set.
 */
function tellerHandlers(teller) {
  return {
    deposit(account, cents) {
      teller.received.push(["deposit", account, cents]);
      if (teller.error !== undefined) {
        throw teller.error;
      }
      return teller.answer === undefined ? { id: account, cents, day: 3 } : teller.answer;
    },
    count(byDay) {
      teller.received.push(["count", { ...byDay }]);
      return Object.values(byDay).reduce((sum, cents) => sum + cents, 0n);
    },
    note(account) {
      teller.received.push(["note", account]);
    },
  };
}

describe("the bigint policy through the real addon", { skip }, () => {
  let app;
  let doc;
  let reported;
  let registration;
  let teller;

  beforeEach(async () => {
    app = createApp();
    const main = app.loadMain(path.join(GENERATED, "main.cjs"));
    reported = [];
    teller = { received: [], answer: undefined, error: undefined };
    registration = main.registerIpc({
      backend: require(ADDON),
      allowedOrigins: [ORIGIN],
      onError: (error) => reported.push(error),
      handlers: { teller: tellerHandlers(teller) },
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
    assert.equal(require(ADDON).schemaHash("ledger-app", ["ledger", "teller"]), SCHEMA.hash);
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

  it("a main-process handler gets BigInts where the Rust types have 64-bit integers, a safe number sent for one included", async () => {
    const movement = await doc.page.run(`window.teller.deposit(${U64_MAX}n, 5)`);
    assert.deepEqual(teller.received, [["deposit", U64_MAX, 5n]]);
    assert.deepEqual({ ...movement }, { id: U64_MAX, cents: 5n, day: 3 });
    // A sendSync, a map with `${bigint}` keys: the keys stay strings, the values are BigInts.
    // A sync call answers its envelope.
    const counted = doc.page.run(`window.teller.count({ "${U64_MAX}": ${I64_MIN}n, "2": 2 })`);
    assert.deepEqual(teller.received[1], ["count", { [U64_MAX.toString()]: I64_MIN, 2: 2n }]);
    // The handler's sum is below zero, which its Rust type (a u64) refuses.
    assert.equal(counted.error.code, "ERR_BAD_RESPONSE");
    assert.deepEqual({ ...doc.page.run('window.teller.count({ "1": 40n, "2": 2 })') }, { ok: true, value: 42n });
    // A send.
    await doc.page.run("window.teller.note(7)");
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(teller.received.at(-1), ["note", 7n]);
    const refusals = reported.map((error) => [error.code, error.channel, error.data?.path]);
    assert.deepEqual(refusals, [["ERR_BAD_RESPONSE", "teller:count", "."]]);
  });

  it("a BigInt beyond the Rust type is refused with its path before a main-process handler runs", async () => {
    const error = await rejection(doc.page.run("window.teller.deposit(2n ** 64n, 1n)"));
    assert.equal(error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(error.data.argument, "account");
    assert.deepEqual(teller.received, [], "the handler never ran");
  });

  it("what a main-process handler answers is checked against the Rust type and carried as BigInts", async () => {
    // Safe numbers where the Rust type has 64-bit integers become BigInts.
    teller.answer = { id: 7, cents: -1, day: 3 };
    assert.deepEqual({ ...(await doc.page.run("window.teller.deposit(1n, 1n)")) }, { id: 7n, cents: -1n, day: 3 });
    // Beyond the Rust type, or not of it: ERR_BAD_RESPONSE for the page, the path for onError.
    for (const [answer, where] of [
      [{ id: 2n ** 64n, cents: 0n, day: 3 }, "id"],
      [{ id: 1n, cents: 0n, day: 2n ** 32n }, "day"],
      [{ id: 1.5, cents: 0n, day: 3 }, "id"],
    ]) {
      reported.length = 0;
      teller.answer = answer;
      const error = await rejection(doc.page.run("window.teller.deposit(1n, 1n)"));
      assert.equal(error.code, "ERR_BAD_RESPONSE", where);
      assert.equal(reported[0].code, "ERR_BAD_RESPONSE");
      assert.equal(reported[0].data.path, where);
    }
    // A typed error's data, against the error type.
    teller.error = { message: "short", data: { Overdrawn: { short_by: 5 } } };
    const handled = await rejection(doc.page.run("window.teller.deposit(1n, 1n)"));
    assert.equal(handled.code, "ERR_HANDLER");
    assert.equal(handled.data.Overdrawn.short_by, 5n);
    teller.error = { message: "short", data: { Overdrawn: { short_by: -1n } } };
    const refused = await rejection(doc.page.run("window.teller.deposit(1n, 1n)"));
    assert.equal(refused.code, "ERR_BAD_RESPONSE");
  });

  it("events and states of main-process JavaScript are checked and carried as BigInts", async () => {
    const heard = doc.page.run(
      "new Promise((resolve) => window.teller.onceCounted((total, account) => resolve([total, account])))",
    );
    registration.events.teller.counted("all", I64_MIN, 7);
    assert.deepEqual([...(await heard)], [I64_MIN, 7n]);
    assert.throws(
      () => registration.events.teller.counted("all", 2n ** 63n, 7),
      (error) => error.code === "ERR_BAD_ARGUMENTS" && error.data.argument === "total",
    );
    const version = registration.states.teller.drawer.set({ account: U64_MAX, cents: 2, by_day: { 1: 3 }, count: 4 });
    assert.equal(version, 1);
    const drawer = await doc.page.run("window.teller.drawerState.load()");
    assert.deepEqual(
      { ...drawer, by_day: { ...drawer.by_day } },
      { account: U64_MAX, cents: 2n, by_day: { 1: 3n }, count: 4 },
    );
    assert.equal(registration.states.teller.drawer.get().cents, 2n);
    assert.throws(
      () => registration.states.teller.drawer.set({ account: -1n, cents: 2, by_day: {}, count: 4 }),
      (error) => error.code === "ERR_BAD_ARGUMENTS",
    );
    assert.equal(registration.states.teller.drawer.version, 1, "a refused value changes nothing");
  });

  it("a Rust state is read and followed with its BigInts", async () => {
    const first = await doc.page.run("window.ledger.lastBalanceState.load()");
    assert.equal(first.account, U64_MAX);
    assert.equal(first.by_day[U64_MAX.toString()], 9223372036854775807n);
    const next = doc.page.run(`new Promise((resolve) => {
      const stop = window.ledger.lastBalanceState.subscribe(() => {
        const value = window.ledger.lastBalanceState.getSnapshot();
        if (value.count > 0) { stop(); resolve(value); }
      });
    })`);
    await rejection(doc.page.run(`window.ledger.withdraw(${U64_MAX - 1n}n, ${I64_MIN}n)`));
    const followed = await next;
    assert.equal(followed.account, U64_MAX - 1n);
    assert.equal(followed.cents, I64_MIN);
    assert.deepEqual(reported, []);
  });

  it("what crossed the bridge type-checks against the declarations, and its mutations do not", async () => {
    const balance = await doc.page.run(`window.ledger.balance(${U64_MAX}n)`);
    const total = await doc.page.run(`window.ledger.total({ "1": 1n })`);
    const error = await rejection(doc.page.run("window.ledger.withdraw(1n, 2n)"));
    // Through a main-process handler, both ways.
    const movement = await doc.page.run(`window.teller.deposit(${U64_MAX}n, 5)`);
    const [, account, cents] = teller.received[0];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-bigint-"));
    try {
      for (const name of fs.readdirSync(GENERATED).filter((file) => /\.d\.c?ts$/.test(file))) {
        fs.copyFileSync(path.join(GENERATED, name), path.join(dir, name));
      }
      const mutated = { ...balance, account: Number(balance.account) };
      const source = [
        'import type { Balance, LedgerError, LedgerApi, Movement } from "./ipc";',
        'import type { TellerHandlers } from "./main.cjs";',
        `export const balance: Balance = ${literal(balance)};`,
        `export const total: Awaited<ReturnType<LedgerApi["total"]>> = ${literal(total)};`,
        `export const error: LedgerError = ${literal(error.data)};`,
        `export const movement: Movement = ${literal(movement)};`,
        // What the handler received, as its declared parameters.
        `export const received: Parameters<TellerHandlers["deposit"]> = [${literal(account)}, ${literal(cents)}, sender()];`,
        "// @ts-expect-error: a number where bigint is declared",
        `export const mutated: Balance = ${literal(mutated)};`,
        "// @ts-expect-error: a number where bigint is declared",
        `export const mutatedTotal: Awaited<ReturnType<LedgerApi["total"]>> = ${literal(Number(total))};`,
        "// @ts-expect-error: a number where bigint is declared",
        `export const mutatedMovement: Movement = ${literal({ ...movement, id: Number(movement.id) })};`,
        "export const handlers: TellerHandlers = {",
        "  deposit: (account, cents) => ({ id: account, cents, day: 3 }),",
        "  // @ts-expect-error: a handler that answers a number where bigint is declared",
        "  count: () => 1,",
        "  // @ts-expect-error: a handler that takes a number where bigint is declared",
        "  note: (account: number) => {},",
        "};",
        'declare function sender(): Parameters<TellerHandlers["note"]>[1];',
        "",
      ].join("\n");
      fs.writeFileSync(path.join(dir, "crossed.ts"), source);
      // The main-process declarations import Electron's: resolved from this repository.
      const modules = path.join(ROOT, "node_modules");
      const compilerOptions = {
        strict: true,
        noEmit: true,
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        baseUrl: ".",
        paths: { electron: [path.join(modules, "electron", "electron.d.ts")] },
        typeRoots: [path.join(modules, "@types")],
        types: ["node"],
      };
      fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["crossed.ts"] }));
      const result = spawnSync(process.execPath, [TSC, "-p", "."], { cwd: dir, encoding: "utf8" });
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
