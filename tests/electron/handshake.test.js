"use strict";
// The schema handshake between the main glue and the addon (docs/wire.md,
// "The handshake"), end to end: the todos example's generated main glue and
// preload in the harness, served by real addons built from the same schema
// and from others, and by JavaScript backends.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { afterEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

const ROOT = path.join(__dirname, "..", "..");
const GENERATED = path.join(ROOT, "examples", "todos", "generated");
const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "todos", "schema", "todo-app.json"), "utf8"));
const ADDONS = {
  todos: path.join(ROOT, "examples", "todos", "core.node"),
  seedPatterns: path.join(ROOT, "examples", "seed-patterns", "core.node"),
  test: path.join(ROOT, "tests", "addon", "ipc_test_addon.node"),
};
const missing = Object.values(ADDONS).filter((file) => !fs.existsSync(file));
const skip = missing.length > 0 && `addons not built (${missing.join(", ")}): see scripts/addons.txt`;

const ORIGIN = "https://app.example";
const rejection = (promise) =>
  promise.then(
    () => assert.fail("expected a rejection"),
    (e) => e,
  );

describe("schema handshake between the main glue and the backend", { skip }, () => {
  let app;
  afterEach(() => app?.dispose());

  /** The todos glue served by `backend`, one window on its preload, and what onError heard. */
  async function serve(backend) {
    app = createApp();
    const main = app.loadMain(path.join(GENERATED, "main.cjs"));
    const reported = [];
    main.registerIpc({ backend, allowedOrigins: [ORIGIN], onError: (error) => reported.push(error) });
    const win = new app.electron.BrowserWindow({
      webPreferences: main.secureWebPreferences({ preload: path.join(GENERATED, "preload.js") }),
    });
    await win.loadURL(`${ORIGIN}/index.html`);
    const doc = app.renderer(win);
    assert.deepEqual(doc.errors, []);
    return { reported, doc };
  }

  const mismatches = (reported) => reported.filter((error) => error.code === "ERR_SCHEMA_MISMATCH");

  it("a matching addon is served as before, with nothing reported", async () => {
    const { reported, doc } = await serve(require(ADDONS.todos));
    assert.deepEqual(mismatches(reported), []);
    assert.equal(typeof (await doc.page.run("window.todos.count()")), "number");
  });

  for (const [name, file] of [
    ["the test addon", ADDONS.test],
    ["the seed-patterns addon", ADDONS.seedPatterns],
  ]) {
    it(`an addon built from another schema (${name}) is reported once, and the page's calls get ERR_SCHEMA_MISMATCH`, async () => {
      const addon = require(file);
      const actual = addon.schemaHash("todo-app", ["todos"]);
      assert.notEqual(actual, SCHEMA.hash);
      const { reported, doc } = await serve(addon);

      const [report, ...others] = mismatches(reported);
      assert.deepEqual(others, [], "reported once, at registration");
      assert.equal(report.channel, "ipc:handshake");
      assert.deepEqual({ ...report.data }, { part: "addon", app: "todo-app", expected: SCHEMA.hash, actual });
      assert.match(report.message, /rebuild the addon/);
      assert.ok(report.message.includes(SCHEMA.hash) && report.message.includes(actual), report.message);

      const error = await rejection(doc.page.run('window.todos.add("milk")'));
      assert.equal(error.code, "ERR_SCHEMA_MISMATCH");
      assert.equal(error.channel, "todos:add");
      assert.deepEqual({ ...error.data }, { part: "addon", app: "todo-app", expected: SCHEMA.hash, actual });
      assert.match(error.message, /the addon differs\): rebuild the addon/);
      // A send is dropped without another report.
      doc.page.run('window.todos.log("hello")');
      await app.idle();
      assert.equal(mismatches(reported).length, 1);
    });
  }

  it("a backend whose schemaHash throws is reported with the cause, and its calls refused", async () => {
    const calls = [];
    const backend = {
      call(channel) {
        calls.push(channel);
        return JSON.stringify({ ok: true, value: 0 });
      },
      schemaHash() {
        throw new Error("no schema here");
      },
    };
    const { reported, doc } = await serve(backend);
    const [report] = mismatches(reported);
    assert.equal(report.data.actual, null);
    assert.match(report.message, /no schema here/);
    assert.equal(report.cause.message, "no schema here");
    const error = await rejection(doc.page.run("window.todos.count()"));
    assert.equal(error.code, "ERR_SCHEMA_MISMATCH");
    assert.deepEqual(calls, [], "no call reaches the backend");
  });

  it("schemaHash is asked once, with the app and its namespaces; a JavaScript backend without it is not checked", async () => {
    const asked = [];
    const backend = {
      call: () => JSON.stringify({ ok: true, value: 0 }),
      schemaHash(...args) {
        asked.push(args);
        return SCHEMA.hash;
      },
    };
    let served = await serve(backend);
    await served.doc.page.run("window.todos.count()");
    await served.doc.page.run("window.todos.count()");
    assert.deepEqual(asked, [["todo-app", ["todos"]]]);
    assert.deepEqual(mismatches(served.reported), []);
    app.dispose();

    served = await serve({ call: () => JSON.stringify({ ok: true, value: 7 }) });
    assert.equal(await served.doc.page.run("window.todos.count()"), 7);
    assert.deepEqual(mismatches(served.reported), []);
  });

  it("a stale channel still refuses a sender that fails the checks, before saying anything of the schema", async () => {
    app = createApp();
    const main = app.loadMain(path.join(GENERATED, "main.cjs"));
    const reported = [];
    main.registerIpc({ backend: require(ADDONS.test), allowedOrigins: [ORIGIN], onError: (e) => reported.push(e) });
    const win = new app.electron.BrowserWindow({
      webPreferences: main.secureWebPreferences({ preload: path.join(GENERATED, "preload.js") }),
    });
    await win.loadURL("https://evil.example/");
    const error = await rejection(app.renderer(win).page.run("window.todos.count()"));
    assert.equal(error.code, "ERR_FORBIDDEN");
    assert.equal(error.data.reason.includes("sha256"), false);
  });
});
