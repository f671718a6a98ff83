"use strict";
// Self-tests of the isolation for documents with a DOM (a local HTML file,
// as the example apps load). jsdom is JavaScript: the harness runs it in a
// realm of its own for each document (harness/dom-realm.js), so that page
// code reaching through the DOM finds that realm and its own, never Node's
// realm, Node's `process` or the preload's world. Each test plays a hostile
// page and fails if the page reaches an object of Node, changes what the
// preload sends, or brings the harness down.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { types } = require("node:util");
const { after, afterEach, before, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

const PRELOAD = `'use strict';
const { contextBridge, ipcRenderer } = require('electron');
// A preload may wait for the DOM (docs "Preload scripts"); its listener
// must not become reachable from the page through jsdom's listener lists.
window.addEventListener('DOMContentLoaded', function onLoaded() {
  contextBridge.exposeInMainWorld('loaded', { title: document.title });
  window.removeEventListener('DOMContentLoaded', onLoaded);
});
window.addEventListener('click', { handleEvent() {} });
contextBridge.exposeInMainWorld('api', {
  echo: (value) => value,
  send: (channel, ...args) => ipcRenderer.send(channel, ...args),
  onEvent: (listener) => {
    ipcRenderer.on('event', (_event, ...args) => listener(...args));
  },
});
`;
const PAGE = `<!doctype html>
<html><head><title>DOM page</title><script src="page.js"></script></head>
<body><ul id="list"><li>one</li><li>two</li></ul><button id="go">go</button></body></html>
`;

let root;
let app;
let win;
let doc;
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "harness-dom-isolation-"));
  fs.writeFileSync(path.join(root, "preload.js"), PRELOAD);
  fs.writeFileSync(path.join(root, "index.html"), PAGE);
  fs.writeFileSync(path.join(root, "page.js"), "globalThis.pageScriptRan = true;\n");
});
after(() => fs.rmSync(root, { recursive: true, force: true }));
beforeEach(async () => {
  app = createApp();
  win = new app.electron.BrowserWindow({ webPreferences: { preload: path.join(root, "preload.js") } });
  await win.loadURL(pathToFileURL(path.join(root, "index.html")).href);
  doc = app.renderer(win);
  assert.deepEqual(doc.errors, [], "the preload and the page load");
  assert.equal(doc.page.run("pageScriptRan && typeof window.api.echo"), "function");
  assert.equal(doc.page.run("window.loaded.title"), "DOM page", "the preload's DOMContentLoaded listener ran");
});
afterEach(() => app.dispose());

/** Whether `value` is an object or function of Node's realm (the harness's). */
function isNodeValue(value) {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
  let object = value;
  for (;;) {
    if (types.isProxy(object)) return false; // its trap would be page code; its target is listed on its own
    const proto = Object.getPrototypeOf(object);
    if (proto === null) return object === Object.prototype;
    object = proto;
  }
}

/** Asserts that no entry of `values` (a page array) is an object of Node's realm. */
function assertNoNodeValue(values, what) {
  assert.ok(values.length > 0, `${what}: the hooks ran`);
  for (let i = 0; i < values.length; i++) {
    assert.ok(!isNodeValue(values[i]), `${what}: value ${i} (${typeof values[i]}) is an object of Node`);
  }
}

