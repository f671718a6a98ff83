"use strict";
// The window-to-window relay end to end (docs/wire.md, "Window-to-window
// messages"): the `desk` service of the security addon (tests/src/security/
// service.rs) declares relays; main runs the glue ipc-codegen generates over
// the real addon, and pages use `window.desk` as the preload exposes it.

const assert = require("node:assert/strict");
const { describe, it } = require("node:test");

const { ORIGIN, PAGE, start, outcome, delay, until } = require("../security/support/setup.js");

/** Opens a window at PAGE with `role` (and `grants`, if any), its page collecting what it receives. */
async function openAs(ctx, role, { grants } = {}) {
  const win = new ctx.app.electron.BrowserWindow({
    webPreferences: ctx.main.secureWebPreferences({ preload: ctx.preload }),
  });
  if (role !== undefined) ctx.dispose.registerWindow(win, role);
  if (grants !== undefined) ctx.dispose.grant(win, grants, { origin: ORIGIN });
  await win.loadURL(PAGE);
  const doc = ctx.app.renderer(win);
  assert.deepEqual(doc.errors, []);
  await doc.evaluate(`
    globalThis.received = [];
    window.desk.onNote((from, text, n) => received.push({ from, text, n }));
    window.desk.onBlob((from, data) => received.push({ from, blob: Array.from(data), isBytes: data instanceof Uint8Array }));
    if (window.desk.onSecret) window.desk.onSecret((from, code) => received.push({ from, code }));
  `);
  return { win, doc };
}

const received = async (doc) => JSON.parse(await doc.evaluate("JSON.stringify(received)"));

