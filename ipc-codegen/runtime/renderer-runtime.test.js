"use strict";
// The renderer half of the runtime on its own: renderer-runtime.cjs loaded
// directly, with a fake ipcRenderer and contextBridge. The generated preload
// that carries it is tested end to end in tests/electron.

const assert = require("node:assert/strict");
const { describe, it } = require("node:test");

const vm = require("node:vm");
const { connect, exposeService, feedIncoming, installPageApi } = require("./renderer-runtime.cjs");

/** An ipcRenderer whose invoke answers `answer(channel, args)`. */
function fakeIpcRenderer(answer = () => ({ ok: true, value: null })) {
  const listeners = new Map();
  return {
    sent: [],
    listeners,
    invoke: async (channel, ...args) => answer(channel, args),
    send(channel, ...args) {
      this.sent.push([channel, ...args]);
    },
    on(channel, listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
    removeListener(channel, listener) {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((l) => l !== listener),
      );
    },
    emit(channel, ...args) {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: "event" }, ...args);
    },
  };
}

const rejection = (promise) =>
  promise.then(
    () => assert.fail("expected a rejection"),
    (error) => error,
  );

describe("invoke", () => {
  it("resolves with the value of an ok envelope", async () => {
    const { invoke } = connect(fakeIpcRenderer((channel, args) => ({ ok: true, value: { channel, args } })));
    assert.deepEqual(await invoke("notes:add", "notes.add", ["title"], ["milk"]), {
      channel: "notes:add",
      args: ["milk"],
    });
  });

  it("rejects with a frozen IpcError keeping the envelope's code and data", async () => {
    const error = { code: "ERR_HANDLER", message: "no such note", data: { NotFound: { id: 3 } } };
    const { invoke } = connect(fakeIpcRenderer(() => ({ ok: false, error })));
    const thrown = await rejection(invoke("notes:get", "notes.get", ["id"], [3]));
    assert.deepEqual(thrown, { name: "IpcError", ...error, channel: "notes:get" });
    assert.ok(Object.isFrozen(thrown));
    assert.equal(thrown instanceof Error, false);
  });

  it("rejects a wrong number of arguments without sending anything", async () => {
    let sent = false;
    const { invoke } = connect(
      fakeIpcRenderer(() => {
        sent = true;
      }),
    );
    const thrown = await rejection(invoke("notes:add", "notes.add", ["title"], []));
    assert.equal(thrown.code, "ERR_BAD_ARGUMENTS");
    assert.equal(thrown.message, "notes.add expects 1 argument (title), got 0");
    assert.deepEqual(thrown.data, { expected: 1, received: 0 });
    assert.equal(sent, false);
  });

  it("rejects with ERR_TRANSPORT when the call fails or the answer is not an envelope", async () => {
    const failing = connect(
      fakeIpcRenderer(() => {
        throw new Error("No handler registered for 'notes:add'");
      }),
    );
    const lost = await rejection(failing.invoke("notes:add", "notes.add", [], []));
    assert.equal(lost.code, "ERR_TRANSPORT");
    assert.match(lost.message, /did not reach its handler: No handler registered/);
    const odd = connect(fakeIpcRenderer(() => "not an envelope"));
    assert.equal((await rejection(odd.invoke("notes:add", "notes.add", [], []))).code, "ERR_TRANSPORT");
  });
});

describe("send", () => {
  it("sends the arguments, and throws on a wrong count", () => {
    const ipcRenderer = fakeIpcRenderer();
    const { send } = connect(ipcRenderer);
    send("notes:log", "notes.log", ["line"], ["hello"]);
    assert.deepEqual(ipcRenderer.sent, [["notes:log", "hello"]]);
    assert.throws(() => send("notes:log", "notes.log", ["line"], []), {
      name: "TypeError",
      message: "notes.log expects 1 argument (line), got 0",
    });
  });
});

