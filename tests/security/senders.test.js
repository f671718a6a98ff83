"use strict";
// The sender matrix: who may invoke, send and receive events. Each context
// is driven as a compromised renderer would (its own ipcRenderer, so frames
// without the preload are covered too); main runs the generated glue over
// the real addon. The table is asserted here and carried by SECURITY.md
// (IPC_SECURITY_BLESS=1 node --test tests/security/senders.test.js).

const assert = require("node:assert/strict");
const { describe, it } = require("node:test");

const { ORIGIN, PAGE, start, checkSecurityMd } = require("./support/setup.js");

const YES = "accepted";
const NO = "refused";

/**
 * Each context: how to build it from a fresh app (`main` is an allowed
 * main-frame window to start from), the registerIpc options, and the
 * documented outcome for invoke, send and events.
 */
const CONTEXTS = [
  {
    name: "main frame, allowed origin",
    make: async ({ main }) => main.webContents.mainFrame,
    expect: [YES, YES, YES],
  },
  {
    name: "main frame, other origin (`https://evil.example`)",
    make: async ({ open }) => (await open("https://evil.example/")).webContents.mainFrame,
    expect: [NO, NO, NO],
  },
  {
    name: "main frame, allowed origin with another port",
    make: async ({ open }) => (await open("https://app.example:8443/")).webContents.mainFrame,
    expect: [NO, NO, NO],
  },
  {
    name: "main frame, `http://` of the allowed host",
    make: async ({ open }) => (await open("http://app.example/")).webContents.mainFrame,
    expect: [NO, NO, NO],
  },
  {
    name: "`file://` page, not allowed",
    make: async ({ open }) => (await open("file:///opt/app/index.html")).webContents.mainFrame,
    expect: [NO, NO, NO],
  },
  {
    name: '`file://` page, `allowedOrigins: ["file://"]`',
    options: { allowedOrigins: ["file://"] },
    make: async ({ open }) => (await open("file:///opt/app/index.html")).webContents.mainFrame,
    expect: [YES, YES, YES],
  },
  {
    name: "custom standard scheme `app://bundle`, allowed",
    options: { allowedOrigins: ["app://bundle"] },
    make: async ({ open }) => (await open("app://bundle/index.html")).webContents.mainFrame,
    expect: [YES, YES, YES],
  },
  {
    name: "custom scheme `app://other`, not allowed",
    options: { allowedOrigins: ["app://bundle"] },
    make: async ({ open }) => (await open("app://other/index.html")).webContents.mainFrame,
    expect: [NO, NO, NO],
  },
  {
    name: 'non-standard scheme (opaque origin `"null"`)',
    make: async ({ open }) => (await open("weird:thing")).webContents.mainFrame,
    expect: [NO, NO, NO],
  },
  {
    name: "iframe, same origin (subframes off, the default)",
    make: async ({ app, main }) => app.addIframe(main.webContents.mainFrame, `${ORIGIN}/frame.html`),
    expect: [NO, NO, NO],
  },
  {
    name: "iframe, same origin, `allowSubframes: true`",
    options: { allowSubframes: true },
    make: async ({ app, main }) => app.addIframe(main.webContents.mainFrame, `${ORIGIN}/frame.html`),
    expect: [YES, YES, YES],
  },
  {
    name: "iframe, other origin, `allowSubframes: true`",
    options: { allowSubframes: true },
    make: async ({ app, main }) => app.addIframe(main.webContents.mainFrame, "https://ads.example/"),
    expect: [NO, NO, NO],
  },
  {
    name: "`about:blank` child window of an allowed page",
    make: async ({ app, main }) => app.openChildWindow(main.webContents.mainFrame).webContents.mainFrame,
    expect: [NO, NO, NO],
  },
  {
    name: "iframe navigated to `about:blank`, `allowSubframes: true`",
    options: { allowSubframes: true },
    make: async ({ app, main }) =>
      app.navigateIframe(app.addIframe(main.webContents.mainFrame, `${ORIGIN}/frame.html`), "about:blank"),
    expect: [NO, NO, NO],
  },
];

/**
 * Asks main to emit `hostile:ping` to `frame`, then to the caller's own
 * (allowed) frame. Events are delivered in emit order, so once the caller
 * hears its ping, the verdict on `frame` is final.
 */
