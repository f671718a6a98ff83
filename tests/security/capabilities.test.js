"use strict";
// The capability matrix: every channel of the `vault` service (which
// requires the capability `vault`; `wipe` requires `admin` too), from windows
// granted nothing, `vault`, or `vault` and `admin`, in their main frame, in a
// same-origin iframe, after a reload and after navigations. Each context is
// driven as a compromised renderer would (its own ipcRenderer), so what the
// preload hides is tested apart (the "exposed" column: what `window.vault`
// holds for the page). Main runs the generated glue over the real addon. The
// table is asserted here and carried by SECURITY.md
// (IPC_SECURITY_BLESS=1 node --test tests/security/capabilities.test.js).

const assert = require("node:assert/strict");
const { describe, it } = require("node:test");

const { ORIGIN, PAGE, start, until, checkSecurityMd } = require("./support/setup.js");

const OTHER = "https://other.example";
const YES = "accepted";
const NO = "refused";
const NO_PRELOAD = "n/a (no preload)";

/**
 * Each context: the grants of its window, how to reach the frame under test
 * from that window (`win`: loaded at PAGE with the grants), and the outcome
 * for [exposed, vault.read, vault.stash, vault.peek, vault.wipe, vault.onOpened].
 */
const CONTEXTS = [
  {
    name: "no grant, main frame",
    grants: [],
    frame: async ({ win }) => win.webContents.mainFrame,
    expect: ["nothing", NO, NO, NO, NO, NO],
  },
  {
    name: "`vault`, main frame",
    grants: ["vault"],
    frame: async ({ win }) => win.webContents.mainFrame,
    expect: ["onOpened, peek, read, stash", YES, YES, YES, NO, YES],
  },
  {
    name: "`vault` + `admin`, main frame",
    grants: ["vault", "admin"],
    frame: async ({ win }) => win.webContents.mainFrame,
    expect: ["onOpened, peek, read, stash, wipe", YES, YES, YES, YES, YES],
  },
  {
    name: "`vault` + `admin`, same-origin iframe (`allowSubframes: true`)",
    grants: ["vault", "admin"],
    frame: async ({ app, win }) => app.addIframe(win.webContents.mainFrame, `${ORIGIN}/frame.html`),
    expect: [NO_PRELOAD, NO, NO, NO, NO, NO],
  },
  {
    name: "`vault` + `admin`, after a reload",
    grants: ["vault", "admin"],
    frame: async ({ app, win }) => {
      win.webContents.reload();
      await app.idle();
      return win.webContents.mainFrame;
    },
    expect: ["onOpened, peek, read, stash, wipe", YES, YES, YES, YES, YES],
  },
  {
    name: "`vault` + `admin`, after a navigation within the origin",
    grants: ["vault", "admin"],
    frame: async ({ win }) => {
      await win.loadURL(`${ORIGIN}/other-page.html`);
      return win.webContents.mainFrame;
    },
    expect: ["onOpened, peek, read, stash, wipe", YES, YES, YES, YES, YES],
  },
  {
    name: "`vault` + `admin`, after navigating to another allowed origin",
    grants: ["vault", "admin"],
    frame: async ({ win }) => {
      await win.loadURL(`${OTHER}/index.html`);
      return win.webContents.mainFrame;
    },
    expect: ["nothing", NO, NO, NO, NO, NO],
  },
  {
    name: "`vault` + `admin`, after navigating away and back to the granted origin",
    grants: ["vault", "admin"],
    frame: async ({ win }) => {
      await win.loadURL(`${OTHER}/index.html`);
      await win.loadURL(PAGE);
      return win.webContents.mainFrame;
    },
    expect: ["nothing", NO, NO, NO, NO, NO],
  },
  {
    name: "`vault` + `admin` granted for another origin than the window's",
    grants: ["vault", "admin"],
    grantOrigin: OTHER,
    frame: async ({ win }) => win.webContents.mainFrame,
    expect: ["nothing", NO, NO, NO, NO, NO],
  },
];

let unique = 0;

/** ACCEPTED or REFUSED from an envelope; a refusal must be ERR_FORBIDDEN naming the capability. */
function verdict(envelope, capability) {
  if (envelope.ok) return YES;
  assert.equal(envelope.error.code, "ERR_FORBIDDEN", JSON.stringify(envelope));
  assert.ok(["vault", "admin"].includes(envelope.error.data.capability), JSON.stringify(envelope));
  if (capability !== undefined) assert.equal(envelope.error.data.capability, capability);
  return NO;
}

/**
 * Whether `frame` hears `vault:opened`: emitted to it by the addon, then the
 * ungated `hostile:ping` to it; events of one emitter arrive in order, so
 * once the ping is heard the verdict on `opened` is final.
 */
