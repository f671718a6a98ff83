"use strict";
// The lifecycle watch of main-runtime.cjs on its own: one set of listeners
// per webContents ('destroyed', 'did-navigate', 'did-frame-navigate') for
// everything the glue keeps about it (calls in flight, announced ids, state
// followers, a grant, a relay role and the requests waiting for it), added
// when the glue first keeps something, kept while the page lives (a settled
// call does not remove it) and removed when a navigation or a member's
// leaving finds nothing kept; entries released on each route (a navigation,
// a subframe's navigation, the window's end, dispose), and nothing left
// after dispose.
// The webContents are node:events emitters, as Electron's are, so the
// listeners are counted the way Electron would hold them.

const assert = require("node:assert/strict");
const { EventEmitter } = require("node:events");
const { describe, it } = require("node:test");

const { createMainIpc } = require("./main-runtime.cjs");

const ORIGIN = "app://main";
const OTHER = "app://other";

const CONTRACT = {
  schemas: [{ app: "test-app", hash: "sha256:00" }],
  channels: [
    { channel: "notes:slow", kind: "invoke", service: "notes", name: "slow" },
    { channel: "notes:quick", kind: "invoke", service: "notes", name: "quick" },
    { channel: "prefs:theme", kind: "state", service: "prefs", name: "theme" },
    { channel: "desk:ask", kind: "relay", service: "desk", name: "ask", request: true },
    { channel: "admin:wipe", kind: "invoke", service: "admin", name: "wipe", capabilities: ["settings"] },
  ],
};

const EVENTS = ["destroyed", "did-navigate", "did-frame-navigate"];

/** How many listeners of each lifecycle event `contents` holds. */
const listeners = (contents) => EVENTS.map((name) => contents.listenerCount(name));

function fakeIpc() {
  const handlers = new Map();
  const on = new Map();
  return {
    handlers,
    on: (channel, listener) => on.set(channel, listener),
    removeListener: (channel, listener) => on.get(channel) === listener && on.delete(channel),
    handle: (channel, handler) => handlers.set(channel, handler),
    removeHandler: (channel) => handlers.delete(channel),
    invoke: (channel, event, ...args) => handlers.get(channel)(event, ...args),
    emit: (channel, event, ...args) => on.get(channel)(event, ...args),
  };
}

/** A frame of `contents`. */
function frameOf(routingId, { origin = ORIGIN, parent = null } = {}) {
  const sent = [];
  return {
    url: `${origin}/index.html`,
    origin,
    parent,
    processId: 4,
    routingId,
    sent,
    isDestroyed: () => false,
    send: (channel, ...args) => sent.push([channel, ...args]),
  };
}

/** The Electron objects of `count` windows, each an EventEmitter webContents with a main frame. */
function fakeElectron(count) {
  const all = new Map();
  for (let i = 0; i < count; i++) {
    const id = 10 + i;
    const contents = Object.assign(new EventEmitter(), {
      id,
      mainFrame: frameOf(100 + i),
      destroyed: false,
      isDestroyed() {
        return this.destroyed;
      },
    });
    all.set(id, contents);
  }
  return {
    all: [...all.values()],
    electron: {
      ipcMain: fakeIpc(),
      webContents: { getAllWebContents: () => [...all.values()], fromId: (id) => all.get(id) },
      webFrameMain: { fromId: () => undefined },
    },
  };
}

/** A message's event from `frame` of `contents`. */
const eventFrom = (contents, frame = contents.mainFrame) => ({
  sender: contents,
  senderFrame: frame,
  processId: frame.processId,
  frameId: frame.routingId,
});

/**
 * A backend whose `notes:slow` answers when the test says so, with sender
 * handles and `cancel`; the other channels answer at once.
 */
function fakeBackend() {
  const backend = {
    pending: [],
    cancelled: [],
    live: new Set(),
    nextHandle: 1,
    call(channel, argsJson, _sender, _buffers, callId) {
      if (channel === "notes:slow") {
        return new Promise((resolve) => backend.pending.push({ callId, resolve }));
      }
      if (channel === "prefs:theme") {
        return JSON.stringify({ ok: true, value: { version: 1, value: "dark" } });
      }
      return JSON.stringify({ ok: true, value: JSON.parse(argsJson) });
    },
    cancel(callId) {
      backend.cancelled.push(callId);
      return true;
    },
    registerSender() {
      const handle = backend.nextHandle++;
      backend.live.add(handle);
      return handle;
    },
    releaseSender(handle) {
      backend.live.delete(handle);
    },
    answerAll() {
      for (const { resolve } of backend.pending.splice(0)) resolve(JSON.stringify({ ok: true, value: "done" }));
    },
  };
  return backend;
}

