"use strict";
// The schema handshake's preload half (docs/wire.md, "The handshake"), end
// to end: the todos example's real addon, with its generated main glue and
// preload, one of which is generated from another schema of the same app
// (the same channels, another hash). The third case, an addon built from
// another schema, is in handshake.test.js.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { after, afterEach, before, describe, it } = require("node:test");
const { createApp } = require("./harness");

const ROOT = path.join(__dirname, "..", "..");
const GENERATED = path.join(ROOT, "examples", "todos", "generated");
const SCHEMA_FILE = path.join(ROOT, "examples", "todos", "schema", "todo-app.json");
const SCHEMA = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
const ADDON = path.join(ROOT, "examples", "todos", "core.node");
const skip = !fs.existsSync(ADDON) && "the todos addon is not built: see scripts/addons.txt";

const ORIGIN = "https://app.example";
const rejection = (promise) =>
  promise.then(
    () => assert.fail("expected a rejection"),
    (e) => e,
  );

/** The todos schema with other docs: the same channels, another hash (written as the Rust side writes it). */
function otherSchema() {
  const schema = JSON.parse(JSON.stringify(SCHEMA));
  schema.services[0].docs = `${schema.services[0].docs ?? ""} (an older build)`;
  schema.hash = "";
  schema.hash = `sha256:${crypto
    .createHash("sha256")
    .update(`${JSON.stringify(schema, null, 2)}\n`)
    .digest("hex")}`;
  return schema;
}

describe("schema handshake between the preload and the main glue", { skip }, () => {
  let dir;
  let other;
  before(() => {
    other = otherSchema();
    assert.notEqual(other.hash, SCHEMA.hash);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-handshake-"));
    fs.writeFileSync(path.join(dir, "todo-app.json"), `${JSON.stringify(other, null, 2)}\n`);
    const generated = spawnSync(
      "cargo",
      [
        "run",
        "--quiet",
        "-p",
        "electron-ipc-codegen",
        "--",
        "generate",
        path.join(dir, "todo-app.json"),
        "--out",
        path.join(dir, "generated"),
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(generated.status, 0, `ipc-codegen generate failed:\n${generated.stderr}`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  let app;
  afterEach(() => app?.dispose());

  /** The main glue of `mainDir` over the real addon; `open(preloadDir)` opens a window on that folder's preload. */
  function serve(mainDir) {
    app = createApp();
    const main = app.loadMain(path.join(mainDir, "main.cjs"));
    const reported = [];
    const registration = main.registerIpc({
      backend: require(ADDON),
      allowedOrigins: [ORIGIN],
      onError: (error) => reported.push(error),
    });
    const open = async (preloadDir) => {
      const win = new app.electron.BrowserWindow({
        webPreferences: main.secureWebPreferences({ preload: path.join(preloadDir, "preload.js") }),
      });
      await win.loadURL(`${ORIGIN}/index.html`);
      const doc = app.renderer(win);
      assert.deepEqual(doc.errors, []);
      await app.idle();
      return { win, doc };
    };
    const mismatches = () => reported.filter((error) => error.code === "ERR_SCHEMA_MISMATCH");
    return { open, mismatches, registration };
  }

  it("a matching preload is served, with nothing reported", async () => {
    const { open, mismatches } = serve(GENERATED);
    const { doc } = await open(GENERATED);
    assert.equal(typeof (await doc.page.run("window.todos.count()")), "number");
    assert.deepEqual(mismatches(), []);
  });

  it("a stale preload: its frame's calls get ERR_SCHEMA_MISMATCH naming the preload, reported once with the three hashes", async () => {
    const { open, mismatches } = serve(GENERATED);
    const stale = await open(path.join(dir, "generated"));
    const expected = { part: "preload", app: "todo-app", expected: SCHEMA.hash, actual: other.hash };

    const [report, ...more] = mismatches();
    assert.deepEqual(more, []);
    assert.equal(report.channel, "ipc:handshake");
    assert.deepEqual(
      { ...report.data, hashes: { ...report.data.hashes } },
      { ...expected, hashes: { preload: other.hash, main: SCHEMA.hash, addon: SCHEMA.hash } },
    );
    assert.match(report.message, /regenerate the preload/);

    const error = await rejection(stale.doc.page.run('window.todos.add("milk")'));
    assert.equal(error.code, "ERR_SCHEMA_MISMATCH");
    assert.deepEqual({ ...error.data }, expected);
    assert.match(error.message, /the preload differs\): regenerate the preload/);
    // A sync channel's kin, a send, is dropped; nothing reached Rust.
    stale.doc.page.run('window.todos.log("hello")');
    assert.equal((await rejection(stale.doc.page.run("window.todos.count()"))).code, "ERR_SCHEMA_MISMATCH");

    // Another window on the same stale preload: refused too, not reported again.
    const second = await open(path.join(dir, "generated"));
    assert.equal((await rejection(second.doc.page.run("window.todos.count()"))).code, "ERR_SCHEMA_MISMATCH");
    assert.equal(mismatches().length, 1);

    // A window on the current preload is served; so is the stale window once it reloads a current one.
    const fresh = await open(GENERATED);
    assert.equal(typeof (await fresh.doc.page.run("window.todos.count()")), "number");
    assert.equal(mismatches().length, 1);
  });

  it("a stale main glue: the addon check names it at registration, and the page's calls name the main glue", async () => {
    const { open, mismatches } = serve(path.join(dir, "generated"));
    // registerIpc compares the main glue and the addon: they differ.
    const [atRegistration] = mismatches();
    assert.equal(atRegistration.data.part, "addon");
    const { doc } = await open(GENERATED);
    // The preload agrees with the addon: the main glue is the odd one out.
    const [, fromPreload, ...more] = mismatches();
    assert.deepEqual(more, []);
    assert.equal(fromPreload.data.part, "main");
    assert.deepEqual({ ...fromPreload.data.hashes }, { preload: SCHEMA.hash, main: other.hash, addon: SCHEMA.hash });
    assert.match(fromPreload.message, /regenerate the main glue/);
    const error = await rejection(doc.page.run('window.todos.add("milk")'));
    assert.equal(error.code, "ERR_SCHEMA_MISMATCH");
    assert.deepEqual({ ...error.data }, { part: "main", app: "todo-app", expected: other.hash, actual: SCHEMA.hash });
    assert.match(error.message, /the main differs\): regenerate the main glue/);
  });

  it("forgets a stale frame when it ends", async () => {
    const { open, registration } = serve(GENERATED);
    const { win, doc } = await open(path.join(dir, "generated"));
    assert.equal((await rejection(doc.page.run("window.todos.count()"))).code, "ERR_SCHEMA_MISMATCH");
    // The frame's mismatch, and the watch on its webContents.
    assert.equal(registration.inFlightCalls(), 2);
    win.close();
    await app.idle();
    assert.equal(registration.inFlightCalls(), 0);
  });
});
