// @ts-check
// Unit tests of the seed-patterns page (renderer.js) without Electron:
// jsdom builds the page from index.html, the generated mock in its CommonJS
// form (generated/ipc-mock.cjs) stands in for the preload, and the test
// plays the main process.
//
//   node --test examples/seed-patterns/tests/
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");

const { JSDOM } = require("jsdom");

const { fail, failWith, installIpcMock } = require("../generated/ipc-mock.cjs");

const html = fs.readFileSync(path.join(__dirname, "..", "index.html"), "utf8");
const script = fs.readFileSync(path.join(__dirname, "..", "renderer.js"), "utf8");

/** Lets the page's pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Waits, a macrotask at a time, until `check()` holds.
 * @param {() => boolean} check
 */
async function until(check) {
  for (let i = 0; i < 200 && !check(); i++) await settle();
  assert.ok(check(), "the page got there");
}

describe("the seed-patterns page, with the generated mock for the preload", () => {
  /** @type {JSDOM} */
  let dom;
  /** @type {import("../generated/ipc-mock.cjs").IpcMock} */
  let mock;
  /** @type {import("../generated/ipc").OpenedFile | null} */
  let chosen;

  /** @param {string} id */
  const byId = (id) => {
    const element = dom.window.document.getElementById(id);
    assert.ok(element, `the page has #${id}`);
    return element;
  };
  /** @param {string} id */
  const click = (id) => byId(id).dispatchEvent(new dom.window.MouseEvent("click"));

  beforeEach(() => {
    chosen = { path: "/home/me/notes.txt", contents: new Uint8Array([104, 105]), size: 2n };
    dom = new JSDOM(html, { runScripts: "outside-only" });
    mock = installIpcMock(dom.window, {
      files: { openFile: () => chosen },
      titleBar: { setTitle: () => {} },
      counter: { counterValue: () => {} },
      // The test plays main's relay: the note reaches "the other windows".
      peers: { note: () => null },
    });
    dom.window.eval(script);
  });
  afterEach(() => {
    mock.restore();
    dom.window.close();
  });

  it("pattern 1: sends the title typed in the input", () => {
    /** @type {HTMLInputElement} */ (byId("title")).value = "Hello";
    click("set-title");
    assert.deepEqual(mock.titleBar.calls("setTitle"), [["Hello"]]);
  });

  it("pattern 2: shows the chosen file, or that the dialog was cancelled", async () => {
    click("open-file");
    await settle();
    assert.equal(byId("file-path").textContent, "/home/me/notes.txt (2 bytes)");
    chosen = null;
    click("open-file");
    await settle();
    assert.equal(byId("file-path").textContent, "(cancelled)");
    assert.equal(mock.files.calls("openFile").length, 2);
  });

  it("pattern 3: follows the counter's steps and reports each value back", () => {
    assert.equal(mock.counter.listenerCount("updateCounter"), 1);
    mock.counter.emit("updateCounter", 1);
    mock.counter.emit("updateCounter", 1);
    mock.counter.emit("updateCounter", -5);
    assert.equal(byId("counter-value").textContent, "-3");
    assert.deepEqual(mock.counter.calls("counterValue"), [[1], [2], [-3]]);
    assert.deepEqual(mock.unhandled, []);
  });

  it("pattern 4: sends the note to the role `peer` and lists the notes of other windows", async () => {
    /** @type {HTMLInputElement} */ (byId("note")).value = "hi there";
    click("send-note");
    await settle();
    assert.deepEqual(mock.peers.calls("note"), [["peer", "hi there"]]);
    assert.equal(byId("note-status").textContent, "sent");
    mock.peers.emit("note", "peer", "hello back");
    assert.deepEqual(
      Array.from(byId("notes").children, (item) => item.textContent),
      ["peer: hello back"],
    );
    // What main answers when this is the only window.
    mock.peers.handle("note", () => failWith("ERR_SELF_TARGET", "alone", { role: "peer" }));
    click("send-note");
    await settle();
    assert.equal(byId("note-status").textContent, "open another window first");
  });

  it("pattern 6, from the page: sends the typed text in chunks and shows the size and digest Rust answers", async () => {
    // jsdom's window has no TextEncoder; Chromium's pages do.
    Object.assign(dom.window, { TextEncoder });
    /** @type {Uint8Array[]} */
    const received = [];
    mock.worker.handle("digest", async (chunks) => {
      for await (const chunk of chunks) received.push(chunk);
      if (received.length === 0) return fail("Empty");
      return { chunks: received.length, size: 5n, sha256: "2cf24d" };
    });
    /** @type {HTMLTextAreaElement} */ (byId("upload-text")).value = "hello";
    click("upload");
    await until(() => byId("upload-status").textContent !== "Sending…");
    assert.equal(byId("upload-status").textContent, "5 bytes, SHA-256 2cf24d");
    assert.deepEqual(
      received.map((chunk) => Array.from(chunk)),
      [[104, 101, 108, 108, 111]],
    );
    received.length = 0;
    /** @type {HTMLTextAreaElement} */ (byId("upload-text")).value = "";
    click("upload");
    await until(() => byId("upload-status").textContent !== "Sending…");
    assert.equal(byId("upload-status").textContent, "Nothing to send");
  });

  it("pattern 6, both ways: each line goes to Rust and comes back as it answers", async () => {
    /** @type {string[]} */
    const heard = [];
    mock.worker.handle("shout", async function* (lines) {
      for await (const line of lines) {
        heard.push(line);
        yield `${heard.length}: ${line.toUpperCase()}`;
      }
    });
    /** @type {HTMLTextAreaElement} */ (byId("lines")).value = "one\ntwo";
    click("shout");
    await until(() => byId("shouted").children.length === 2);
    assert.deepEqual(heard, ["one", "two"]);
    assert.deepEqual(
      Array.from(byId("shouted").children, (item) => item.textContent),
      ["1: ONE", "2: TWO"],
    );
  });
});
