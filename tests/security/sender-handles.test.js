"use strict";
// Sender handles (docs/wire.md, "Sender handles"): the generated main glue
// registers a frame's sender with the addon once and passes the number it
// gets on every call. A handle must always stand for the frame that sent
// the message at hand: never a frame's earlier document, never another
// frame, and none may outlive its frame or the registration.

const assert = require("node:assert/strict");
const { describe, it } = require("node:test");

const { ORIGIN, PAGE, loadAddon, start } = require("./support/setup.js");

/**
 * The real addon behind a recorder: what `call` was given as the sender,
 * and which handles were registered and released, in order.
 */
function recordingBackend() {
  const addon = loadAddon();
  const log = [];
  const live = new Set();
  const backend = Object.create(addon);
  backend.registerSender = (values) => {
    const handle = addon.registerSender(values);
    live.add(handle);
    log.push({ registered: handle, values });
    return handle;
  };
  backend.releaseSender = (handle) => {
    live.delete(handle);
    log.push({ released: handle });
    return addon.releaseSender(handle);
  };
  backend.call = (channel, argsJson, sender, ...rest) => {
    log.push({ call: channel, sender });
    if (typeof sender === "number") {
      assert.ok(live.has(sender), `call ${channel} was given the released or unknown handle ${sender}`);
    }
    return addon.call(channel, argsJson, sender, ...rest);
  };
  return { addon, backend, log, live };
}

async function whoami(app, target) {
  const envelope = await app.renderer(target).ipcRenderer.invoke("hostile:whoami");
  assert.equal(envelope.ok, true, JSON.stringify(envelope));
  // A plain object of this realm (the page's has another prototype).
  return JSON.parse(JSON.stringify(envelope.value));
}