function setUp(windows = 1, options = {}) {
  const fake = fakeElectron(windows);
  const backend = fakeBackend();
  const reported = [];
  const registration = createMainIpc(CONTRACT, fake.electron).registerIpc({
    backend,
    allowedOrigins: [ORIGIN],
    onError: (error) => reported.push(error),
    ...options,
  });
  return { ...fake, ipc: fake.electron.ipcMain, backend, reported, registration };
}

/** What the glue can keep of `contents`: 20 calls in flight, an announced id, a state follower, a grant, a role (and a sender handle). */
function keepEverything({ ipc, registration }, contents) {
  const event = eventFrom(contents);
  ipc.emit("ipc:handshake", event, [{ app: "test-app", hash: "sha256:00" }]);
  const answers = [];
  for (let i = 0; i < 20; i++) answers.push(ipc.invoke("notes:slow", event, i));
  ipc.emit("ipc:call", event, 7);
  const followed = ipc.invoke("prefs:theme", event);
  assert.deepEqual(followed, { ok: true, value: { version: 1, value: "dark" } });
  registration.grant(contents, ["settings"], { origin: ORIGIN });
  registration.registerWindow(contents, "desk");
  return answers;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the lifecycle watch", () => {
  it("holds one set of listeners per webContents, however much the glue keeps of it", async () => {
    const env = setUp(2);
    const [one, two] = env.all;
    assert.deepEqual(listeners(one), [0, 0, 0]);
    keepEverything(env, one);
    keepEverything(env, two);
    assert.deepEqual(listeners(one), [1, 1, 1]);
    assert.deepEqual(listeners(two), [1, 1, 1]);
    assert.equal(env.backend.live.size, 2, "one sender handle per frame");
    // 20 calls, an announced id and the watch they keep, each.
    assert.equal(env.registration.inFlightCalls(), 44);
    env.backend.answerAll();
    await settle();
    assert.equal(env.registration.inFlightCalls(), 4);
    env.registration.dispose();
  });

  it("adds its listeners once while the page lives, however many calls it makes, and none stays after a navigation", async () => {
    const env = setUp(1);
    const [contents] = env.all;
    let added = 0;
    let removed = 0;
    contents.on("newListener", (name) => {
      if (EVENTS.includes(name)) added += 1;
    });
    contents.on("removeListener", (name) => {
      if (EVENTS.includes(name)) removed += 1;
    });
    const event = eventFrom(contents);
    // A lone call: the watch comes with it and stays for the page's next call.
    const lone = env.ipc.invoke("notes:slow", event, 0);
    assert.deepEqual(listeners(contents), [1, 1, 1]);
    env.backend.answerAll();
    assert.deepEqual(await lone, { ok: true, value: "done" });
    assert.equal(env.registration.inFlightCalls(), 0, "an idle watch is not an entry");
    const afterOne = listeners(contents);
    assert.deepEqual(afterOne, [1, 1, 1]);
    assert.deepEqual([added, removed], [3, 0]);
    // 100 calls one after another, then 200 at once: the same listeners.
    for (let i = 0; i < 100; i++) {
      const answer = env.ipc.invoke("notes:slow", event, i);
      env.backend.answerAll();
      assert.deepEqual(await answer, { ok: true, value: "done" });
    }
    assert.deepEqual(listeners(contents), afterOne, "as many listeners after 100 calls as after 1");
    const together = [];
    for (let i = 0; i < 200; i++) together.push(env.ipc.invoke("notes:slow", event, i));
    env.backend.answerAll();
    await Promise.all(together);
    assert.deepEqual(listeners(contents), afterOne);
    assert.deepEqual([added, removed], [3, 0]);
    // A navigation with nothing kept removes them; the new page's first call adds them again.
    contents.emit("did-navigate", {}, contents.mainFrame.url);
    assert.deepEqual(listeners(contents), [0, 0, 0]);
    assert.deepEqual([added, removed], [3, 3]);
    const next = env.ipc.invoke("notes:slow", event, 1);
    env.backend.answerAll();
    assert.deepEqual(await next, { ok: true, value: "done" });
    assert.deepEqual([added, removed], [6, 3]);
    // While the page follows a state, a navigation ends the follower, then the watch.
    assert.equal(env.ipc.invoke("prefs:theme", event).ok, true);
    contents.emit("did-navigate", {}, contents.mainFrame.url);
    assert.deepEqual(listeners(contents), [0, 0, 0]);
    assert.deepEqual([added, removed], [6, 6]);
    assert.equal(env.registration.inFlightCalls(), 0);
    env.registration.dispose();
    assert.deepEqual([added, removed], [6, 6]);
  });

  it("keeps one set per live webContents across many windows, and none for a destroyed one or after dispose", async () => {
    const env = setUp(3);
    for (let round = 0; round < 50; round++) {
      for (const contents of env.all) {
        const answer = env.ipc.invoke("notes:slow", eventFrom(contents), round);
        env.backend.answerAll();
        assert.deepEqual(await answer, { ok: true, value: "done" });
      }
    }
    for (const contents of env.all) assert.deepEqual(listeners(contents), [1, 1, 1]);
    const [gone, ...live] = env.all;
    gone.destroyed = true;
    gone.emit("destroyed");
    assert.deepEqual(listeners(gone), [0, 0, 0]);
    for (const contents of live) assert.deepEqual(listeners(contents), [1, 1, 1]);
    env.registration.dispose();
    for (const contents of env.all) assert.deepEqual(listeners(contents), [0, 0, 0]);
  });

  it("adds no listener for a frame it refuses, and a subframe's navigation ends an idle watch", async () => {
    const env = setUp(1);
    const [contents] = env.all;
    const stranger = frameOf(500, { origin: OTHER });
    // A frame of another origin: its announced id and its call are refused, and nothing is watched.
    env.ipc.emit("ipc:call", eventFrom(contents, stranger), 3);
    assert.equal(env.ipc.invoke("notes:slow", eventFrom(contents, stranger), 1).error.code, "ERR_FORBIDDEN");
    assert.deepEqual(listeners(contents), [0, 0, 0]);
    // A call answered at once after an announced id: the watch the id made stays for the page.
    env.ipc.emit("ipc:call", eventFrom(contents), 4);
    assert.deepEqual(listeners(contents), [1, 1, 1]);
    assert.deepEqual(env.ipc.invoke("notes:quick", eventFrom(contents), 5), { ok: true, value: [5] });
    assert.deepEqual(listeners(contents), [1, 1, 1]);
    assert.equal(env.registration.inFlightCalls(), 0, "the announced id was taken by the call");
    contents.emit("did-frame-navigate", {}, "app://main/frame.html", 200, "OK", false, 4, 301);
    assert.deepEqual(listeners(contents), [0, 0, 0], "nothing is kept, so the watch ends");
    env.registration.dispose();
    assert.deepEqual(
      env.reported.map((error) => error.code),
      ["ERR_FORBIDDEN"],
    );
  });

  it("a main-frame navigation ends the calls, followers and pending requests; the grant only across origins", async () => {
    const env = setUp(2);
    const [asker, desk] = env.all;
    env.registration.registerWindow(asker, "asker");
    const answers = keepEverything(env, desk);
    // A request from the asker waits for the desk's answer.
    const request = env.ipc.invoke("desk:ask", eventFrom(asker), "desk", null, "question");
    assert.equal(desk.mainFrame.sent.length, 1);

    // A reload: same origin. The grant and the role stay; every call, follower, request and handle goes.
    desk.mainFrame = frameOf(200);
    desk.emit("did-frame-navigate", {}, desk.mainFrame.url, 200, "OK", true, 4, 200);
    desk.emit("did-navigate", {}, desk.mainFrame.url);
    for (const answer of answers) {
      assert.deepEqual((await answer).error, {
        code: "ERR_CANCELLED",
        message: "notes:slow was cancelled",
        data: { reason: "frame" },
      });
    }
    assert.equal(env.backend.cancelled.length, 20, "the backend drops each call's future");
    assert.equal((await request).error.code, "ERR_TARGET_GONE");
    assert.equal(env.registration.inFlightCalls(), 0, "no call, announced id or page id is left");
    env.backend.call = () => JSON.stringify({ ok: true, value: { version: 2, value: "light" } });
    assert.equal(env.ipc.invoke("admin:wipe", eventFrom(desk)).ok, true, "the grant holds at its origin");
    assert.deepEqual(listeners(desk), [1, 1, 1], "the grant and the role keep the watch");

    // To another origin: the grant goes; the role stays until the window is destroyed.
    desk.mainFrame = frameOf(201, { origin: OTHER });
    desk.emit("did-navigate", {}, desk.mainFrame.url);
    assert.deepEqual(listeners(desk), [1, 1, 1], "the role keeps the watch");
    env.registration.unregisterWindow(desk);
    assert.deepEqual(listeners(desk), [0, 0, 0], "the last member to leave ends the watch");
    desk.mainFrame = frameOf(202);
    desk.emit("did-navigate", {}, desk.mainFrame.url);
    assert.equal(env.ipc.invoke("admin:wipe", eventFrom(desk)).error.code, "ERR_FORBIDDEN");
    env.registration.dispose();
    assert.deepEqual(
      env.reported.map((error) => error.code),
      ["ERR_FORBIDDEN"],
      "only the refusal after the grant was dropped",
    );
  });

  it("a subframe's navigation ends that frame's calls only", async () => {
    const env = setUp(1, { allowSubframes: true });
    const [contents] = env.all;
    const sub = frameOf(300, { parent: contents.mainFrame });
    const mainCall = env.ipc.invoke("notes:slow", eventFrom(contents), 1);
    const subCall = env.ipc.invoke("notes:slow", eventFrom(contents, sub), 2);
    assert.equal(env.registration.inFlightCalls(), 3, "two calls and their watch");
    contents.emit("did-frame-navigate", {}, sub.url, 200, "OK", false, 4, 300);
    assert.equal((await subCall).error.data.reason, "frame");
    assert.equal(env.registration.inFlightCalls(), 2, "the main frame's call is not the subframe's");
    assert.deepEqual(listeners(contents), [1, 1, 1]);
    contents.emit("did-frame-navigate", {}, contents.mainFrame.url, 200, "OK", true, 4, 100);
    assert.equal((await mainCall).error.data.reason, "frame");
    assert.equal(env.registration.inFlightCalls(), 0);
    env.registration.dispose();
    assert.deepEqual(listeners(contents), [0, 0, 0]);
  });

  it("a subframe's navigation cancels its calls among others, oldest first, and the rest still settle", async () => {
    const env = setUp(1, { allowSubframes: true });
    const [contents] = env.all;
    const sub = frameOf(300, { parent: contents.mainFrame });
    const mainCalls = [];
    const subCalls = [];
    for (let i = 0; i < 10; i++) {
      mainCalls.push(env.ipc.invoke("notes:slow", eventFrom(contents), i));
      subCalls.push(env.ipc.invoke("notes:slow", eventFrom(contents, sub), i));
    }
    const subIds = env.backend.pending.filter((_, i) => i % 2 === 1).map(({ callId }) => callId);
    contents.emit("did-frame-navigate", {}, sub.url, 200, "OK", false, 4, 300);
    assert.deepEqual(env.backend.cancelled, subIds, "the subframe's calls, in the order they were made");
    for (const answer of subCalls) assert.equal((await answer).error.data.reason, "frame");
    env.backend.answerAll();
    for (const answer of mainCalls) assert.deepEqual(await answer, { ok: true, value: "done" });
    assert.equal(env.registration.inFlightCalls(), 0);
    // The list is empty and whole again: a new call joins it and a navigation ends it.
    const next = env.ipc.invoke("notes:slow", eventFrom(contents), 11);
    assert.equal(env.registration.inFlightCalls(), 2, "one call and its watch");
    contents.emit("did-navigate", {}, contents.mainFrame.url);
    assert.equal((await next).error.data.reason, "frame");
    assert.deepEqual(listeners(contents), [0, 0, 0]);
    env.registration.dispose();
  });

  it("a destroyed webContents releases everything and its listeners", async () => {
    const env = setUp(2);
    const [asker, desk] = env.all;
    env.registration.registerWindow(asker, "asker");
    const answers = keepEverything(env, desk);
    const request = env.ipc.invoke("desk:ask", eventFrom(asker), "desk", null, "question");
    desk.destroyed = true;
    desk.emit("destroyed");
    assert.deepEqual(listeners(desk), [0, 0, 0]);
    for (const answer of answers) assert.equal((await answer).error.data.reason, "frame");
    assert.equal((await request).error.code, "ERR_TARGET_GONE");
    assert.equal(env.registration.inFlightCalls(), 0);
    // Its role went with it: a relay to "desk" finds no window.
    const after = env.ipc.invoke("desk:ask", eventFrom(asker), "desk", null, "again");
    assert.equal(after.error.code, "ERR_NO_TARGET");
    env.registration.dispose();
  });

  it("dispose cancels the calls and leaves no listener on any webContents", async () => {
    const env = setUp(3);
    const answers = env.all.flatMap((contents) => keepEverything(env, contents));
    env.registration.dispose();
    for (const contents of env.all) assert.deepEqual(listeners(contents), [0, 0, 0]);
    for (const answer of answers) assert.equal((await answer).error.data.reason, "dispose");
    assert.equal(env.backend.live.size, 0);
    assert.equal(env.registration.inFlightCalls(), 0);
  });

  it("a webContents that is not an event emitter is tracked without a watch, and its calls still end at dispose", async () => {
    const env = setUp(1);
    const standIn = { id: 99 };
    const frame = frameOf(400);
    const answer = env.ipc.invoke("notes:slow", { sender: standIn, senderFrame: frame, processId: 4, frameId: 400 }, 1);
    assert.equal(env.registration.inFlightCalls(), 1);
    env.registration.dispose();
    assert.equal((await answer).error.data.reason, "dispose");
  });
});

