"use strict";
// MessagePorts (docs "MessagePorts in Electron", `MessageChannelMain`,
// `MessagePortMain`, `webContents.postMessage`, `WebFrameMain.postMessage`,
// `ipcRenderer.on` `event.ports`): the pipe between two entangled ports, the
// main process's `MessagePortMain`, and the DOM `MessagePort` a renderer's
// isolated world receives in `event.ports`, compiled inside that world.
//
// A message posted on one end is cloned (structured clone) when it is
// posted and delivered to whoever owns the other end when it arrives, one
// macrotask per message, in order; a port queues what arrives until it is
// started. Closing one end (`close()`, or the renderer's document going
// away: reload, navigation, window close) delivers the messages already
// posted, then `close` on the other end.

const { EventEmitter } = require("node:events");
const { deserialize, serialize, tapeOf } = require("./clone");

const NOT_EMULATED = "transferring ports through a MessagePort is not emulated by the test harness";

/**
 * Two entangled ends. `owners[i]`: `{ receive(value), remoteClosed() }`, or
 * null while end `i` travels (taken by a transfer, not yet adopted by the
 * renderer that receives it) or after its own side closed it.
 */
class Pipe {
  constructor(schedule) {
    this.schedule = schedule;
    this.owners = [null, null];
    this.closed = false;
    // What reached an end while it travelled: it goes to its next owner, in
    // order (HTML Standard: a port's message queue moves with the port; the
    // messages posted on its entangled port wait for it, wherever it went).
    this.held = [[], []];
    // Ends whose own side closed them: nothing is held for them.
    this.left = [false, false];
  }

  /** Hands `event` (`{ value }` or `{ closed: true }`) to end `to`'s owner, or holds it while the end travels. */
  deliver(to, event) {
    const owner = this.owners[to];
    if (owner === null) {
      if (!this.left[to]) this.held[to].push(event);
      return;
    }
    if (event.closed) owner.remoteClosed();
    else owner.receive(event.value);
  }

  /** Sends `value` (already a copy) from end `from` to the other end. */
  send(from, value) {
    if (this.closed) return;
    this.schedule(() => this.deliver(1 - from, { value }));
  }

  /** Closes the pipe from end `from`: the other end hears `close` after what was sent before. */
  close(from) {
    if (this.closed) return;
    this.closed = true;
    this.owners[from] = null;
    this.left[from] = true;
    this.held[from].length = 0;
    this.schedule(() => this.deliver(1 - from, { closed: true }));
  }

  /** End `index` arrived: `owner` receives what was held for it, then what comes. */
  attach(index, owner) {
    this.owners[index] = owner;
    for (const event of this.held[index].splice(0)) this.deliver(index, event);
  }
}

/** One end of a pipe, as a port holds it. */
const end = (pipe, index) => ({ pipe, index });

/** The state of each MessagePortMain, out of reach of the code that uses it. */
const mainPorts = new WeakMap();

/**
 * docs `MessagePortMain`: an EventEmitter with `postMessage`, `start` and
 * `close`, emitting `message` (`{ data, ports }`) and `close` ("Emitted when
 * the remote end of a MessagePortMain object becomes disconnected": not
 * when this end calls `close()`).
 */
class MessagePortMain extends EventEmitter {
  constructor(portEnd) {
    super();
    const state = { end: portEnd, started: false, queue: [], closed: false };
    mainPorts.set(this, state);
    portEnd.pipe.owners[portEnd.index] = {
      receive: (value) => {
        if (state.closed) return;
        if (!state.started) state.queue.push(value);
        else this.emit("message", { data: value, ports: [] });
      },
      remoteClosed: () => {
        if (state.closed) return;
        state.closed = true;
        this.emit("close");
      },
    };
  }