describe("sender handles", () => {
  it("a frame's calls pass one handle, which Rust reads as that frame's sender", async () => {
    const { addon, backend, log } = recordingBackend();
    const before = addon.senderHandles();
    const env = start({ backend });
    try {
      const win = await env.openWindow();
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await whoami(env.app, win), { origin: ORIGIN, url: PAGE, isMainFrame: true });
      }
      const senders = log.filter((entry) => entry.call === "hostile:whoami").map((entry) => entry.sender);
      assert.equal(senders.length, 3);
      assert.equal(typeof senders[0], "number");
      assert.deepEqual(new Set(senders).size, 1, "the frame's handle is registered once");
      const frame = win.webContents.mainFrame;
      assert.deepEqual(log.find((entry) => entry.registered !== undefined).values, [
        win.webContents.id,
        frame.processId,
        frame.routingId,
        PAGE,
        ORIGIN,
        true,
      ]);
      assert.equal(addon.senderHandles(), before + 1);
    } finally {
      env.stop();
    }
    assert.equal(addon.senderHandles(), before, "dispose releases every handle");
  });

  it("a navigation or a reload replaces the handle at the next call, and the old one is never passed again", async () => {
    const { addon, backend, log, live } = recordingBackend();
    const before = addon.senderHandles();
    const env = start({ backend });
    try {
      const win = await env.openWindow();
      await whoami(env.app, win);
      const first = log.find((entry) => entry.registered !== undefined).registered;
      await win.loadURL(`${ORIGIN}/settings.html`);
      assert.deepEqual(await whoami(env.app, win), {
        origin: ORIGIN,
        url: `${ORIGIN}/settings.html`,
        isMainFrame: true,
      });
      assert.ok(!live.has(first), "the new document's first call released the old document's handle");
      win.webContents.reload();
      assert.equal((await whoami(env.app, win)).url, `${ORIGIN}/settings.html`);
      const handles = log.filter((entry) => entry.call !== undefined).map((entry) => entry.sender);
      assert.equal(new Set(handles).size, 3, "one handle per document");
      assert.equal(addon.senderHandles(), before + 1);
      // Navigated to a refused origin: the call reaches neither the backend nor registerSender.
      const calls = log.length;
      await win.loadURL("https://evil.example/");
      const refused = await env.app.renderer(win).ipcRenderer.invoke("hostile:whoami");
      assert.equal(refused.error.code, "ERR_FORBIDDEN");
      assert.deepEqual(log.slice(calls), []);
    } finally {
      env.stop();
    }
    assert.equal(addon.senderHandles(), before);
  });

  it("a frame whose values change without a navigation event gets a new handle at once", async () => {
    const { addon, backend, log } = recordingBackend();
    const env = start({ backend });
    try {
      const win = await env.openWindow();
      await whoami(env.app, win);
      // Nothing told the glue (no did-navigate): the values it checks differ
      // from those it registered, so it must not pass the old handle.
      const frame = win.webContents.mainFrame;
      const url = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(frame), "url");
      Object.defineProperty(frame, "url", { get: () => `${ORIGIN}/moved.html`, configurable: true });
      try {
        assert.equal((await whoami(env.app, win)).url, `${ORIGIN}/moved.html`);
      } finally {
        if (url === undefined) delete frame.url;
        else Object.defineProperty(frame, "url", { ...url, configurable: true });
      }
      const handles = log.filter((entry) => entry.call !== undefined).map((entry) => entry.sender);
      assert.equal(handles.length, 2);
      assert.notEqual(handles[0], handles[1]);
      assert.ok(log.some((entry) => entry.released === handles[0]));
      assert.ok(addon.senderHandles() >= 1);
    } finally {
      env.stop();
    }
  });

  it("two frames of one window never share a handle", async () => {
    const { backend, log } = recordingBackend();
    const env = start({ backend, allowSubframes: true });
    try {
      const win = await env.openWindow();
      const iframe = env.app.addIframe(win.webContents.mainFrame, `${ORIGIN}/frame.html`);
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await whoami(env.app, win), { origin: ORIGIN, url: PAGE, isMainFrame: true });
        assert.deepEqual(await whoami(env.app, iframe), {
          origin: ORIGIN,
          url: `${ORIGIN}/frame.html`,
          isMainFrame: false,
        });
      }
      const handles = log.filter((entry) => entry.call !== undefined).map((entry) => entry.sender);
      assert.equal(new Set(handles).size, 2);
      assert.notEqual(handles[0], handles[1]);
    } finally {
      env.stop();
    }
  });

  it("a destroyed window's handles are released at the next registration; another window keeps its own", async () => {
    const { addon, backend, live, log } = recordingBackend();
    const before = addon.senderHandles();
    const env = start({ backend });
    try {
      const one = await env.openWindow();
      const two = await env.openWindow(`${ORIGIN}/two.html`);
      await whoami(env.app, one);
      await whoami(env.app, two);
      assert.equal(addon.senderHandles(), before + 2);
      const [ofOne, ofTwo] = log.filter((entry) => entry.registered !== undefined).map((entry) => entry.registered);
      one.destroy();
      const three = await env.openWindow(`${ORIGIN}/three.html`);
      assert.equal((await whoami(env.app, three)).url, `${ORIGIN}/three.html`);
      assert.ok(!live.has(ofOne), "the destroyed window's handle is released");
      assert.ok(live.has(ofTwo));
      assert.equal(addon.senderHandles(), before + 2);
      assert.equal((await whoami(env.app, two)).url, `${ORIGIN}/two.html`);
      assert.equal(log.at(-1).sender, ofTwo);
    } finally {
      env.stop();
    }
    assert.equal(addon.senderHandles(), before);
  });

  it("a window's handles stay bounded however many frames it makes", async () => {
    const { addon, backend } = recordingBackend();
    const before = addon.senderHandles();
    const env = start({ backend, allowSubframes: true });
    try {
      const win = await env.openWindow();
      for (let i = 0; i < 80; i++) {
        const iframe = env.app.addIframe(win.webContents.mainFrame, `${ORIGIN}/frame-${i}.html`);
        assert.equal((await whoami(env.app, iframe)).url, `${ORIGIN}/frame-${i}.html`);
      }
      assert.equal(addon.senderHandles(), before + 64);
    } finally {
      env.stop();
    }
    assert.equal(addon.senderHandles(), before);
  });

  it("a backend without registerSender is given the sender's values", async () => {
    const addon = loadAddon();
    const seen = [];
    const backend = {
      call(channel, argsJson, sender, ...rest) {
        seen.push(sender);
        return addon.call(channel, argsJson, sender, ...rest);
      },
    };
    const env = start({ backend });
    try {
      const win = await env.openWindow();
      assert.equal((await whoami(env.app, win)).url, PAGE);
      assert.deepEqual(seen, [
        [
          win.webContents.id,
          win.webContents.mainFrame.processId,
          win.webContents.mainFrame.routingId,
          PAGE,
          ORIGIN,
          true,
        ],
      ]);
    } finally {
      env.stop();
    }
  });
});