describe("the answer of a call in flight", () => {
  /** A registration whose `notes:slow` answers with what the test resolves or rejects. */
  function pendingCall() {
    const env = setUp(1);
    const [contents] = env.all;
    const answer = env.ipc.invoke("notes:slow", eventFrom(contents), 1);
    const [{ resolve }] = env.backend.pending;
    return { ...env, contents, answer, resolve };
  }

  it("is the backend's envelope, its bytes revived", async () => {
    const { answer, resolve, registration, contents } = pendingCall();
    resolve(['{"ok":true,"value":{"$ipcBytes":0}}', [new Uint8Array([1, 2])]]);
    assert.deepEqual(await answer, { ok: true, value: new Uint8Array([1, 2]) });
    assert.equal(registration.inFlightCalls(), 0);
    assert.deepEqual(listeners(contents), [1, 1, 1], "the watch stays for the page's next call");
    registration.dispose();
    assert.deepEqual(listeners(contents), [0, 0, 0]);
  });

  for (const [what, text] of [
    ["text that is not an envelope", '{"nope":1}'],
    ["a number", 7],
    ["a placeholder naming no buffer", ['{"ok":true,"value":{"$ipcBytes":1}}', [new Uint8Array(1)]]],
  ]) {
    it(`is ERR_BAD_RESPONSE, reported, for ${what}`, async () => {
      const { answer, resolve, registration, reported } = pendingCall();
      resolve(text);
      const envelope = await answer;
      assert.equal(envelope.error.code, "ERR_BAD_RESPONSE");
      assert.deepEqual(
        reported.map((error) => error.code),
        ["ERR_BAD_RESPONSE"],
      );
      assert.equal(registration.inFlightCalls(), 0);
      registration.dispose();
    });
  }

  it("is ERR_TRANSPORT, reported with its cause, when the backend's promise rejects", async () => {
    const env = setUp(1);
    const [contents] = env.all;
    const cause = new Error("the worker died");
    env.backend.call = () => Promise.reject(cause);
    const envelope = await env.ipc.invoke("notes:slow", eventFrom(contents), 1);
    assert.equal(envelope.error.code, "ERR_TRANSPORT");
    assert.equal(env.reported.length, 1);
    assert.equal(env.reported[0].cause.cause, cause);
    assert.equal(env.registration.inFlightCalls(), 0);
    env.registration.dispose();
  });

  it("that cannot be read is reported even after the call was cancelled; the page has ERR_CANCELLED", async () => {
    const { answer, resolve, registration, reported, contents } = pendingCall();
    contents.emit("did-navigate", {}, contents.mainFrame.url);
    resolve("not an envelope");
    assert.equal((await answer).error.code, "ERR_CANCELLED");
    await settle();
    assert.deepEqual(
      reported.map((error) => error.code),
      ["ERR_BAD_RESPONSE"],
    );
    registration.dispose();
  });
});
