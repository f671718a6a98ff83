"use strict";
// The relay half of the renderer runtime (docs/wire.md, "Window-to-window
// messages"). `ipc-codegen generate` copies the part between the two marker
// lines below into preload.js and ipc-api.cjs when the schema has relay
// channels; the export at the end is for this file's tests only.

const { ipcError, arityMessage, messageOf, unwrap } = require("./renderer-runtime.cjs");

// --- ipc-codegen copies from here ---

/** The channel on which this preload answers the relay requests main hands it. */
const RELAY_ANSWER_CHANNEL = "ipc:relay-answer";

/**
 * The relay functions of one service, bound to `ipcRenderer`. Main routes
 * every message: the page names a role, never a window, and receives the
 * sender's role, never its id. A relay's messages come only from main
 * (`ipcRenderer.on` hears nothing else), already checked with the Rust types.
 */
function connectRelays(ipcRenderer) {
  /**
   * `{ to(role, ...payload) }` of one relay channel: resolves once main
   * delivered a one-way message (with `undefined`), or with a request's
   * answer; rejects with an IpcError (ERR_NO_TARGET, ERR_TIMEOUT, …). A
   * request takes `{ timeout }` (milliseconds) after its payload.
   */
  function relay(channel, method, params, request) {
    const to = (role, ...args) => {
      let options = null;
      if (request && args.length === params.length + 1) {
        options = args.pop();
        if (options === null || typeof options !== "object" || Array.isArray(options)) {
          const message = `${method}.to: the last argument must be the options { timeout }`;
          return Promise.reject(ipcError("ERR_BAD_ARGUMENTS", message, { argument: "options" }, channel));
        }
        options = { timeout: options.timeout };
      }
      if (args.length !== params.length) {
        const message = arityMessage(`${method}.to(role, …)`, params, args.length);
        const data = { expected: params.length, received: args.length };
        return Promise.reject(ipcError("ERR_BAD_ARGUMENTS", message, data, channel));
      }
      return new Promise((resolve) => resolve(ipcRenderer.invoke(channel, role, options, ...args))).then(
        (envelope) => {
          const value = unwrap(envelope, method, channel);
          return request ? value : undefined;
        },
        (error) => {
          const message = `${method} did not reach main: ${messageOf(error)}`;
          throw ipcError("ERR_TRANSPORT", message, undefined, channel);
        },
      );
    };
    return Object.freeze({ to });
  }

  /**
   * Subscribes to a one-way relay: `listener(from, ...payload)`, `from`
   * being the sender's role. Returns the function that unsubscribes.
   */
  function listen(channel, method, listener) {
    if (typeof listener !== "function") {
      const got = listener === null ? "null" : typeof listener;
      throw new TypeError(`${method} expects a listener function, got ${got}`);
    }
    const dispatch = (_event, from, ...payload) => {
      try {
        listener(from, ...payload);
      } catch (error) {
        console.error(`${method} listener threw:`, error);
      }
    };
    ipcRenderer.on(channel, dispatch);
    let subscribed = true;
    return () => {
      if (subscribed) {
        subscribed = false;
        ipcRenderer.removeListener(channel, dispatch);
      }
    };
  }

  /**
   * The `answerX(answerer)` of a relay request, which sets this window's
   * answerer of `channel`: `answerer(from, ...payload)` returns the answer,
   * or a promise of it; `answerX` returns the function that removes it.
   * One answerer at a time: a second is refused. The preload listens for
   * main's requests from the start, so that while no answerer is set the
   * sender hears ERR_NO_TARGET at once instead of waiting for its deadline.
   */
  function answering(channel, method) {
    let current;
    ipcRenderer.on(channel, (_event, from, id, ...payload) => {
      const answerer = current;
      if (answerer === undefined) {
        ipcRenderer.send(RELAY_ANSWER_CHANNEL, id, { ok: false, code: "ERR_NO_TARGET" });
        return;
      }
      new Promise((resolve) => resolve(answerer(from, ...payload))).then(
        (value) => {
          try {
            ipcRenderer.send(RELAY_ANSWER_CHANNEL, id, { ok: true, value });
          } catch (error) {
            console.error(`${method} answered a value that cannot be sent:`, error);
            ipcRenderer.send(RELAY_ANSWER_CHANNEL, id, { ok: false });
          }
        },
        (error) => {
          console.error(`${method} answerer threw:`, error);
          ipcRenderer.send(RELAY_ANSWER_CHANNEL, id, { ok: false });
        },
      );
    });
    return (answerer) => {
      if (typeof answerer !== "function") {
        const got = answerer === null ? "null" : typeof answerer;
        throw new TypeError(`${method} expects an answering function, got ${got}`);
      }
      if (current !== undefined) {
        throw new TypeError(`${method}: this window already answers ${channel}; remove that answerer first`);
      }
      current = answerer;
      return () => {
        if (current === answerer) {
          current = undefined;
        }
      };
    };
  }

  return { relay, listen, answering };
}

// --- ipc-codegen copies up to here ---

module.exports = { connectRelays };
