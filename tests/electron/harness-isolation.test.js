"use strict";
// Self-tests of the isolation between the page's world, the preload's
// isolated world and the harness itself (Node's realm). In Electron the page
// can reach neither of the other two: contextBridge copies values between the
// worlds in C++, each world has its own intrinsics, and IPC serializes in the
// isolated world. Each test plays a hostile page and fails if the page gets
// an object of another realm, changes what the preload sees, or brings the
// harness down. (Documents without a DOM; harness-dom-isolation.test.js plays
// the same attacks from a page with a DOM.)

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { after, afterEach, before, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

// The preload of these tests (strict, as the generated preloads are).
const PRELOAD = `'use strict';
const { contextBridge, ipcRenderer } = require('electron');
contextBridge.exposeInMainWorld('api', {
  echo: (value) => value,
  count: (...args) => args.length,
  callBack: (fn, ...args) => fn(...args),
  isolatedObject: (value) => Object.getPrototypeOf(value) === Object.prototype,
  send: (channel, ...args) => ipcRenderer.send(channel, ...args),
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  onEvent: (listener) => {
    ipcRenderer.on('event', (_event, ...args) => listener(...args));
  },
  rejectInIsolatedWorld: () => {
    Promise.reject(new Error('isolated boom'));
  },
});
`;

let root;
let app;
let win;
let doc;
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "harness-isolation-"));
  fs.writeFileSync(path.join(root, "preload.js"), PRELOAD);
});
after(() => fs.rmSync(root, { recursive: true, force: true }));
beforeEach(async () => {
  app = createApp();
  win = new app.electron.BrowserWindow({ webPreferences: { preload: path.join(root, "preload.js") } });
  await win.loadURL("https://app.example/");
  doc = app.renderer(win);
  assert.deepEqual(doc.errors, [], "the preload loads");
});
afterEach(() => app.dispose());

/** Asserts that every value in `values` (a page array) is a primitive or an object of the page's realm. */
function assertPageOnly(values, what) {
  assert.ok(values.length > 0, `${what}: the hooks ran`);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || (typeof value !== "object" && typeof value !== "function")) continue;
    assert.ok(doc.page.owns(value), `${what}: value ${i} (${typeof value}) is not an object of the page`);
  }
}

/** Resolves with what `promise` settles with, or 'pending' after `ms`. */
const outcome = (promise, ms = 50) =>
  Promise.race([
    promise.then(
      (value) => ({ value }),
      (error) => ({ error }),
    ),
    new Promise((resolve) => setTimeout(() => resolve("pending"), ms)),
  ]);