  /** docs `port.postMessage(message, [transfer])`: a clone of `message` goes to the other end. */
  postMessage(message, transfer) {
    if (transfer !== undefined && (!Array.isArray(transfer) || transfer.length > 0)) throw new Error(NOT_EMULATED);
    const state = mainPorts.get(this);
    const value = deserialize(serialize(message));
    if (state.closed || state.end === null) return;
    state.end.pipe.send(state.end.index, value);
  }

  /** docs `port.start()`: "Messages will be queued until this method is called." */
  start() {
    const state = mainPorts.get(this);
    if (state.started || state.closed) return;
    state.started = true;
    const queued = state.queue.splice(0);
    const { owners } = state.end.pipe;
    const owner = owners[state.end.index];
    for (const value of queued) state.end.pipe.schedule(() => owner.receive(value));
  }

  /** docs `port.close()`: "Disconnects the port, so it is no longer active." */
  close() {
    const state = mainPorts.get(this);
    if (state.closed || state.end === null) return;
    state.closed = true;
    state.queue.length = 0;
    state.end.pipe.close(state.end.index);
  }
}

/** docs `MessageChannelMain`: `port1` and `port2`, entangled. */
function makeMessageChannelMain(schedule) {
  return class MessageChannelMain {
    constructor() {
      const pipe = new Pipe(schedule);
      this.port1 = new MessagePortMain(end(pipe, 0));
      this.port2 = new MessagePortMain(end(pipe, 1));
    }
  };
}

/**
 * The ends of `transfer` (a `postMessage`'s list), each port neutered in
 * main: it no longer sends, receives or emits. What it had queued goes with
 * its end (the HTML Standard moves a port's message queue with it). Throws
 * as Electron's argument conversion does for anything but live
 * MessagePortMains.
 */
function takeTransfer(transfer) {
  if (transfer === undefined) return [];
  if (!Array.isArray(transfer)) throw new TypeError("Error processing argument at index 2, conversion failure");
  const ends = [];
  for (const [index, port] of transfer.entries()) {
    const state = mainPorts.get(port);
    if (state === undefined) throw new TypeError("Error processing argument at index 2, conversion failure");
    if (state.end === null || state.closed || ends.some((e) => e.port === port)) {
      throw new Error(`Port at index ${index} is already neutered or closed`);
    }
    ends.push({ port, state });
  }
  return ends.map(({ state }) => {
    const taken = { end: state.end, queue: state.queue.splice(0) };
    state.end.pipe.owners[state.end.index] = null;
    state.end = null;
    state.closed = true;
    return taken;
  });
}

/**
 * Compiled in a renderer's isolated world: its DOM `MessagePort`s. `codec`
 * is that world's kit; `hostPost(id, tape, refs)` and `hostClose(id)` reach
 * the pipe; `report(error)` records an exception of a listener (which, as
 * in the DOM, does not stop the listeners after it).
 */