describe("the relay between windows", () => {
  it("delivers a typed message to every window of the role, with the sender's role", async () => {
    const ctx = start();
    try {
      const editor = await openAs(ctx, "editor");
      const prefsA = await openAs(ctx, "prefs");
      const prefsB = await openAs(ctx, "prefs");
      const sent = await outcome(editor.doc, `window.desk.note.to("prefs", "hello", 7)`);
      assert.deepEqual(sent, { value: undefined });
      await ctx.app.idle();
      assert.deepEqual(await received(prefsA.doc), [{ from: "editor", text: "hello", n: 7 }]);
      assert.deepEqual(await received(prefsB.doc), [{ from: "editor", text: "hello", n: 7 }]);
      // The sender is not a target, and neither is a window of another role.
      assert.deepEqual(await received(editor.doc), []);
      // A window of a shared role reaches the others of its role, not itself.
      await outcome(prefsA.doc, `window.desk.note.to("prefs", "sibling", 1)`);
      await ctx.app.idle();
      assert.deepEqual((await received(prefsB.doc)).at(-1), { from: "prefs", text: "sibling", n: 1 });
      assert.equal((await received(prefsA.doc)).length, 1);
    } finally {
      ctx.stop();
    }
  });

  it("checks the payload with the Rust types and delivers only what they declare", async () => {
    const ctx = start();
    try {
      const a = await openAs(ctx, "a");
      const b = await openAs(ctx, "b");
      const bad = await outcome(a.doc, `window.desk.note.to("b", 3, 7)`);
      assert.equal(bad.code, "ERR_BAD_ARGUMENTS");
      assert.equal(bad.data.argument, "text");
      const negative = await outcome(a.doc, `window.desk.note.to("b", "x", -1)`);
      assert.equal(negative.code, "ERR_BAD_ARGUMENTS");
      const arity = await outcome(a.doc, `window.desk.note.to("b", "x")`);
      assert.equal(arity.code, "ERR_BAD_ARGUMENTS");
      await outcome(a.doc, `window.desk.blob.to("b", new Uint8Array([1, 2, 3]))`);
      await ctx.app.idle();
      assert.deepEqual(await received(b.doc), [{ from: "a", blob: [1, 2, 3], isBytes: true }]);
    } finally {
      ctx.stop();
    }
  });

  it("answers a request from the oldest window of the role, within its deadline", async () => {
    const ctx = start();
    try {
      const asker = await openAs(ctx, "asker");
      const first = await openAs(ctx, "judge");
      const second = await openAs(ctx, "judge");
      await first.doc.evaluate(`window.desk.answerAsk(async (from, q) => from === "asker" && q === "ok?")`);
      await second.doc.evaluate(`window.desk.answerAsk(() => false)`);
      assert.deepEqual(await outcome(asker.doc, `window.desk.ask.to("judge", "ok?")`), { value: true });
      assert.deepEqual(await outcome(asker.doc, `window.desk.ask.to("judge", "no?", { timeout: 1000 })`), {
        value: false,
      });
      // An answer of the wrong type is refused by the Rust types.
      const third = await openAs(ctx, "liar");
      await third.doc.evaluate(`window.desk.answerAsk(() => "yes")`);
      const lied = await outcome(asker.doc, `window.desk.ask.to("liar", "?")`);
      assert.equal(lied.code, "ERR_BAD_RESPONSE");
      // An answerer that throws.
      const fourth = await openAs(ctx, "broken");
      await fourth.doc.evaluate(`window.desk.answerAsk(() => { throw new Error("no") })`);
      assert.equal((await outcome(asker.doc, `window.desk.ask.to("broken", "?")`)).code, "ERR_HANDLER");
      // A window of the role without an answerer says so at once.
      await openAs(ctx, "mute");
      assert.equal((await outcome(asker.doc, `window.desk.ask.to("mute", "?")`)).code, "ERR_NO_TARGET");
    } finally {
      ctx.stop();
    }
  });

  it("rejects a request past its deadline with ERR_TIMEOUT", async () => {
    const ctx = start();
    try {
      const asker = await openAs(ctx, "asker");
      const slow = await openAs(ctx, "slow");
      await slow.doc.evaluate(`window.desk.answerAsk(() => new Promise(() => {}))`);
      const started = Date.now();
      const late = await outcome(asker.doc, `window.desk.ask.to("slow", "?", { timeout: 50 })`);
      assert.equal(late.code, "ERR_TIMEOUT");
      assert.deepEqual(late.data, { timeoutMs: 50 });
      assert.ok(Date.now() - started >= 45);
      const badOptions = await outcome(asker.doc, `window.desk.ask.to("slow", "?", { timeout: -1 })`);
      assert.equal(badOptions.code, "ERR_BAD_ARGUMENTS");
    } finally {
      ctx.stop();
    }
  });

  for (const [how, end] of [
    ["closes", (win) => win.close()],
    ["reloads", (win) => win.webContents.reload()],
    ["navigates", (win) => win.loadURL(`${ORIGIN}/other.html`)],
  ]) {
    it(`fails a pending request with ERR_TARGET_GONE when the target ${how}`, async () => {
      const ctx = start();
      try {
        const asker = await openAs(ctx, "asker");
        const target = await openAs(ctx, "target");
        await target.doc.evaluate(
          `globalThis.asked = 0; window.desk.answerAsk(() => { asked++; return new Promise(() => {}) })`,
        );
        const pending = outcome(asker.doc, `window.desk.ask.to("target", "?", { timeout: 5000 })`);
        // A pending request keeps IPC busy: wait until the target has it instead of waiting for idle.
        await until(() => target.doc.page.run("asked") === 1, "the request to reach the target");
        end(target.win);
        const gone = await pending;
        assert.equal(gone.code, "ERR_TARGET_GONE");
        assert.deepEqual(gone.data, { role: "target" });
      } finally {
        ctx.stop();
      }
    });
  }

  it("routes 1,000 messages in flight to the right windows, and 400 requests to the right answerers", async () => {
    const ctx = start();
    try {
      const sender = await openAs(ctx, "sender");
      const left = await openAs(ctx, "left");
      const right = await openAs(ctx, "right");
      const results = await sender.doc.evaluate(`
        Promise.all(Array.from({ length: 1000 }, (_, i) =>
          window.desk.note.to(i % 2 === 0 ? "left" : "right", i % 2 === 0 ? "left" : "right", i)))
          .then((all) => all.length)
      `);
      assert.equal(results, 1000);
      await ctx.app.idle();
      const l = await received(left.doc);
      const r = await received(right.doc);
      assert.equal(l.length, 500);
      assert.equal(r.length, 500);
      assert.ok(l.every((m, k) => m.text === "left" && m.n === 2 * k && m.from === "sender"));
      assert.ok(r.every((m, k) => m.text === "right" && m.n === 2 * k + 1 && m.from === "sender"));

      await left.doc.evaluate(`window.desk.answerAsk((from, q) => q.startsWith("left"))`);
      await right.doc.evaluate(`window.desk.answerAsk((from, q) => q.startsWith("right"))`);
      // Over a second, so the sender's rate (1,000 a second) has room again.
      await delay(1100);
      const answers = await sender.doc.evaluate(`
        Promise.all(Array.from({ length: 400 }, (_, i) => {
          const role = i % 2 === 0 ? "left" : "right";
          return window.desk.ask.to(role, i % 4 < 2 ? role : "other");
        }))
      `);
      assert.equal(answers.length, 400);
      assert.ok(answers.every((answer, i) => answer === i % 4 < 2));
    } finally {
      ctx.stop();
    }
  });

  it("answers every refusal with its stable code, and affects no other window", async () => {
    const ctx = start({ relay: { perSecond: 20, pendingPerTarget: 3 } });
    try {
      const solo = await openAs(ctx, "solo");
      const nobody = await openAs(ctx, undefined);
      const target = await openAs(ctx, "target");
      const bystander = await openAs(ctx, "bystander");

      const unknown = await outcome(solo.doc, `window.desk.note.to("ghost", "x", 1)`);
      assert.equal(unknown.code, "ERR_UNKNOWN_ROLE");
      assert.deepEqual(unknown.data, { role: "ghost" });

      const self = await outcome(solo.doc, `window.desk.note.to("solo", "x", 1)`);
      assert.equal(self.code, "ERR_SELF_TARGET");

      const roleless = await outcome(nobody.doc, `window.desk.note.to("target", "x", 1)`);
      assert.equal(roleless.code, "ERR_FORBIDDEN");
      assert.match(roleless.data.reason, /no role/);

      const badRole = await outcome(solo.doc, `window.desk.note.to("Not A Role", "x", 1)`);
      assert.equal(badRole.code, "ERR_BAD_ARGUMENTS");

      // Before the target exists: the role is unknown; once it closed: no target.
      const later = await openAs(ctx, "later");
      later.win.close();
      await ctx.app.idle();
      const closed = await outcome(solo.doc, `window.desk.note.to("later", "x", 1)`);
      assert.equal(closed.code, "ERR_NO_TARGET");

      // Pending requests per target: 3 wait, the 4th is refused, the target's other senders are unaffected.
      await target.doc.evaluate(
        `globalThis.held = []; window.desk.answerAsk(() => new Promise((resolve) => held.push(resolve)))`,
      );
      const waiting = [1, 2, 3].map(() => outcome(solo.doc, `window.desk.ask.to("target", "?", { timeout: 5000 })`));
      await delay(50);
      const fourth = await outcome(solo.doc, `window.desk.ask.to("target", "?")`);
      assert.equal(fourth.code, "ERR_RATE_LIMITED");
      assert.deepEqual(fourth.data, { limit: 3, per: "pending" });
      await target.doc.evaluate(`for (const resolve of held) resolve(true)`);
      assert.deepEqual(await Promise.all(waiting), [{ value: true }, { value: true }, { value: true }]);

      // Flooding: past 20 a second the sender is refused; the bystander still sends.
      const flood = await solo.doc.evaluate(`
        Promise.all(Array.from({ length: 40 }, () =>
          window.desk.note.to("target", "x", 1).then(() => "ok", (e) => e.code)))
      `);
      assert.ok(flood.includes("ERR_RATE_LIMITED"), flood.join());
      assert.ok(flood.filter((c) => c === "ok").length <= 20);
      assert.deepEqual(await outcome(bystander.doc, `window.desk.note.to("target", "still", 2)`), { value: undefined });
    } finally {
      ctx.stop();
    }
  });

  it("never takes the sender's role from the page, and refuses iframes", async () => {
    const ctx = start({ allowSubframes: true });
    try {
      const a = await openAs(ctx, "alice");
      const b = await openAs(ctx, "bob");
      // A compromised page on the raw channel: whatever it puts first in the
      // payload, the receiver's `from` is the role main gave the sender.
      const raw = ctx.app.renderer(a.win).ipcRenderer;
      const forged = await raw.invoke("desk:note", "bob", null, "from: carol", 1);
      assert.equal(forged.ok, true);
      await ctx.app.idle();
      assert.deepEqual((await received(b.doc)).at(-1), { from: "alice", text: "from: carol", n: 1 });
      // Extra arguments are refused, not delivered.
      const extra = await raw.invoke("desk:note", "bob", null, "x", 1, "carol");
      assert.equal(extra.error.code, "ERR_BAD_ARGUMENTS");
      // An answer to a request this frame was never sent is dropped.
      ctx.reported.length = 0;
      raw.send("ipc:relay-answer", 1, { ok: true, value: true });
      await ctx.app.idle();
      assert.ok(ctx.reported.some((e) => e.code === "ERR_FORBIDDEN"));
      // A same-origin iframe of a window with a role may not send.
      const frame = await ctx.app.addIframe(a.win.webContents.mainFrame, `${ORIGIN}/frame.html`);
      const fromIframe = await ctx.app.renderer(frame).ipcRenderer.invoke("desk:note", "bob", null, "x", 1);
      assert.equal(fromIframe.ok, false);
      assert.equal(fromIframe.error.code, "ERR_FORBIDDEN");
      assert.match(fromIframe.error.data.reason, /main frame/);
      assert.equal((await received(b.doc)).length, 1);
    } finally {
      ctx.stop();
    }
  });
});