describe("the page reaches no object of another realm", () => {
  it("when it hooks Promise.prototype.then and passes a promise across the bridge", async () => {
    const seen = await doc.evaluate(`(async () => {
      const seen = [];
      const then = Promise.prototype.then;
      Promise.prototype.then = function (onFulfilled, onRejected) {
        seen.push(this, onFulfilled, onRejected);
        return then.call(this, onFulfilled, onRejected);
      };
      const constructor = Object.getOwnPropertyDescriptor(Promise.prototype, 'constructor');
      Object.defineProperty(Promise.prototype, 'constructor', {
        configurable: true,
        get() { seen.push(this); return Promise; },
      });
      let back;
      try {
        back = await window.api.echo(Promise.resolve({ n: 1 }));
      } finally {
        Promise.prototype.then = then;
        Object.defineProperty(Promise.prototype, 'constructor', constructor);
      }
      seen.push(back);
      return seen;
    })()`);
    assertPageOnly(seen, "Promise.prototype.then hook");
    assert.equal(seen[seen.length - 1].n, 1, "the promise still crossed");
  });

  it("when a Proxy function is subscribed as a listener or passed as a callback", async () => {
    doc.page.run(`globalThis.seen = [];
      globalThis.calls = 0;
      globalThis.spy = new Proxy(function () {}, {
        apply(target, self, args) { calls++; seen.push(self, args); for (const arg of args) seen.push(arg); return 'called'; },
        get(target, key, receiver) { seen.push(receiver); return Reflect.get(target, key, receiver); },
      });
      window.api.onEvent(spy);`);
    win.webContents.send("event", { n: 1 }, [2]);
    await app.idle();
    assert.equal(doc.page.run("window.api.callBack(spy, { m: 1 })"), "called");
    const seen = doc.page.run("seen");
    assertPageOnly(seen, "Proxy listener");
    assert.equal(doc.page.run("calls"), 2, "one call per delivery");
    assert.equal(doc.page.run("JSON.stringify(seen[2])"), '{"n":1}', "the event arguments arrived");
  });

  it("when a typed array with its own toStringTag, constructor and inspect hook crosses the bridge or IPC", async () => {
    let received;
    app.electron.ipcMain.on("bytes", (_event, value) => {
      received = value;
    });
    const seen = doc.page.run(`(() => {
      const seen = [];
      const bytes = new Uint8Array([1, 2, 3]);
      Object.defineProperty(bytes, Symbol.toStringTag, { get() { seen.push('toStringTag', this); return 'NotATypedArray'; } });
      Object.defineProperty(bytes, 'constructor', { get() { seen.push('constructor', this); return Uint8Array; } });
      bytes[Symbol.for('nodejs.util.inspect.custom')] = function (...args) { seen.push('inspect', ...args); return ''; };
      const echoed = window.api.echo(bytes);
      window.api.send('bytes', bytes);
      seen.push(echoed);
      return seen;
    })()`);
    await app.idle();
    // V8's serializer reads a typed array's contents, never its properties.
    assert.equal(seen.length, 1, `no page code ran: ${[...seen].filter((v) => typeof v === "string")}`);
    assertPageOnly(seen, "typed array");
    assert.ok(seen[0] instanceof doc.page.intrinsics.Object && doc.page.run("(v) => v instanceof Uint8Array")(seen[0]));
    assert.deepEqual([...seen[0]], [1, 2, 3]);
    assert.ok(received instanceof Uint8Array, "main got a Uint8Array");
    assert.deepEqual([...received], [1, 2, 3]);
  });

  it("when a test awaits the page through evaluate", async () => {
    doc.page.run(`globalThis.seen = [];
      const then = Promise.prototype.then;
      Promise.prototype.then = function (onFulfilled, onRejected) {
        seen.push(this, onFulfilled, onRejected);
        return then.call(this, onFulfilled, onRejected);
      };`);
    const value = await doc.evaluate("Promise.resolve({ n: 1 })");
    assert.equal(value.n, 1);
    await assert.rejects(doc.evaluate('Promise.reject(new Error("no"))'), { message: "no" });
    // A `then` that is absent when the page's promise settles and callable
    // afterwards: Node's promise would call it with Node's functions.
    const refused = await outcome(
      doc.evaluate(`(() => {
        let reads = 0;
        return Object.defineProperty({}, 'then', {
          get() { reads++; return reads === 1 ? undefined : (resolve, reject) => seen.push(resolve, reject); },
        });
      })()`),
    );
    const seen = doc.page.run("Promise.prototype.then = then; seen");
    for (let i = 0; i < seen.length; i++) {
      const entry = seen[i];
      if (entry !== undefined) assert.ok(doc.page.owns(entry), `value ${i} belongs to the page`);
    }
    assert.match(refused.error?.message ?? String(refused), /has a `then`/);
  });

  it("when getters and Error.prepareStackTrace run during a copy", async () => {
    const seen = doc.page.run(`(() => {
      const seen = [];
      Error.prepareStackTrace = (error, frames) => {
        for (const frame of frames) seen.push(frame, frame.getThis(), frame.getFunction());
        return '';
      };
      const value = { get x() { seen.push(this); new Error().stack; return 1; } };
      window.api.echo(value);
      window.api.send('nobody', value);
      window.api.callBack(function () { seen.push(this); new Error().stack; }, value);
      Error.prepareStackTrace = undefined;
      return seen;
    })()`);
    assertPageOnly(seen, "getter and stack frames");
  });

  it("when a timer delay or a logged value converts to something Node refuses", () => {
    const errors = doc.page.run(`(() => {
      const errors = [];
      const evil = { valueOf() { return Symbol('delay'); }, toString() { return Symbol('text'); } };
      try { setTimeout(() => {}, evil); } catch (error) { errors.push(error); }
      try { setInterval(() => {}, evil); } catch (error) { errors.push(error); }
      try { console.log(evil); } catch (error) { errors.push(error); }
      return errors;
    })()`);
    for (let i = 0; i < errors.length; i++) assert.ok(doc.page.owns(errors[i]), `error ${i} belongs to the page`);
    assert.equal(errors.length, 2, "the timers throw (a Symbol is no number); console.log does not");
  });
});

