"use strict";
// The mock's runtime on its own: mock-runtime.cjs loaded directly, over a
// service built the way the generated `create…Api` functions build theirs
// (with renderer-runtime.cjs's `connect`). The generated ipc-mock.mjs and
// ipc-mock.cjs are exercised by the examples' renderer tests.

const assert = require("node:assert/strict");
const { describe, it } = require("node:test");

const { connect } = require("./renderer-runtime.cjs");
const { fail, failWith, installMock } = require("./mock-runtime.cjs");

/** What ipc-codegen generates for a `notes` service, by hand. */
function createNotesApi(ipcRenderer) {
  const { invoke, sendSync, send, subscribe } = connect(ipcRenderer);
  return Object.freeze({
    add: (...args) => invoke("notes:add", "notes.add", ["title"], args),
    peek: (...args) => sendSync("notes:peek", "notes.peek", ["id"], args),
    count: (...args) => invoke("notes:count", "notes.count", [], args),
    log: (...args) => send("notes:log", "notes.log", ["line"], args),
    // A stream's member: the mock answers it from the handler, not from this function.
    tail: () => assert.fail("the mock builds a stream's iterator itself"),
    // Methods that take a stream from the page: the mock reads the page's source itself.
    upload: () => assert.fail("the mock reads the page's stream itself"),
    shout: () => assert.fail("the mock reads the page's stream itself"),
    onAdded: (listener) => subscribe("notes:added", "notes.onAdded", listener),
  });
}

const SERVICES = [
  {
    namespace: "notes",
    create: createNotesApi,
    channels: [
      { name: "add", member: "add", channel: "notes:add", kind: "invoke", params: ["title"] },
      { name: "count", member: "count", channel: "notes:count", kind: "invoke", params: [] },
      { name: "peek", member: "peek", channel: "notes:peek", kind: "sendSync", params: ["id"] },
      { name: "log", member: "log", channel: "notes:log", kind: "send", params: ["line"] },
      { name: "tail", member: "tail", channel: "notes:tail", kind: "stream", params: ["from"] },
      { name: "added", member: "onAdded", channel: "notes:added", kind: "event", params: ["title"] },
      {
        name: "upload",
        member: "upload",
        channel: "notes:upload",
        kind: "invoke",
        params: ["name", "chunks"],
        incoming: 1,
      },
      { name: "shout", member: "shout", channel: "notes:shout", kind: "stream", params: ["lines"], incoming: 0 },
    ],
  },
];

const rejection = (promise) =>
  promise.then(
    () => assert.fail("expected a rejection"),
    (error) => error,
  );