describe("capabilities on a relay", () => {
  it("lets only windows granted the capability send it, and delivers it only to them", async () => {
    const ctx = start();
    try {
      const keeper = await openAs(ctx, "keeper", { grants: ["vault"] });
      const peerWith = await openAs(ctx, "peer", { grants: ["vault"] });
      const peerWithout = await openAs(ctx, "peer");
      const outsider = await openAs(ctx, "outsider");
      // The preload exposes the relay only where it was granted.
      assert.deepEqual(await outcome(outsider.doc, `typeof window.desk.secret`), { value: "undefined" });
      assert.deepEqual(await outcome(keeper.doc, `typeof window.desk.secret.to`), { value: "function" });
      // Main refuses the sender that lacks it, whatever its preload shows.
      const raw = ctx.app.renderer(outsider.win).ipcRenderer;
      const refused = await raw.invoke("desk:secret", "keeper", null, "1234");
      assert.equal(refused.error.code, "ERR_FORBIDDEN");
      assert.equal(refused.error.data.capability, "vault");
      // Delivered to the peer granted `vault`, not to the one without.
      assert.deepEqual(await outcome(keeper.doc, `window.desk.secret.to("peer", "1234")`), { value: undefined });
      await ctx.app.idle();
      assert.deepEqual(await received(peerWith.doc), [{ from: "keeper", code: "1234" }]);
      assert.deepEqual(await received(peerWithout.doc), []);
      // A role whose windows hold none of it has no target.
      const none = await outcome(keeper.doc, `window.desk.secret.to("outsider", "1234")`);
      assert.equal(none.code, "ERR_NO_TARGET");
    } finally {
      ctx.stop();
    }
  });
});