function makeRendererPorts(codec, hostPost, hostClose, report) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: its source text runs in a vm realm, outside the file's directive
  "use strict";
  const states = new WeakMap();
  const byId = new Map();

  const dispatch = (state, type, event) => {
    const handler = type === "message" ? state.onmessage : state.onclose;
    const listeners = [...state.listeners[type]];
    if (typeof handler === "function") listeners.unshift(handler);
    for (const listener of listeners) {
      try {
        listener.call(state.port, event);
      } catch (error) {
        report(error);
      }
    }
  };

  const flush = (state) => {
    while (state.started && !state.closed && state.queue.length > 0) {
      const data = state.queue.shift();
      dispatch(state, "message", { type: "message", data, ports: [], target: state.port });
    }
  };

  /** The HTML Standard's MessagePort, as a renderer's world sees it. */
  class MessagePort {
    postMessage(message, transfer) {
      const state = states.get(this);
      if (transfer !== undefined && transfer.length > 0) {
        throw new Error("transferring ports from a renderer is not emulated by the test harness");
      }
      const { tape, refs } = codec.encodeClone(message);
      if (!state.closed) hostPost(state.id, tape, refs);
    }
    start() {
      const state = states.get(this);
      state.started = true;
      flush(state);
    }
    close() {
      const state = states.get(this);
      if (state.closed) return;
      state.closed = true;
      state.queue.length = 0;
      byId.delete(state.id);
      hostClose(state.id);
    }
    addEventListener(type, listener) {
      const state = states.get(this);
      if (!(type in state.listeners) || typeof listener !== "function") return;
      if (!state.listeners[type].includes(listener)) state.listeners[type].push(listener);
    }
    removeEventListener(type, listener) {
      const state = states.get(this);
      if (!(type in state.listeners)) return;
      state.listeners[type] = state.listeners[type].filter((l) => l !== listener);
    }
    get onmessage() {
      return states.get(this).onmessage;
    }
    // HTML Standard: setting `onmessage` starts the port.
    set onmessage(handler) {
      const state = states.get(this);
      state.onmessage = typeof handler === "function" ? handler : null;
      this.start();
    }
    get onclose() {
      return states.get(this).onclose;
    }
    set onclose(handler) {
      states.get(this).onclose = typeof handler === "function" ? handler : null;
    }
  }

  return Object.freeze({
    create(id) {
      const port = new MessagePort();
      const state = {
        id,
        port,
        started: false,
        closed: false,
        queue: [],
        listeners: { message: [], close: [] },
        onmessage: null,
        onclose: null,
      };
      states.set(port, state);
      byId.set(id, state);
      return port;
    },
    receive(id, tape, refs) {
      const state = byId.get(id);
      if (state === undefined || state.closed) return;
      state.queue.push(codec.decode(tape, refs));
      flush(state);
    },
    remoteClosed(id) {
      const state = byId.get(id);
      if (state === undefined || state.closed) return;
      state.closed = true;
      byId.delete(id);
      dispatch(state, "close", { type: "close", target: state.port });
    },
    newArray(ports) {
      return [...ports];
    },
  });
}

/**
 * The ports of one renderer document: creates its world's ports for the
 * ends a message transfers, and closes them all when the document goes.
 */
class DocumentPorts {
  #ends = new Map();
  #nextId = 1;
  #kit;

  /** `kit`: what `makeRendererPorts` returned in the document's isolated world. */
  constructor(kit) {
    this.#kit = kit;
  }

  /** The world's array of new ports for `taken` (from `takeTransfer`). */
  adopt(taken, report) {
    const ports = [];
    for (const { end: portEnd, queue } of taken) {
      const id = this.#nextId++;
      this.#ends.set(id, portEnd);
      const port = this.#kit.create(id);
      const receive = (value) => {
        const { tape, refs } = tapeOf(serialize(value));
        try {
          this.#kit.receive(id, tape, refs);
        } catch (error) {
          report(error);
        }
      };
      // What the main port had queued first, then what reached the end while it travelled.
      for (const value of queue) receive(value);
      portEnd.pipe.attach(portEnd.index, {
        receive,
        remoteClosed: () => {
          this.#ends.delete(id);
          this.#kit.remoteClosed(id);
        },
      });
      ports.push(port);
    }
    return this.#kit.newArray(ports);
  }

  /** A message the world posted on port `id` (the main side's copy). */
  post(id, value) {
    const portEnd = this.#ends.get(id);
    if (portEnd !== undefined) portEnd.pipe.send(portEnd.index, value);
  }

  /** The world closed port `id`. */
  close(id) {
    const portEnd = this.#ends.get(id);
    if (portEnd === undefined) return;
    this.#ends.delete(id);
    portEnd.pipe.close(portEnd.index);
  }

  /** The document goes away (reload, navigation, window close): every port closes. */
  closeAll() {
    for (const id of [...this.#ends.keys()]) this.close(id);
  }
}

module.exports = { DocumentPorts, MessagePortMain, makeMessageChannelMain, makeRendererPorts, takeTransfer };