describe("mock runtime", () => {
  it("feeds a stream from the handler's async iterable: copies in order, return() reaches the handler, signal too", async () => {
    const page = {};
    const ended = [];
    const items = { value: { n: 1 } };
    installMock(SERVICES, page, {
      notes: {
        async *tail(from) {
          try {
            yield items.value;
            for (let n = from; ; n++) yield { n };
          } finally {
            ended.push(from);
          }
        },
      },
    });
    const seen = [];
    for await (const item of page.notes.tail(5)) {
      seen.push(item);
      if (seen.length === 3) break;
    }
    assert.deepEqual(seen, [{ n: 1 }, { n: 5 }, { n: 6 }]);
    assert.notEqual(seen[0], items.value, "items are structured clones");
    assert.deepEqual(ended, [5], "break returned the handler's generator");

    const controller = new AbortController();
    const stream = page.notes.tail(9, { signal: controller.signal });
    assert.deepEqual(await stream.next(), { done: false, value: { n: 1 } });
    controller.abort();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(ended, [5, 9], "the signal returned the handler's generator");
    assert.deepEqual(await stream.next(), { done: true, value: undefined });
  });

  it("a stream's setup error, a failure mid-stream and a missing handler reject next() with the IpcError", async () => {
    const page = {};
    const mock = installMock(SERVICES, page, {
      notes: {
        tail: (from) => {
          if (from === 0) return fail("NoFile");
          return (async function* () {
            yield 1;
            throw fail("Gone");
          })();
        },
      },
    });
    const setup = await rejection(page.notes.tail(0).next());
    assert.deepEqual(
      [setup.name, setup.code, setup.data, setup.channel],
      ["IpcError", "ERR_HANDLER", "NoFile", "notes:tail"],
    );
    const stream = page.notes.tail(1);
    assert.deepEqual(await stream.next(), { done: false, value: 1 });
    const midway = await rejection(stream.next());
    assert.deepEqual([midway.code, midway.data], ["ERR_HANDLER", "Gone"]);
    assert.deepEqual(await stream.next(), { done: true, value: undefined });
    const arity = await rejection(page.notes.tail().next());
    assert.equal(arity.code, "ERR_BAD_ARGUMENTS");
    mock.notes.handle("tail", undefined);
    const missing = await rejection(page.notes.tail(1).next());
    assert.equal(missing.code, "ERR_UNKNOWN_CHANNEL");
    assert.deepEqual(mock.notes.calls("tail"), [[0], [1], [], [1]]);
  });

  it("answers a sync method at once with { ok, value } or { ok, error }, as the real preload does", () => {
    const page = {};
    const mock = installMock(SERVICES, page, {
      notes: { peek: (id) => (id === 0 ? fail({ Missing: 0 }, "no such note") : { id, title: "milk" }) },
    });
    assert.deepEqual(page.notes.peek(1), { ok: true, value: { id: 1, title: "milk" } });
    const failed = page.notes.peek(0);
    assert.equal(failed.ok, false);
    assert.equal(failed.error.code, "ERR_HANDLER");
    assert.deepEqual(failed.error.data, { Missing: 0 });
    assert.deepEqual(mock.notes.calls("peek"), [[1], [0]]);
    assert.equal(mock.calls[0].kind, "sendSync");
  });

  it("refuses a sync mock handler that answers with a promise", () => {
    const page = {};
    const mock = installMock(SERVICES, page, { notes: { peek: async () => 1 } });
    const result = page.notes.peek(1);
    assert.equal(result.ok, false);
    assert.equal(result.error.code, "ERR_PANIC");
    assert.match(mock.calls[0].error.message, /returned a promise: a sync method answers at once/);
  });

  it("answers with the handler's value and records copies of the arguments", async () => {
    const page = {};
    const mock = installMock(SERVICES, page, { notes: { add: (title) => ({ title, id: 1 }) } });
    const note = { text: "milk" };
    assert.deepEqual(await page.notes.add(note), { title: { text: "milk" }, id: 1 });
    const [call] = mock.calls;
    assert.deepEqual(call, { namespace: "notes", method: "add", channel: "notes:add", kind: "invoke", args: [note] });
    assert.notEqual(call.args[0], note, "the handler gets a structured clone, as over Electron's IPC");
    assert.deepEqual(mock.notes.calls("add"), [[note]]);
  });

  it("rejects with the IpcError the real preload makes for a typed failure, returned or thrown", async () => {
    const page = {};
    const mock = installMock(SERVICES, page, { notes: { add: () => fail({ TooLong: 3 }, "too long") } });
    const expected = {
      name: "IpcError",
      code: "ERR_HANDLER",
      message: "too long",
      data: { TooLong: 3 },
      channel: "notes:add",
    };
    assert.deepEqual(await rejection(page.notes.add("x")), expected);
    mock.notes.handle("add", () => {
      throw fail({ TooLong: 3 }, "too long");
    });
    assert.deepEqual(await rejection(page.notes.add("x")), expected);
    // As the main glue treats a main-process handler: an object with `data` is the typed error.
    mock.notes.handle("add", () => {
      throw Object.assign(new Error("too long"), { data: { TooLong: 3 } });
    });
    assert.deepEqual(await rejection(page.notes.add("x")), expected);
  });

  it("turns any other throw into ERR_PANIC without its message, and keeps the error in the record", async () => {
    const page = {};
    const mock = installMock(SERVICES, page, {
      notes: {
        count: () => {
          throw new Error("/secret/path");
        },
      },
    });
    const error = await rejection(page.notes.count());
    assert.equal(error.code, "ERR_PANIC");
    assert.equal(error.message, "notes:count: the handler failed");
    assert.equal(mock.calls[0].error.message, "/secret/path");
  });

  it("fails with any code through failWith", async () => {
    const page = {};
    installMock(SERVICES, page, { notes: { count: () => failWith("ERR_FORBIDDEN", "refused", { reason: "test" }) } });
    const error = await rejection(page.notes.count());
    assert.deepEqual(
      { ...error },
      { name: "IpcError", code: "ERR_FORBIDDEN", message: "refused", data: { reason: "test" }, channel: "notes:count" },
    );
    assert.throws(() => failWith("FORBIDDEN", "x"), /failWith expects an IpcErrorCode/);
  });

  it("rejects a call without a handler with a message that says how to give one", async () => {
    const page = {};
    const mock = installMock(SERVICES, page, {});
    const error = await rejection(page.notes.count());
    assert.equal(error.code, "ERR_UNKNOWN_CHANNEL");
    assert.match(error.message, /notes\.count \(notes:count\) has no handler/);
    assert.match(error.message, /mock\.notes\.handle\("count", …\)/);
    assert.deepEqual(
      mock.unhandled.map((call) => call.channel),
      ["notes:count"],
    );
    page.notes.log("dropped");
    assert.equal(mock.unhandled.length, 2);
  });

  it("keeps the real preload's checks: argument count, and values that cannot be cloned", async () => {
    const page = {};
    const mock = installMock(SERVICES, page, { notes: { add: () => null } });
    const arity = await rejection(page.notes.add());
    assert.equal(arity.code, "ERR_BAD_ARGUMENTS");
    assert.deepEqual(arity.data, { expected: 1, received: 0 });
    const clone = await rejection(page.notes.add(() => {}));
    assert.equal(clone.code, "ERR_TRANSPORT");
    assert.deepEqual(mock.calls, [], "neither call reached the main process");
    assert.throws(() => page.notes.log(), /notes\.log expects 1 argument \(line\), got 0/);
  });

  it("delivers emitted events to subscribers, counts them, and sees them leave", () => {
    const page = {};
    const mock = installMock(SERVICES, page, {});
    const seen = [];
    const first = page.notes.onAdded((title) => seen.push(`a:${title}`));
    const second = page.notes.onAdded((title) => seen.push(`b:${title}`));
    assert.equal(mock.notes.listenerCount("added"), 2);
    mock.notes.emit("added", "milk");
    first();
    first();
    assert.equal(mock.notes.listenerCount("added"), 1);
    mock.notes.emit("added", "bread");
    second();
    assert.equal(mock.notes.listenerCount("added"), 0);
    mock.notes.emit("added", "eggs");
    assert.deepEqual(seen, ["a:milk", "b:milk", "b:bread"]);
    assert.throws(() => mock.notes.emit("added"), /notes\.added \(event\) expects 1 argument \(title\), got 0/);
    assert.throws(() => mock.notes.emit("add", 1), /notes has no event named add \(it has: added\)/);
  });

  it("records sends and a send handler's throw, which never reaches the page", () => {
    const page = {};
    const mock = installMock(SERVICES, page, {
      notes: {
        log: () => {
          throw new Error("full");
        },
      },
    });
    page.notes.log("one");
    assert.deepEqual(mock.notes.calls("log"), [["one"]]);
    assert.equal(mock.calls[0].error.message, "full");
    mock.reset();
    assert.deepEqual(mock.calls, []);
  });

  it("refuses unknown services and methods, handlers that are not functions, and a second install", () => {
    const page = {};
    assert.throws(
      () => installMock(SERVICES, page, { files: {} }),
      /no service has the namespace files \(there are: notes\)/,
    );
    assert.throws(
      () => installMock(SERVICES, page, { notes: { remove: () => null } }),
      /notes has no invoke, sendSync, send or stream method named remove \(it has: add, count, peek, log, tail, upload, shout\)/,
    );
    assert.throws(
      () => installMock(SERVICES, page, { notes: { added: () => null } }),
      /no invoke, sendSync, send or stream method named added/,
    );
    assert.throws(() => installMock(SERVICES, page, { notes: { add: 1 } }), /must be a function, got number/);
    assert.throws(() => installMock(SERVICES, page, { notes: () => 1 }), /handlers of notes must be an object/);
    const mock = installMock(SERVICES, page, {});
    assert.throws(() => installMock(SERVICES, page, {}), /window\.notes already exists/);
    mock.restore();
    assert.equal("notes" in page, false);
    installMock(SERVICES, page, {}).restore();
  });

  it("removes a handler with handle(name, undefined)", async () => {
    const page = {};
    const mock = installMock(SERVICES, page, { notes: { count: () => 1 } });
    assert.equal(await page.notes.count(), 1);
    mock.notes.handle("count", undefined);
    assert.equal((await rejection(page.notes.count())).code, "ERR_UNKNOWN_CHANNEL");
  });

  it("a method that takes a stream from the page: the handler reads copies of its items as an async iterable", async () => {
    const page = {};
    const seen = [];
    installMock(SERVICES, page, {
      notes: {
        async upload(name, chunks) {
          let size = 0;
          for await (const chunk of chunks) {
            seen.push(chunk);
            size += chunk.length;
          }
          return name === "" ? fail("Unnamed") : { name, size };
        },
        async *shout(lines) {
          for await (const line of lines) yield line.toUpperCase();
        },
      },
    });
    const chunk = Uint8Array.of(1, 2);
    async function* chunks() {
      yield chunk;
      yield Uint8Array.of(3);
    }
    assert.deepEqual(await page.notes.upload("a", chunks()), { name: "a", size: 3 });
    assert.notEqual(seen[0], chunk, "the handler reads a copy");
    assert.deepEqual(await page.notes.upload("b", [Uint8Array.of(7)]), { name: "b", size: 1 });
    const failed = await rejection(page.notes.upload("", []));
    assert.equal(failed.code, "ERR_HANDLER");
    assert.equal(failed.data, "Unnamed");
    const notASource = await rejection(page.notes.upload("c", 42));
    assert.equal(notASource.name, "TypeError");
    const out = [];
    for await (const line of page.notes.shout(["a", "b"])) out.push(line);
    assert.deepEqual(out, ["A", "B"]);
  });

  it("a stream from the page: an aborted signal rejects the call with ERR_CANCELLED", async () => {
    const page = {};
    installMock(SERVICES, page, {
      notes: {
        async upload(_name, chunks) {
          for await (const _ of chunks) {
            // Reads until the page stops.
          }
          return { name: "never", size: 0 };
        },
      },
    });
    const controller = new AbortController();
    async function* forever() {
      for (;;) {
        yield Uint8Array.of(1);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    const call = page.notes.upload("a", forever(), { signal: controller.signal });
    controller.abort();
    const error = await rejection(call);
    assert.equal(error.code, "ERR_CANCELLED");
  });
});
