"use strict";
// End to end, the `#[ipc(state)]` channels of the generated code: the golden
// preload.js of the `state` fixture runs sandboxed in windows (its stores
// built in the page's world by the page-realm adapter), its main.cjs in the
// fake main process with a plain-JavaScript backend that owns the Rust
// services' states as the router does (docs/wire.md, "State"): it answers a
// state's read with `{ version, value }` and publishes each new version
// through the event sink as `[version, value]`.

const assert = require("node:assert/strict");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

const FIXTURE = path.join(__dirname, "..", "..", "ipc-codegen", "tests", "fixtures", "state");
const PRELOAD = path.join(FIXTURE, "expected", "preload.js");
const MAIN = path.join(FIXTURE, "expected", "main.cjs");

const ORIGIN = "https://app.example";
const PAGE = `${ORIGIN}/index.html`;

/**
 * A backend whose Rust states are `values` (channel → value): a read answers
 * the latest version, `publish` sends the next one to the sink, as
 * `electron_ipc::State` does.
 */
function makeBackend() {
  const backend = {
    calls: [],
    sink: null,
    versions: new Map(),
    values: new Map(),
    call(channel, argsJson, sender) {
      backend.calls.push({ channel, args: JSON.parse(argsJson), sender });
      if (backend.values.has(channel)) {
        const value = { version: backend.versions.get(channel), value: backend.values.get(channel) };
        return JSON.stringify({ ok: true, value });
      }
      return JSON.stringify({ ok: true, value: null });
    },
    checkEvent(channel, argsJson) {
      const [value] = JSON.parse(argsJson);
      if (channel === "shell:maximized" && typeof value !== "boolean") {
        const error = { code: "ERR_BAD_ARGUMENTS", message: "expected a boolean", data: { path: "." } };
        return JSON.stringify({ ok: false, error });
      }
      return JSON.stringify({ ok: true, value: null });
    },
    setEventSink(sink) {
      backend.sink = sink;
    },
    publish(channel, value) {
      const version = (backend.versions.get(channel) ?? 0) + 1;
      backend.versions.set(channel, version);
      backend.values.set(channel, value);
      backend.sink?.(channel, JSON.stringify([version, value]), { kind: "all" });
    },
  };
  backend.publish("todos:todos", []);
  return backend;
}

/** A page value as plain JSON, to compare it in Node's realm. */
const plain = (doc, value) => JSON.parse(doc.page.run("(v) => JSON.stringify(v)")(value));

/**
 * Subscribes to the store `expression` (default `window.todos.todosState`) in
 * the page, recording the version and snapshot at each notification, and the
 * error `load()` rejects with.
 */
const follow = (doc, expression = "window.todos.todosState") =>
  doc.page.run(`(() => {
    const store = ${expression};
    const seen = [];
    const errors = [];
    const stop = store.subscribe(() => seen.push({ version: store.getVersion(), value: store.getSnapshot() }));
    store.load().then(null, (error) => errors.push(error));
    return { store, seen, errors, stop };
  })()`);