describe("subscribe", () => {
  it("keeps one ipcRenderer listener per channel, none once the last subscriber leaves", () => {
    const ipcRenderer = fakeIpcRenderer();
    const { subscribe } = connect(ipcRenderer);
    const received = [];
    const first = subscribe("notes:changed", "notes.onChanged", (...args) => received.push(["first", ...args]));
    const second = subscribe("notes:changed", "notes.onChanged", (...args) => received.push(["second", ...args]));
    assert.equal(ipcRenderer.listeners.get("notes:changed").length, 1);
    ipcRenderer.emit("notes:changed", 1, 2);
    first();
    first();
    ipcRenderer.emit("notes:changed", 3);
    second();
    assert.equal(ipcRenderer.listeners.get("notes:changed").length, 0);
    assert.deepEqual(received, [
      ["first", 1, 2],
      ["second", 1, 2],
      ["second", 3],
    ]);
  });

  it("delivers a `once` subscription one time and then drops its ipcRenderer listener", () => {
    const ipcRenderer = fakeIpcRenderer();
    const { subscribe } = connect(ipcRenderer);
    const received = [];
    subscribe("notes:changed", "notes.onceChanged", (...args) => received.push(args), true);
    ipcRenderer.emit("notes:changed", 1);
    ipcRenderer.emit("notes:changed", 2);
    assert.deepEqual(received, [[1]]);
    assert.equal(ipcRenderer.listeners.get("notes:changed").length, 0);
    // Unsubscribed before it is delivered: never called.
    const never = subscribe("notes:changed", "notes.onceChanged", () => received.push("never"), true);
    never();
    ipcRenderer.emit("notes:changed", 3);
    assert.deepEqual(received, [[1]]);
    assert.equal(ipcRenderer.listeners.get("notes:changed").length, 0);
  });

  it("a `once` listener that emits again from inside is not called twice", () => {
    const ipcRenderer = fakeIpcRenderer();
    const { subscribe } = connect(ipcRenderer);
    let calls = 0;
    subscribe(
      "notes:changed",
      "notes.onceChanged",
      () => {
        calls += 1;
        ipcRenderer.emit("notes:changed");
      },
      true,
    );
    ipcRenderer.emit("notes:changed");
    assert.equal(calls, 1);
  });

  it("unsubscribeAll drops every subscription of every channel, and old unsubscribes leave new subscriptions alone", () => {
    const ipcRenderer = fakeIpcRenderer();
    const { subscribe, unsubscribeAll } = connect(ipcRenderer);
    const received = [];
    const first = subscribe("notes:changed", "notes.onChanged", (v) => received.push(["changed", v]));
    subscribe("notes:changed", "notes.onChanged", (v) => received.push(["changed again", v]));
    subscribe("notes:removed", "notes.onceRemoved", (v) => received.push(["removed", v]), true);
    unsubscribeAll();
    assert.equal(ipcRenderer.listeners.get("notes:changed").length, 0);
    assert.equal(ipcRenderer.listeners.get("notes:removed").length, 0);
    ipcRenderer.emit("notes:changed", 1);
    ipcRenderer.emit("notes:removed", 1);
    assert.deepEqual(received, []);

    const later = subscribe("notes:changed", "notes.onChanged", (v) => received.push(["later", v]));
    first(); // from before unsubscribeAll: must not drop `later`
    ipcRenderer.emit("notes:changed", 2);
    assert.deepEqual(received, [["later", 2]]);
    later();
    assert.equal(ipcRenderer.listeners.get("notes:changed").length, 0);
  });

  it("a listener unsubscribed by an earlier one during a delivery does not get it", () => {
    const ipcRenderer = fakeIpcRenderer();
    const { subscribe, unsubscribeAll } = connect(ipcRenderer);
    const received = [];
    subscribe("notes:changed", "notes.onChanged", () => {
      received.push("first");
      unsubscribeAll();
    });
    subscribe("notes:changed", "notes.onChanged", () => received.push("second"));
    ipcRenderer.emit("notes:changed");
    assert.deepEqual(received, ["first"]);
  });

  it("refuses a listener that is not a function", () => {
    const { subscribe } = connect(fakeIpcRenderer());
    assert.throws(() => subscribe("notes:changed", "notes.onChanged", null), /expects a listener function, got null/);
  });
});

describe("exposeService", () => {
  it("logs a service contextBridge refuses, naming its namespace, and returns", (t) => {
    const logged = t.mock.method(console, "error", () => {});
    const exposed = [];
    const contextBridge = {
      exposeInMainWorld(key, api) {
        if (key === "history")
          throw new Error("Cannot bind an API on top of an existing property on the window object");
        exposed.push([key, api]);
      },
    };
    exposeService(contextBridge, "history", {});
    exposeService(contextBridge, "notes", { add() {} });
    assert.deepEqual(
      exposed.map(([key]) => key),
      ["notes"],
    );
    assert.equal(logged.mock.callCount(), 1);
    assert.match(logged.mock.calls[0].arguments[0], /window\.history could not be exposed.*existing property/);
  });
});