describe("a DOM page reaches nothing of Node", () => {
  it("walking from a DOM method's constructor finds no process, require or Node global", () => {
    const found = doc.page.run(`(() => {
      const walks = {
        method: document.createElement.constructor,
        document: document.constructor.constructor,
        element: document.getElementById('list').constructor.constructor,
        collection: document.querySelectorAll('li').item.constructor,
        domException: (() => { try { document.createElement('1'); } catch (e) { return e.constructor.constructor; } })(),
        listener: EventTarget.prototype.addEventListener.constructor,
        timer: setTimeout.constructor,
      };
      const found = {};
      for (const [name, F] of Object.entries(walks)) {
        found[name] = F(\`return [
          typeof process === 'object' && process !== null && typeof process.binding,
          typeof process === 'object' && process !== null && typeof process.dlopen,
          typeof require,
          typeof module,
          (() => { try { return typeof Buffer.from('x').toString; } catch { return 'no Buffer'; } })(),
        ].join()\`)();
      }
      return JSON.stringify(found);
    })()`);
    for (const [walk, what] of Object.entries(JSON.parse(found))) {
      assert.equal(what, "undefined,undefined,undefined,undefined,no Buffer", `walk from ${walk}`);
    }
  });

  it("nothing reachable from the window (own properties, symbol keys, prototypes, accessors) is an object of Node or of the preload's world", () => {
    // Reads descriptors only: no getter of jsdom runs during the walk.
    const reached = doc.page.run(`(() => {
      const seen = new Set();
      const queue = [globalThis, document, document.body, document.querySelectorAll('li')];
      for (let i = 0; i < queue.length && seen.size < 300000; i++) {
        const value = queue[i];
        if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue;
        seen.add(value);
        queue.push(Object.getPrototypeOf(value));
        for (const key of Reflect.ownKeys(value)) {
          const descriptor = Object.getOwnPropertyDescriptor(value, key);
          if (descriptor === undefined) continue;
          queue.push(descriptor.value, descriptor.get, descriptor.set);
        }
      }
      return [...seen];
    })()`);
    assert.ok(reached.length > 5000, `the walk went through jsdom (${reached.length} objects)`);
    const fromNode = reached.filter(isNodeValue).length;
    assert.equal(fromNode, 0, `${fromNode} of ${reached.length} reachable objects belong to Node's realm`);
    const fromPreload = reached.filter((value) => doc.isolated.owns(value)).length;
    assert.equal(fromPreload, 0, `${fromPreload} reachable objects belong to the preload's world`);
  });

  it("a Proxy function given as a DOM event listener, a timer callback and an IPC listener gets nothing of Node", async () => {
    doc.page.run(`globalThis.seen = [];
      globalThis.calls = 0;
      globalThis.spy = new Proxy(function () {}, {
        apply(target, self, args) { calls++; seen.push(self, args, ...args); return undefined; },
        get(target, key, receiver) { seen.push(receiver); return Reflect.get(target, key, receiver); },
      });
      document.getElementById('go').addEventListener('click', spy);
      document.addEventListener('custom', { handleEvent: spy });
      window.api.onEvent(spy);
      setTimeout(spy, 0, { n: 1 });`);
    doc.page.run("document.getElementById('go').click(); document.dispatchEvent(new CustomEvent('custom'))");
    win.webContents.send("event", { n: 2 });
    await app.idle();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(doc.page.run("calls"), 4, "click, custom event, IPC event and timer");
    assertNoNodeValue(doc.page.run("seen"), "Proxy listener");
  });

  it("a page that replaces Function.prototype.apply/call and Reflect in the DOM's realm gets nothing of Node from jsdom's calls", async () => {
    const seen = await doc.evaluate(`(async () => {
      const seen = [];
      const domGlobal = document.createElement.constructor('return this')();
      const { apply, call } = domGlobal.Function.prototype;
      domGlobal.Function.prototype.apply = function (self, args) { seen.push(this, self, args); return Reflect.apply(this, self, args ?? []); };
      domGlobal.Function.prototype.call = function (self, ...args) { seen.push(this, self); return Reflect.apply(this, self, args); };
      Function.prototype.apply = domGlobal.Function.prototype.apply;
      try {
        await new Promise((resolve) => setTimeout(resolve, 1, 'x'));
        document.getElementById('go').addEventListener('click', function (e) { seen.push(this, e); });
        document.getElementById('go').click();
      } finally {
        domGlobal.Function.prototype.apply = apply;
        domGlobal.Function.prototype.call = call;
      }
      return seen;
    })()`);
    assertNoNodeValue(seen, "replaced apply/call");
  });
});