describe("the page's prototype pollution does not reach the preload", () => {
  it("iterators, push, apply, call, Reflect, setters and descriptor defaults replaced in the page change nothing the preload receives or sends", async () => {
    let received;
    app.electron.ipcMain.on("args", (_event, ...args) => {
      received = args;
    });
    const result = doc.page.run(`(() => {
      const forge = function* () { yield 'forged'; };
      Array.prototype[Symbol.iterator] = forge;
      Array.prototype.push = function () { return 0; };
      Array.prototype.map = function () { return ['forged']; };
      Function.prototype.apply = function () { return 'forged'; };
      Function.prototype.call = function () { return 'forged'; };
      Reflect.apply = function () { return 'forged'; };
      Object.defineProperty(Array.prototype, '0', { configurable: true, get() { return 'forged'; }, set() {} });
      Object.defineProperty(Object.prototype, 'n', { configurable: true, get() { return 'forged'; }, set() {} });
      Object.keys = () => ['forged'];
      // Makes every property descriptor without its own "get" an accessor's.
      Object.prototype.get = function () { return 'forged'; };
      return {
        echoed: window.api.echo('real'),
        count: window.api.count('a', 'b'),
        object: window.api.echo({ n: 1 }).n,
        array: window.api.echo([1, 2]).length,
        sent: window.api.send('args', 'a', ['b'], { n: 1 }),
      };
    })()`);
    await app.idle();
    assert.equal(result.echoed, "real");
    assert.equal(result.count, 2);
    assert.equal(result.object, 1);
    assert.equal(result.array, 2);
    assert.deepEqual(received, ["a", ["b"], { n: 1 }]);
  });
});

describe("uncaught errors in the renderer", () => {
  it("an unhandled rejection in the page is a console error of the page, not a crash", async () => {
    doc.page.run('Promise.reject(new Error("page boom")); undefined');
    await app.idle();
    assert.deepEqual(
      doc.console.filter((entry) => entry.level === "error"),
      [{ world: "main", level: "error", text: "Uncaught (in promise) Error: page boom" }],
    );
    assert.equal(doc.errors.length, 1);
    assert.ok(doc.page.owns(doc.errors[0]));
    assert.equal(doc.errors[0].message, "page boom");
  });

  it("an unhandled rejection in the isolated world is a console error of that world", async () => {
    doc.page.run("window.api.rejectInIsolatedWorld()");
    await app.idle();
    assert.deepEqual(
      doc.console.filter((entry) => entry.level === "error"),
      [{ world: "isolated", level: "error", text: "Uncaught (in promise) Error: isolated boom" }],
    );
  });

  it("a rejection handled later is recorded once, and a throwing page timer is an uncaught error of the page", async () => {
    doc.page.run('globalThis.late = Promise.reject("late"); setTimeout(() => late.catch(() => {}), 5)');
    doc.page.run('setTimeout(() => { throw new TypeError("timer boom"); }, 0)');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await app.idle();
    assert.deepEqual(
      doc.console
        .filter((entry) => entry.level === "error")
        .map((entry) => entry.text)
        .sort(),
      ["Uncaught (in promise) late", "Uncaught TypeError: timer boom"],
    );
  });
});

describe("contextBridge as Electron implements it", () => {
  it('passes symbols through, and copies symbol keys (electron/electron spec "should proxy symbols")', () => {
    assert.equal(doc.page.run("window.api.echo(Symbol.for('s')) === Symbol.for('s')"), true);
    assert.equal(doc.page.run("const key = Symbol('key'); window.api.echo({ [key]: 1 })[key]"), 1);
  });

  it('copies an own "__proto__" key as an own property, never as the prototype (electron/electron#50900)', () => {
    const copy = doc.page.run(`window.api.echo(JSON.parse('{"__proto__": {"polluted": true}}'))`);
    assert.equal(Object.getPrototypeOf(copy), doc.page.intrinsics.Object.prototype);
    assert.deepEqual(Object.keys(copy), ["__proto__"]);
    assert.equal(Object.getOwnPropertyDescriptor(copy, "__proto__").value.polluted, true);
    assert.equal(copy.polluted, undefined);
  });

  it("rejects a promise whose value cannot cross, with an Error of the receiving world", async () => {
    const result = await outcome(doc.evaluate("window.api.echo(Promise.resolve(new WeakMap()))"));
    assert.notEqual(result, "pending");
    assert.ok(doc.page.owns(result.error));
    assert.equal(result.error.message, "Uncaught Error: An object could not be cloned.");
    const rejected = await outcome(doc.evaluate("window.api.echo(Promise.reject(new WeakMap()))"));
    assert.equal(rejected.error.message, "Uncaught Error: An object could not be cloned.");
  });

  it("counts an object as two levels of nesting and an array as one (kMaxRecursion)", () => {
    const nest = (wrap, n) => `(() => { let v = 1; for (let i = 0; i < ${n}; i++) v = ${wrap}; return v; })()`;
    const depthError =
      "Electron contextBridge recursion depth exceeded.  Nested objects deeper than 1000 are not supported.";
    assert.equal(doc.page.run(`window.api.count(${nest("{ v }", 499)})`), 1);
    assert.throws(() => doc.page.run(`window.api.count(${nest("{ v }", 500)})`), {
      name: "TypeError",
      message: depthError,
    });
    assert.equal(doc.page.run(`window.api.count(${nest("[v]", 999)})`), 1);
    assert.throws(() => doc.page.run(`window.api.count(${nest("[v]", 1000)})`), { message: depthError });
  });
});