/** `installPageApi` compiled from its source text in a fresh realm, as executeInMainWorld runs it. */
function pageRealm() {
  const context = vm.createContext({});
  const install = vm.runInContext(`(${installPageApi.toString()})`, context);
  return { context, install, global: vm.runInContext("globalThis", context) };
}

describe("installPageApi (the page-realm adapter)", () => {
  const raw = () => ({ add: () => "added", log: () => {}, onChanged: () => () => {}, read: () => ({ ok: true }) });
  const members = {
    add: { kind: "invoke", arity: 1 },
    log: { kind: "send", arity: 1 },
    onChanged: { kind: "event" },
    read: { kind: "sync", arity: 0 },
  };

  it("runs from its source text alone, defining a frozen, read-only, non-configurable global", () => {
    const page = pageRealm();
    page.install("notes", raw(), members);
    const descriptor = Object.getOwnPropertyDescriptor(page.global, "notes");
    assert.equal(descriptor.writable, false);
    assert.equal(descriptor.configurable, false);
    assert.equal(descriptor.enumerable, true);
    const api = descriptor.value;
    assert.ok(Object.isFrozen(api));
    assert.deepEqual(Object.keys(api), ["add", "log", "onChanged", "read"]);
    for (const name of Object.keys(api)) assert.ok(Object.isFrozen(api[name]), name);
    assert.equal(api.add("x"), "added");
    // An object of the page's realm.
    assert.equal(Object.getPrototypeOf(api), vm.runInContext("Object.prototype", page.context));
  });

  it("refuses a namespace the page already has, as exposeInMainWorld does", () => {
    const page = pageRealm();
    vm.runInContext("globalThis.notes = 1", page.context);
    assert.throws(() => page.install("notes", raw(), members), /Cannot bind an API on top of an existing property/);
    // Inherited names count too (window.__defineGetter__ comes from Object.prototype).
    assert.throws(() => page.install("__defineGetter__", raw(), members), /existing property/);
  });

  it("refuses a member of an unknown kind or without its raw function, defining nothing", () => {
    const page = pageRealm();
    assert.throws(
      () => page.install("notes", raw(), { ...members, watch: { kind: "telepathy" } }),
      /notes\.watch: this page-realm adapter has no wrapper of kind telepathy/,
    );
    assert.throws(() => page.install("notes", { add: () => 1 }, members), /notes\.log: .*no wrapper/);
    // A kind name that is an Object.prototype member is not a kind.
    assert.throws(() => page.install("notes", raw(), { add: { kind: "toString" } }), /no wrapper of kind toString/);
    assert.equal(Object.hasOwn(page.global, "notes"), false);
  });
});

describe("exposeService with executeInMainWorld", () => {
  it("runs the adapter in the page's world with the raw API and the descriptors", () => {
    const calls = [];
    const contextBridge = {
      executeInMainWorld: (script) => calls.push(script),
      exposeInMainWorld: () => assert.fail("exposeInMainWorld is the fallback"),
    };
    const api = { add() {} };
    const members = { add: { kind: "invoke", arity: 1 } };
    exposeService(contextBridge, "notes", api, members);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].func, installPageApi);
    assert.deepEqual(calls[0].args, ["notes", api, members]);
  });

  it("falls back to exposeInMainWorld where contextBridge has no executeInMainWorld (Electron < 35)", () => {
    const exposed = [];
    const contextBridge = { exposeInMainWorld: (key, api) => exposed.push([key, api]) };
    const api = { add() {} };
    exposeService(contextBridge, "notes", api, { add: { kind: "invoke", arity: 1 } });
    assert.deepEqual(exposed, [["notes", api]]);
  });
});