async function hearsEvent(app, caller, frame, n) {
  const heard = new Set();
  const listen = (doc, who) => {
    const listener = (_event, value) => heard.add(`${who}:${value}`);
    doc.ipcRenderer.on("hostile:ping", listener);
    return () => doc.ipcRenderer.removeListener("hostile:ping", listener);
  };
  const callerDoc = app.renderer(caller);
  const stopTarget = listen(app.renderer(frame), "target");
  const stopCaller = frame === caller.webContents.mainFrame ? () => {} : listen(callerDoc, "caller");
  const own = caller.webContents.mainFrame;
  for (const [target, value] of [
    [frame, n],
    [own, n + 1],
  ]) {
    const envelope = await callerDoc.ipcRenderer.invoke("hostile:pingFrame", target.processId, target.routingId, value);
    assert.equal(envelope.ok, true, JSON.stringify(envelope));
  }
  const done = () => heard.has(`caller:${n + 1}`) || heard.has(`target:${n + 1}`);
  const deadline = Date.now() + 5000;
  while (!done()) {
    assert.ok(Date.now() < deadline, "the allowed frame never heard its event");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  stopTarget();
  stopCaller();
  return heard.has(`target:${n}`);
}

async function probe(context) {
  const env = start(context.options);
  try {
    const { app } = env;
    app.electron.protocol.registerSchemesAsPrivileged([{ scheme: "app", privileges: { standard: true } }]);
    const open = async (url) => {
      const win = new app.electron.BrowserWindow({
        webPreferences: env.main.secureWebPreferences({ preload: env.preload }),
      });
      await win.loadURL(url);
      return win;
    };
    // The window main-side calls come from: allowed by every context's options.
    const allowed = context.options?.allowedOrigins?.[0] ?? ORIGIN;
    const home =
      allowed === "file://" ? "file:///opt/app/home.html" : allowed === ORIGIN ? PAGE : `${allowed}/home.html`;
    const main = await open(home);
    const frame = await context.make({ app, main, open });
    const ipc = app.renderer(frame).ipcRenderer;

    const answer = await ipc.invoke("hostile:whoami");
    const invoke = answer.ok
      ? YES
      : answer.error.code === "ERR_FORBIDDEN"
        ? NO
        : `unexpected ${JSON.stringify(answer)}`;
    if (answer.ok) assert.equal(answer.value.origin, frame.origin);

    const line = `from ${context.name}`;
    ipc.send("hostile:note", line);
    await app.idle();
    const notes = await app.renderer(main).ipcRenderer.invoke("hostile:notes");
    const send = notes.value.includes(line) ? YES : NO;
    if (send === NO) {
      assert.ok(
        env.reported.some((e) => e.code === "ERR_FORBIDDEN" && e.channel === "hostile:note"),
        "a dropped send is reported",
      );
    }

    const event = (await hearsEvent(app, main, frame, 1)) ? YES : NO;
    return [invoke, send, event];
  } finally {
    env.stop();
  }
}

describe("sender matrix", () => {
  const rows = [];
  for (const context of CONTEXTS) {
    it(context.name, async () => {
      const got = await probe(context);
      rows.push([context.name, ...got]);
      assert.deepEqual(got, context.expect);
    });
  }

  it("a message sent just before its frame navigates away (null senderFrame) is refused", async () => {
    const env = start();
    try {
      const win = await env.openWindow();
      const doc = env.app.renderer(win);
      // The page that asked is gone by the time main answers: the answer
      // is dropped, so the refusal is observed through onError.
      doc.ipcRenderer.invoke("hostile:whoami");
      doc.ipcRenderer.send("hostile:note", "before navigation");
      // Navigate before main processes the messages: senderFrame is null then.
      await win.loadURL(`${ORIGIN}/next.html`);
      await env.app.idle();
      const refused = env.reported.filter((e) => e.code === "ERR_FORBIDDEN").map((e) => [e.channel, e.data.reason]);
      assert.deepEqual(refused, [
        ["hostile:whoami", "the sending frame is gone (it navigated away or was destroyed)"],
        ["hostile:note", "the sending frame is gone (it navigated away or was destroyed)"],
      ]);
      const notes = await env.app.renderer(win).ipcRenderer.invoke("hostile:notes");
      assert.ok(!notes.value.includes("before navigation"), "the send was dropped");
      rows.push([
        "frame navigated away before main handled its message (`senderFrame === null`)",
        NO,
        NO,
        "n/a (frame gone)",
      ]);
    } finally {
      env.stop();
    }
  });

  it("SECURITY.md carries the matrix", () => {
    assert.equal(rows.length, CONTEXTS.length + 1, "every context was probed");
    const lines = ["| sender | invoke | send | events |", "|---|---|---|---|"];
    for (const [name, ...cells] of rows) lines.push(`| ${name} | ${cells.join(" | ")} |`);
    const table = `${lines.join("\n")}\n`;
    console.log(table);
    checkSecurityMd("sender-matrix", table);
  });
});