async function hearsOpened(app, home, frame) {
  const n = ++unique;
  const heard = new Set();
  const doc = app.renderer(frame);
  const onOpened = (_event, value) => heard.add(`opened:${value}`);
  const onPing = (_event, value) => heard.add(`ping:${value}`);
  doc.ipcRenderer.on("vault:opened", onOpened);
  doc.ipcRenderer.on("hostile:ping", onPing);
  const door = app.renderer(home).ipcRenderer;
  assert.equal((await door.invoke("vaultDoor:openFrame", frame.processId, frame.routingId, n)).ok, true);
  assert.equal((await door.invoke("hostile:pingFrame", frame.processId, frame.routingId, n)).ok, true);
  await until(() => heard.has(`ping:${n}`), "the ping after vault:opened");
  doc.ipcRenderer.removeListener("vault:opened", onOpened);
  doc.ipcRenderer.removeListener("hostile:ping", onPing);
  return heard.has(`opened:${n}`);
}

async function probe(context) {
  const env = start({ allowedOrigins: [ORIGIN, OTHER], allowSubframes: true });
  try {
    const { app } = env;
    const home = await env.openWindow();
    const win = new app.electron.BrowserWindow({
      webPreferences: env.main.secureWebPreferences({ preload: env.preload }),
    });
    if (context.grants.length > 0) {
      env.dispose.grant(win, context.grants, { origin: context.grantOrigin ?? ORIGIN });
    }
    await win.loadURL(PAGE);
    const frame = await context.frame({ app, win });
    const doc = app.renderer(frame);
    const ipc = doc.ipcRenderer;

    const exposed =
      frame.parent !== null
        ? NO_PRELOAD
        : doc.page.run(
            "window.vault === undefined ? 'nothing' : Object.keys(window.vault).filter((k) => k !== 'removeAllListeners' && k !== 'onceOpened').sort().join(', ')",
          );
    const read = verdict(JSON.parse(JSON.stringify(await ipc.invoke("vault:read"))));
    const line = `stash ${++unique}`;
    ipc.send("vault:stash", line);
    await app.idle();
    const stashed = await app.renderer(home).ipcRenderer.invoke("vaultDoor:stashed");
    const stash = stashed.value.includes(line) ? YES : NO;
    if (stash === NO) {
      assert.ok(
        env.reported.some((e) => e.code === "ERR_FORBIDDEN" && e.channel === "vault:stash"),
        "a dropped send is reported",
      );
    }
    const peek = verdict(JSON.parse(JSON.stringify(ipc.sendSync("vault:peek"))));
    const wipe = verdict(JSON.parse(JSON.stringify(await ipc.invoke("vault:wipe"))));
    const opened = (await hearsOpened(app, home, frame)) ? YES : NO;
    return [exposed, read, stash, peek, wipe, opened];
  } finally {
    env.stop();
  }
}

describe("capability matrix", () => {
  const rows = [];
  for (const context of CONTEXTS) {
    it(context.name, async () => {
      const got = await probe(context);
      rows.push([context.name, ...got]);
      assert.deepEqual(got, context.expect);
    });
  }

  it("the refusal names the missing capability: `admin` for wipe from a window granted only `vault`", async () => {
    const env = start();
    try {
      const win = new env.app.electron.BrowserWindow({
        webPreferences: env.main.secureWebPreferences({ preload: env.preload }),
      });
      env.dispose.grant(win, ["vault"], { origin: ORIGIN });
      await win.loadURL(PAGE);
      const ipc = env.app.renderer(win).ipcRenderer;
      assert.equal(verdict(JSON.parse(JSON.stringify(await ipc.invoke("vault:wipe"))), "admin"), NO);
      const other = await env.openWindow();
      const refused = JSON.parse(JSON.stringify(await env.app.renderer(other).ipcRenderer.invoke("vault:read")));
      assert.deepEqual(refused.error.data, {
        reason: 'capability "vault" is required, and this window was not granted it',
        capability: "vault",
      });
    } finally {
      env.stop();
    }
  });

  it("SECURITY.md carries the matrix", () => {
    assert.equal(rows.length, CONTEXTS.length, "every context was probed");
    const lines = [
      "| window's grants, frame | `window.vault` exposes | `read` (invoke) | `stash` (send) | `peek` (sendSync) | `wipe` (invoke, + `admin`) | `opened` (event) |",
      "|---|---|---|---|---|---|---|",
    ];
    for (const [name, ...cells] of rows) lines.push(`| ${name} | ${cells.join(" | ")} |`);
    const table = `${lines.join("\n")}\n`;
    console.log(table);
    checkSecurityMd("capability-matrix", table);
  });
});