describe("installPageApi streams: the batched read", () => {
  /**
   * A raw stream as the preload answers it, whose `take()` answers `batches`
   * in turn (an Error rejects), then the end; it records every call.
   */
  function rawStream(batches) {
    const calls = [];
    let index = 0;
    return {
      calls,
      raw: {
        next() {
          calls.push("next");
          return Promise.resolve({ done: true, value: undefined });
        },
        take() {
          calls.push("take");
          const batch = batches[index++];
          if (batch instanceof Error) return Promise.reject(batch);
          return Promise.resolve(batch === undefined ? { done: true, values: [] } : { done: false, values: batch });
        },
        return() {
          calls.push("return");
          return Promise.resolve({ done: true, value: undefined });
        },
      },
    };
  }
  /** An iterator result of the page's realm that says the end. */
  const assertDone = (step) => assert.deepEqual([step.done, step.value], [true, undefined]);
  /** `window.feed.numbers()` of a page realm over `stream.raw`. */
  function install(stream) {
    const page = pageRealm();
    page.install(
      "feed",
      { numbers: () => stream.raw },
      { numbers: { kind: "stream", arity: 0, label: "feed.numbers" } },
    );
    return page.global.feed;
  }

  it("hands out every item of each batch in order, with one take() per batch and no next()", async () => {
    const stream = rawStream([[1, 2, 3], [4], [5, 6]]);
    const read = [];
    for await (const item of install(stream).numbers()) read.push(item);
    assert.deepEqual(read, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(stream.calls, ["take", "take", "take", "take"]);
  });

  it("break in the middle of a batch drops the rest of it and returns the stream once", async () => {
    const stream = rawStream([[1, 2, 3, 4], [5]]);
    const iterator = install(stream).numbers();
    const read = [];
    for await (const item of iterator) {
      read.push(item);
      if (item === 2) break;
    }
    assert.deepEqual(read, [1, 2]);
    assert.deepEqual(stream.calls, ["take", "return"]);
    // The dropped items are not handed out later.
    assertDone(await iterator.next());
    assert.deepEqual(stream.calls, ["take", "return"]);
  });

  it("an error after a batch comes once its items were read, and the iterator is done after it", async () => {
    const stream = rawStream([[1, 2], new Error("ERR_HANDLER")]);
    const iterator = install(stream).numbers();
    const read = [];
    await assert.rejects(async () => {
      for await (const item of iterator) read.push(item);
    }, /ERR_HANDLER/);
    assert.deepEqual(read, [1, 2]);
    assertDone(await iterator.next());
    assert.deepEqual(stream.calls, ["take", "take"]);
  });

  it("return() while a take() is on its way ends the iteration: the batch it brings is dropped", async () => {
    let answer;
    const calls = [];
    const raw = {
      next: () => Promise.resolve({ done: true, value: undefined }),
      take: () => {
        calls.push("take");
        return new Promise((resolve) => {
          answer = resolve;
        });
      },
      return: () => {
        calls.push("return");
        return Promise.resolve({ done: true, value: undefined });
      },
    };
    const iterator = install({ raw }).numbers();
    const pending = iterator.next();
    await iterator.return();
    answer({ done: false, values: [1, 2] });
    assertDone(await pending);
    assertDone(await iterator.next());
    assert.deepEqual(calls, ["take", "return"]);
  });

  it("a preload without take() (an older one) is read with next()", async () => {
    const answers = [
      { done: false, value: "a" },
      { done: true, value: undefined },
    ];
    const raw = { next: () => Promise.resolve(answers.shift()), return: () => Promise.resolve({ done: true }) };
    const read = [];
    for await (const item of install({ raw }).numbers()) read.push(item);
    assert.deepEqual(read, ["a"]);
  });
});

describe("feedIncoming: what crosses to the preload's writer", () => {
  /** A writer that records each call; `writeMany` answers `rooms` in turn (then 16). */
  function writer(rooms = [], { many = true } = {}) {
    const calls = [];
    const w = {
      calls,
      write: (value) => {
        calls.push(["write", value]);
        return Promise.resolve();
      },
      end: () => calls.push(["end"]),
      abort: () => calls.push(["abort"]),
    };
    if (many) {
      w.writeMany = (values) => {
        calls.push(["writeMany", values.length]);
        return Promise.resolve(rooms.length > 0 ? rooms.shift() : 16);
      };
    }
    return w;
  }

  it("a synchronous source goes in batches of the room the writer answers, at least one item", async () => {
    const w = writer([16, 16, 0, 2, "nonsense"]);
    await feedIncoming(
      Array.from({ length: 40 }, (_, i) => i),
      w,
    );
    assert.deepEqual(w.calls, [
      ["writeMany", 1],
      ["writeMany", 16],
      ["writeMany", 16],
      ["writeMany", 1],
      ["writeMany", 2],
      ["writeMany", 1],
      ["writeMany", 3],
      ["end"],
    ]);
  });

  it("an asynchronous source goes one item per call, as each comes", async () => {
    const w = writer();
    async function* three() {
      yield "a";
      yield "b";
      yield "c";
    }
    await feedIncoming(three(), w);
    assert.deepEqual(w.calls, [["writeMany", 1], ["writeMany", 1], ["writeMany", 1], ["end"]]);
  });

  it("a writer without writeMany (an older preload) gets one write per item", async () => {
    const w = writer([], { many: false });
    await feedIncoming([1, 2, 3], w);
    assert.deepEqual(w.calls, [["write", 1], ["write", 2], ["write", 3], ["end"]]);
  });
});
