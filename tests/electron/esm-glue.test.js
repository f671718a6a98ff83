"use strict";
// The ES-module main glue (`main.mjs`) runs: the golden file of the code
// generator is imported with `import … from "electron"` bound to the
// harness's fake module (`app.importMain`, through Node's module hooks) and
// driven from a sandboxed page through the generated preload, with a
// plain-JavaScript backend. Module hooks stay for the whole process, so the
// main process runs in a child of its own (fixtures/esm-glue-main.mjs),
// which reports what it observed; the assertions are here.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { before, describe, it } = require("node:test");

// The golden files (<fixture>/expected); IPC_GENERATED_DIR points at another
// output of `ipc-codegen generate <fixture>/schema.json --out <dir>` instead.
const FIXTURE = path.join(__dirname, "..", "..", "ipc-codegen", "tests", "fixtures", "todos");
const GENERATED = process.env.IPC_GENERATED_DIR || path.join(FIXTURE, "expected");
const SCHEMA = path.join(FIXTURE, "schema.json");
const FILES = [SCHEMA, path.join(GENERATED, "main.mjs"), path.join(GENERATED, "preload.js")];
const missing = FILES.filter((file) => !fs.existsSync(file));
const skip =
  missing.length > 0 && `generated fixtures not present (${missing.map((f) => path.basename(f)).join(", ")})`;
const DRIVER = path.join(__dirname, "fixtures", "esm-glue-main.mjs");

const ORIGIN = "https://app.example";

/** What the child observed in one step; a step that threw there fails here with its stack. */
function observed(report, name) {
  const result = report[name];
  assert.ok(result !== undefined, `the main process reported no step ${name}`);
  if (result !== null && typeof result === "object" && "failed" in result) {
    assert.fail(`step ${name} threw in the main process (${path.basename(DRIVER)}):\n${result.failed}`);
  }
  return result;
}

describe("generated ES-module main glue (main.mjs) in the harness", { skip }, () => {
  let report;
  let schema;

  before(() => {
    schema = JSON.parse(fs.readFileSync(SCHEMA, "utf8"));
    const child = spawnSync(process.execPath, [DRIVER, GENERATED, SCHEMA], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    assert.equal(
      child.status,
      0,
      `the main process of ${path.relative(process.cwd(), DRIVER)} failed ` +
        `(status ${child.status}, signal ${child.signal}):\n${child.stderr}${child.error ?? ""}`,
    );
    report = JSON.parse(child.stdout);
  });

  it("is an ES module exporting CHANNELS, registerIpc and secureWebPreferences", () => {
    const module = observed(report, "module");
    assert.equal(module.tag, "[object Module]");
    assert.deepEqual(module.exports, ["CHANNELS", "registerIpc", "secureWebPreferences"]);
  });

  it("registers every invoke and send channel of the schema on the harness's ipcMain, and no other", () => {
    const expected = schema.services
      .flatMap((s) => s.channels)
      .map((c) => ({
        channel: c.channel,
        handler: c.kind === "invoke",
        listeners: c.kind === "send" ? 1 : 0,
      }));
    assert.deepEqual(observed(report, "registered"), expected);
  });

  it("opens a sandboxed, context-isolated window whose page has no require or process", () => {
    const { preferences, errors, page } = observed(report, "window");
    assert.deepEqual(errors, [], "the generated preload loads in a sandbox");
    assert.equal(preferences.sandbox, true);
    assert.equal(preferences.contextIsolation, true);
    assert.equal(preferences.nodeIntegration, false);
    assert.deepEqual(page, { require: "undefined", process: "undefined", ipcRenderer: "undefined" });
  });

  it("an invoke from the page reaches the JavaScript backend and resolves with its value", () => {
    const { value, calls, expectedSender } = observed(report, "invoke");
    assert.deepEqual(value, { echo: report.args });
    assert.equal(calls.length, 1);
    assert.equal(calls[0].channel, report.channel);
    assert.equal(calls[0].argsJson, JSON.stringify(report.args));
    assert.deepEqual(calls[0].sender, expectedSender);
    assert.equal(calls[0].sender[4], ORIGIN);
  });

  it("a backend event reaches the page's subscriber, arguments only", () => {
    const { sent, received } = observed(report, "event");
    assert.deepEqual(received, [sent]);
  });

  it("a typed error rejects with ERR_HANDLER, keeping its code, message and data", () => {
    assert.deepEqual(observed(report, "typedError"), {
      error: {
        name: "IpcError",
        code: "ERR_HANDLER",
        message: "no such todo",
        channel: report.channel,
        data: { NotFound: { id: 3 } },
      },
      calls: 1,
    });
  });

  it("a page of another origin is refused with ERR_FORBIDDEN before the backend, and reported", () => {
    const { error, calls, reported } = observed(report, "forbidden");
    assert.equal(error.code, "ERR_FORBIDDEN");
    assert.equal(error.channel, report.channel);
    assert.match(error.message, /evil\.example/);
    assert.equal(calls, 0);
    assert.deepEqual(reported, ["ERR_FORBIDDEN"]);
  });

  it("each app importing main.mjs gets its own copy, bound to its own electron", () => {
    assert.deepEqual(observed(report, "isolation"), {
      sameModule: false,
      otherRegistered: true,
      firstStillRegistered: true,
    });
  });

  it("dispose removes every handler and listener; a later invoke rejects with ERR_TRANSPORT", () => {
    const { handlers, error, calls, consoleErrors } = observed(report, "disposed");
    assert.deepEqual(
      handlers.filter((h) => h.handler || h.listeners > 0),
      [],
    );
    assert.equal(handlers.length, schema.services.flatMap((s) => s.channels).length);
    assert.equal(error.code, "ERR_TRANSPORT");
    assert.equal(calls, 0);
    assert.deepEqual(report.uncaught, []);
    // The one error main logged is Electron's own for the invoke after dispose.
    assert.deepEqual(consoleErrors, [`Error occurred in handler for '${report.channel}':`]);
  });
});
