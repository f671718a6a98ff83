"use strict";
// grantsOf: what the preload makes of main's answer on `ipc:grants`.

const assert = require("node:assert/strict");
const { describe, it } = require("node:test");
const { grantsOf } = require("./grants-runtime.cjs");

const answering = (answer) => ({
  asked: [],
  sendSync(channel, ...args) {
    this.asked.push([channel, ...args]);
    if (answer instanceof Error) {
      throw answer;
    }
    return answer;
  },
});

describe("grantsOf", () => {
  it("asks main once on ipc:grants, with nothing of its own, and keeps the names it answers", () => {
    const ipcRenderer = answering(["admin", "settings"]);
    const granted = grantsOf(ipcRenderer);
    assert.deepEqual([...granted], ["admin", "settings"]);
    assert.deepEqual(ipcRenderer.asked, [["ipc:grants"]]);
  });

  it("reads anything but an array of strings as no grant", () => {
    for (const answer of [undefined, null, "settings", { 0: "settings", length: 1 }, 1]) {
      assert.deepEqual([...grantsOf(answering(answer))], [], String(answer));
    }
    assert.deepEqual([...grantsOf(answering(["settings", 1, null, { has: true }]))], ["settings"]);
  });

  it("grants nothing, and logs why, when the sendSync throws (no handler in main)", (t) => {
    const logged = t.mock.method(console, "error", () => {});
    assert.deepEqual([...grantsOf(answering(new Error("no handler")))], []);
    assert.equal(logged.mock.callCount(), 1);
    assert.match(logged.mock.calls[0].arguments[0], /capabilities of this window are unknown.*no handler/);
  });
});