describe("generated state glue", () => {
  let app;
  let main;
  let backend;
  let reported;
  let registration;

  const openWindow = async (url = PAGE) => {
    const w = new app.electron.BrowserWindow({ webPreferences: main.secureWebPreferences({ preload: PRELOAD }) });
    await w.loadURL(url);
    const doc = app.renderer(w);
    assert.deepEqual(doc.errors, [], "the generated preload loads in a sandbox");
    return { w, doc };
  };

  beforeEach(() => {
    app = createApp();
    main = app.loadMain(MAIN);
    backend = makeBackend();
    reported = [];
    registration = main.registerIpc({
      backend,
      handlers: { shell: { title: () => "title" } },
      allowedOrigins: [ORIGIN],
      onError: (error) => reported.push(error),
    });
  });
  afterEach(() => {
    assert.deepEqual(app.uncaught, [], "nothing threw, every sendSync got its returnValue");
    app.dispose();
  });

  it("gives a follower the latest version, then every later one, in two windows alike", async () => {
    const one = await openWindow();
    const two = await openWindow();
    const a = follow(one.doc);
    const b = follow(two.doc);
    await app.idle();
    assert.deepEqual(plain(one.doc, a.seen), [{ version: 1, value: [] }]);
    backend.publish("todos:todos", [{ id: 1, title: "milk" }]);
    await app.idle();
    backend.publish("todos:todos", [
      { id: 1, title: "milk" },
      { id: 2, title: "bread" },
    ]);
    await app.idle();
    const expected = [
      { version: 1, value: [] },
      { version: 2, value: [{ id: 1, title: "milk" }] },
      {
        version: 3,
        value: [
          { id: 1, title: "milk" },
          { id: 2, title: "bread" },
        ],
      },
    ];
    assert.deepEqual(plain(one.doc, a.seen), expected);
    assert.deepEqual(plain(two.doc, b.seen), expected);
    // The snapshot is one object of the page until the value changes, as useSyncExternalStore needs.
    assert.equal(one.doc.page.run("(a) => a.store.getSnapshot() === a.store.getSnapshot()")(a), true);
    assert.equal(one.doc.page.owns(one.doc.page.run("(a) => a.store.getSnapshot()")(a)), true);
    // The read told the backend who asked, with no arguments.
    const read = backend.calls.find((c) => c.channel === "todos:todos");
    assert.deepEqual(read.args, []);
    assert.equal(read.sender[4], ORIGIN);
    assert.deepEqual(reported, []);
  });

  it("coalesces the versions published in one tick into one delivery", async () => {
    const { doc } = await openWindow();
    const a = follow(doc);
    await app.idle();
    for (let i = 1; i <= 50; i += 1) {
      backend.publish("todos:todos", [{ id: i, title: `t${i}` }]);
    }
    await app.idle();
    const seen = plain(doc, a.seen);
    assert.deepEqual(
      seen.map((s) => s.version),
      [1, 51],
    );
    assert.deepEqual(seen[1].value, [{ id: 50, title: "t50" }]);
  });

  it("keeps one ipcRenderer listener however many follow, and none once the last leaves", async () => {
    const { doc } = await openWindow();
    const channel = "todos:todos";
    const a = follow(doc);
    const b = follow(doc);
    await app.idle();
    assert.equal(doc.ipcRenderer.listenerCount(channel), 1);
    doc.page.run("(a, b) => { a.stop(); b.stop(); }")(a, b);
    await app.idle();
    assert.equal(doc.ipcRenderer.listenerCount(channel), 0);
    // 10,000 subscribe and unsubscribe: nothing stays, in the preload or in main.
    doc.page.run(`(() => {
      for (let i = 0; i < 10000; i += 1) window.todos.todosState.subscribe(() => {})();
    })()`);
    await app.idle();
    assert.equal(doc.ipcRenderer.listenerCount(channel), 0);
    const arrived = [];
    doc.ipcRenderer.on(channel, (_event, version) => arrived.push(version));
    backend.publish(channel, [{ id: 9, title: "after" }]);
    await app.idle();
    assert.deepEqual(arrived, [], "main sends nothing to a page that follows nothing");
  });

  it("reads at once with loadSync, without a promise, and does not stay following", async () => {
    const { doc } = await openWindow();
    backend.publish("todos:todos", [{ id: 3, title: "now" }]);
    const read = doc.page.run("[window.todos.todosState.loadSync(), window.todos.todosState.getVersion()]");
    assert.deepEqual(plain(doc, read), [[{ id: 3, title: "now" }], 2]);
    await app.idle();
    // A one-off read does not leave the page following the state.
    const arrived = [];
    doc.ipcRenderer.on("todos:todos", (_event, version) => arrived.push(version));
    backend.publish("todos:todos", []);
    await app.idle();
    assert.deepEqual(arrived, []);
  });

  it("refuses a frame of another origin: its follower gets ERR_FORBIDDEN and no version", async () => {
    const { doc } = await openWindow("https://evil.example/index.html");
    const a = follow(doc);
    await app.idle();
    backend.publish("todos:todos", [{ id: 1, title: "secret" }]);
    await app.idle();
    assert.deepEqual(plain(doc, a.seen), []);
    assert.equal(plain(doc, a.errors)[0].code, "ERR_FORBIDDEN");
    const thrown = plain(
      doc,
      doc.page.run("(() => { try { window.todos.todosState.loadSync(); } catch (e) { return e; } })()"),
    );
    assert.equal(thrown.code, "ERR_FORBIDDEN");
  });

  it("forgets a window that reloads or closes", async () => {
    const { w, doc } = await openWindow();
    follow(doc);
    await app.idle();
    await w.loadURL(PAGE);
    const reloaded = app.renderer(w);
    const arrived = [];
    reloaded.ipcRenderer.on("todos:todos", (_event, version) => arrived.push(version));
    backend.publish("todos:todos", [{ id: 1, title: "x" }]);
    await app.idle();
    assert.deepEqual(arrived, [], "the reloaded page does not follow what the old one did");
    const again = follow(reloaded);
    await app.idle();
    assert.deepEqual(plain(reloaded, again.seen), [{ version: 2, value: [{ id: 1, title: "x" }] }]);
    w.close();
    backend.publish("todos:todos", []);
    await app.idle();
  });

  it("publishes the states of main-process services from registerIpc(…).states, checked", async () => {
    const { doc } = await openWindow();
    const maximized = registration.states.shell.maximized;
    assert.equal(maximized.version, 0);
    const early = follow(doc, "window.shell.maximizedState");
    await app.idle();
    assert.equal(plain(doc, early.errors)[0].code, "ERR_BAD_RESPONSE", "no value was set yet");
    assert.equal(maximized.set(false), 1);
    const a = follow(doc, "window.shell.maximizedState");
    await app.idle();
    maximized.set(true);
    maximized.set(false);
    maximized.set(true);
    await app.idle();
    // `early` subscribed too: both follow now.
    for (const follower of [early, a]) {
      assert.deepEqual(plain(doc, follower.seen), [
        { version: 1, value: false },
        { version: 4, value: true },
      ]);
    }
    assert.equal(maximized.get(), true);
    assert.throws(() => maximized.set("yes"), { code: "ERR_BAD_ARGUMENTS" });
    assert.throws(() => maximized.set(Number.NaN), TypeError);
    assert.equal(maximized.version, 4, "a refused value changes nothing");
    registration.dispose();
    assert.throws(() => maximized.set(true), /disposed/);
  });
});