describe("registerWindow and the relay's options", () => {
  it("refuses a bad role, a second role for a window, a destroyed window and bad limits", async () => {
    const ctx = start();
    try {
      const win = new ctx.app.electron.BrowserWindow({
        webPreferences: ctx.main.secureWebPreferences({ preload: ctx.preload }),
      });
      for (const bad of ["", "Settings", "a b", "-x", "x".repeat(65), 3, undefined]) {
        assert.throws(() => ctx.dispose.registerWindow(win, bad), /registerWindow: the role must be/);
      }
      assert.throws(() => ctx.dispose.registerWindow({}, "x"), /registerWindow: the target must be/);
      ctx.dispose.registerWindow(win, "editor");
      ctx.dispose.registerWindow(win, "editor");
      assert.throws(() => ctx.dispose.registerWindow(win, "viewer"), /already has the role "editor"/);
      ctx.dispose.unregisterWindow(win);
      ctx.dispose.registerWindow(win, "viewer");
      win.close();
      assert.throws(() => ctx.dispose.registerWindow(win, "viewer"), /destroyed/);
    } finally {
      ctx.stop();
    }
    for (const relay of [null, 3, { perSecond: 0 }, { pendingPerTarget: 1.5 }, { timeoutMs: 2 ** 31 }]) {
      assert.throws(() => start({ relay }).stop(), /registerIpc: `relay/);
    }
  });

  it("ends every pending request when the registration is disposed", async () => {
    const ctx = start();
    try {
      const asker = await openAs(ctx, "asker");
      const target = await openAs(ctx, "target");
      await target.doc.evaluate(
        `globalThis.asked = 0; window.desk.answerAsk(() => { asked++; return new Promise(() => {}) })`,
      );
      const pending = outcome(asker.doc, `window.desk.ask.to("target", "?", { timeout: 5000 })`);
      await until(() => target.doc.page.run("asked") === 1, "the request to reach the target");
      ctx.dispose();
      const ended = await pending;
      assert.equal(ended.code, "ERR_CANCELLED");
      assert.deepEqual(ended.data, { reason: "dispose" });
    } finally {
      ctx.stop();
    }
  });
});