describe("what the DOM page does to intrinsics stays in the page", () => {
  it("iterators, push, apply and setters replaced in the page and in the DOM's realm change nothing the preload sends", async () => {
    let received;
    app.electron.ipcMain.on("args", (_event, ...args) => {
      received = args;
    });
    const result = doc.page.run(`(() => {
      const domGlobal = document.createElement.constructor('return this')();
      for (const realm of [globalThis, domGlobal]) {
        realm.Array.prototype[Symbol.iterator] = function* () { yield 'forged'; };
        realm.Array.prototype.push = function () { return 0; };
        realm.Function.prototype.apply = function () { return 'forged'; };
        realm.Reflect.apply = function () { return 'forged'; };
        realm.Object.defineProperty(realm.Object.prototype, 'n', { configurable: true, get() { return 'forged'; }, set() {} });
        realm.Object.keys = () => ['forged'];
      }
      return {
        echoed: window.api.echo('real'),
        object: window.api.echo({ n: 1 }).n,
        sent: window.api.send('args', 'a', ['b'], { n: 1 }),
      };
    })()`);
    await app.idle();
    assert.equal(result.echoed, "real");
    assert.equal(result.object, 1);
    assert.deepEqual(received, ["a", ["b"], { n: 1 }]);
    // The harness's own realm is untouched.
    assert.deepEqual([..."ab"], ["a", "b"]);
    assert.equal(Object.keys({ a: 1 })[0], "a");
  });

  it("the DOM's realm is the document's own: a second window's DOM is not affected", async () => {
    const other = new app.electron.BrowserWindow({ webPreferences: { preload: path.join(root, "preload.js") } });
    await other.loadURL(pathToFileURL(path.join(root, "index.html")).href);
    doc.page.run(`document.createElement.constructor('return this')().Array.prototype.map = () => ['forged'];
      document.createElement.constructor('return this')().Object.freeze = () => { throw new Error('forged'); };`);
    const otherDoc = app.renderer(other);
    const items = otherDoc.page.run("[...document.querySelectorAll('li')].map((li) => li.textContent).join()");
    assert.equal(items, "one,two");
    otherDoc.page.run("document.getElementById('list').append(document.createElement('li'))");
    assert.equal(otherDoc.document.querySelectorAll("li").length, 3);
    assert.notEqual(
      doc.page.run("document.createElement.constructor"),
      otherDoc.page.run("document.createElement.constructor"),
    );
  });
});

describe("uncaught errors in a DOM page", () => {
  it("an unhandled rejection in the page, or in the DOM's realm, is a console error of the page, not a crash", async () => {
    doc.page.run('Promise.reject(new Error("page boom")); undefined');
    doc.page.run(
      `document.createElement.constructor('return Promise')().reject(new Error("dom realm boom")); undefined`,
    );
    await app.idle();
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(
      doc.console
        .filter((entry) => entry.level === "error")
        .map((entry) => `${entry.world}: ${entry.text}`)
        .sort(),
      ["main: Uncaught (in promise) Error: dom realm boom", "main: Uncaught (in promise) Error: page boom"],
    );
    assert.equal(doc.errors.length, 2);
    assert.deepEqual(app.uncaught, []);
  });

  it("an exception in a DOM event listener or a page timer is recorded, and the page goes on", async () => {
    doc.page.run(`document.getElementById('go').addEventListener('click', () => { throw new TypeError('listener boom'); });
      document.getElementById('go').click();
      setTimeout(() => { throw new TypeError('timer boom'); }, 0);`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const messages = doc.errors.map((error) => String(error.message ?? error)).join("\n");
    assert.match(messages, /listener boom/);
    assert.match(messages, /timer boom/);
    assert.equal(doc.page.run("document.title"), "DOM page", "the page goes on");
  });
});

describe("what the DOM's realm refuses", () => {
  it("jsdom's network and file access throw instead of reaching Node", async () => {
    const outcomes = await doc.evaluate(`(async () => {
      const out = [];
      const attempt = async (fn) => { try { await fn(); out.push('allowed'); } catch (e) { out.push(String(e && e.message)); } };
      await attempt(() => new WebSocket('ws://127.0.0.1:9/'));
      await attempt(() => new Blob(['x']));
      return out;
    })()`);
    for (const outcome of outcomes) assert.match(outcome, /not available to the DOM in the test harness/);
  });
});
