'use strict';
// The main glue's handling of main-process JavaScript services, on the
// seed-patterns example's generated files with a scripted backend: the
// backend validates before the handler runs, what a handler throws, and
// the typed emitters of `registerIpc(…).events`.

const assert = require('node:assert/strict');
const path = require('node:path');
const { afterEach, beforeEach, describe, it } = require('node:test');
const { createApp } = require('./harness');

const GENERATED = path.join(__dirname, '..', '..', 'examples', 'seed-patterns', 'generated');
const ORIGIN = 'https://app.example';

describe('main-js services in the generated main glue', () => {
  let app;
  let main;
  let calls;
  let verdict;
  let handled;
  let reported;
  let registration;
  let doc;
  let openFile;

  beforeEach(async () => {
    app = createApp();
    main = app.loadMain(path.join(GENERATED, 'main.js'));
    calls = [];
    handled = [];
    reported = [];
    verdict = () => '{"ok":true,"value":null}';
    openFile = async () => '/tmp/a.txt';
    registration = main.registerIpc({
      backend: { call: (channel, argsJson) => (calls.push([channel, argsJson]), verdict(channel, argsJson)) },
      allowedOrigins: [ORIGIN],
      onError: (error) => reported.push(error),
      handlers: {
        titleBar: { setTitle: (...args) => handled.push(['setTitle', ...args]) },
        files: { openFile: (...args) => openFile(...args) },
        counter: { counterValue: (...args) => handled.push(['counterValue', ...args]) },
      },
    });
    const win = new app.electron.BrowserWindow({
      webPreferences: main.secureWebPreferences({ preload: path.join(GENERATED, 'preload.js') }),
    });
    await win.loadURL(`${ORIGIN}/index.html`);
    doc = app.renderer(win);
  });
  afterEach(() => {
    registration();
    app.dispose();
  });

  const settled = (code) => doc.page.run(`(${code}).then((value) => ({ value }), (error) => ({ error }))`);

  it('asks the backend first, then runs the handler with the JSON arguments and the sender', async () => {
    doc.page.run('window.titleBar.setTitle("hi")');
    await app.idle();
    assert.deepEqual(calls, [['titleBar:setTitle', '["hi"]']]);
    assert.equal(handled.length, 1);
    assert.equal(handled[0][1], 'hi');
    assert.equal(handled[0][2].origin, ORIGIN);
  });

  it('never runs the handler when the backend refuses the arguments', async () => {
    verdict = () => JSON.stringify({ ok: false, error: { code: 'ERR_BAD_ARGUMENTS', message: 'bad', data: { index: 0, path: '.' } } });
    doc.page.run('window.counter.counterValue("x")');
    const { error } = await settled('window.files.openFile()');
    await app.idle();
    assert.deepEqual(handled, []);
    assert.equal(error.code, 'ERR_BAD_ARGUMENTS');
    assert.equal(reported.length, 1, 'the refused send is reported');
  });

  it('answers the value, an ERR_HANDLER with data, or an ERR_PANIC that hides the message', async () => {
    assert.deepEqual({ ...(await settled('window.files.openFile()')) }, { value: '/tmp/a.txt' });

    openFile = async () => {
      throw Object.assign(new Error('no access'), { data: { Denied: { path: '/root' } } });
    };
    const typed = (await settled('window.files.openFile()')).error;
    assert.equal(typed.code, 'ERR_HANDLER');
    assert.equal(typed.message, 'no access');
    assert.deepEqual(JSON.parse(JSON.stringify(typed.data)), { Denied: { path: '/root' } });

    openFile = () => {
      throw new Error('ENOENT: /home/secret/config');
    };
    const untyped = (await settled('window.files.openFile()')).error;
    assert.equal(untyped.code, 'ERR_PANIC');
    assert.doesNotMatch(JSON.stringify(untyped), /secret/);
    assert.match(reported.at(-1).message, /secret/, 'onError gets the details');

    openFile = async () => new Map();
    assert.equal((await settled('window.files.openFile()')).error.code, 'ERR_BAD_RESPONSE');
  });

  it('emits main-process events to "all", a WebContents or a frame, strictly', async () => {
    doc.page.run('globalThis.seen = []; window.counter.onUpdateCounter((v) => seen.push(v))');
    const [win] = app.electron.BrowserWindow.getAllWindows();
    registration.events.counter.updateCounter('all', 1);
    registration.events.counter.updateCounter(win.webContents, 2);
    registration.events.counter.updateCounter(win.webContents.mainFrame, 3);
    await app.idle();
    assert.deepEqual([...doc.page.run('seen')], [1, 2, 3]);

    assert.throws(() => registration.events.counter.updateCounter(win, 4), /target must be/);
    assert.throws(() => registration.events.counter.updateCounter('all'), /expects a target and 1 argument/);
    assert.throws(() => registration.events.counter.updateCounter('all', Number.NaN), /NaN/);
    assert.equal(registration.dispose, registration);
    registration.dispose();
    assert.throws(() => registration.events.counter.updateCounter('all', 5), /disposed/);
  });
});
