//! The renderer side: the sandbox-safe preload, and the same API as CommonJS
//! and ES modules for apps that bundle their own preload.

use electron_ipc_schema::ChannelKindSchema;

use super::{header, ModuleKind};
use crate::model::{member_name, Model, Service};
use crate::writer::{literal, Writer};

/// Helpers shared by every service: error objects, arity checks, and the
/// channel functions bound to one `ipcRenderer`.
const HELPERS: &str = r#"/**
 * The reason an invoke rejects with: a plain, frozen object rather than an
 * `Error`, whose custom properties contextBridge would drop.
 */
function ipcError(code, message, data, channel) {
  const error = { name: "IpcError", code, message };
  if (data !== undefined) {
    error.data = data;
  }
  error.channel = channel;
  return Object.freeze(error);
}

/** For example "todos.add expects 1 argument (title), got 2". */
function arityMessage(method, params, received) {
  const count = params.length;
  const expected =
    count === 0 ? "no arguments" : `${count} argument${count === 1 ? "" : "s"} (${params.join(", ")})`;
  return `${method} expects ${expected}, got ${received}`;
}

/** The message of whatever was thrown. */
function messageOf(error) {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unknown error";
  }
}

/** The value an envelope carries, or the IpcError it reports. */
function unwrap(envelope, method, channel) {
  if (envelope !== null && typeof envelope === "object") {
    if (envelope.ok === true) {
      return envelope.value;
    }
    const error = envelope.error;
    if (envelope.ok === false && error !== null && typeof error === "object") {
      throw ipcError(error.code, error.message, error.data, channel);
    }
  }
  throw ipcError("ERR_TRANSPORT", `${method} got a reply that is not an IPC envelope`, undefined, channel);
}

/**
 * The channel functions of one service, bound to `ipcRenderer`. An event
 * channel has one `ipcRenderer` listener however many subscribers it has,
 * and none once the last one leaves.
 */
function connect(ipcRenderer) {
  const subscribers = new Map();

  /** Calls an invoke channel: resolves with the value, rejects with an IpcError. */
  function invoke(channel, method, params, args) {
    if (args.length !== params.length) {
      const message = arityMessage(method, params, args.length);
      const data = { expected: params.length, received: args.length };
      return Promise.reject(ipcError("ERR_BAD_ARGUMENTS", message, data, channel));
    }
    return new Promise((resolve) => resolve(ipcRenderer.invoke(channel, ...args))).then(
      (envelope) => unwrap(envelope, method, channel),
      (error) => {
        const message = `${method} did not reach its handler: ${messageOf(error)}`;
        throw ipcError("ERR_TRANSPORT", message, undefined, channel);
      },
    );
  }

  /** Sends a one-way message; nothing comes back. */
  function send(channel, method, params, args) {
    if (args.length !== params.length) {
      throw new TypeError(arityMessage(method, params, args.length));
    }
    ipcRenderer.send(channel, ...args);
  }

  /** Adds a listener to an event channel; returns its unsubscribe function. */
  function subscribe(channel, method, listener) {
    if (typeof listener !== "function") {
      const got = listener === null ? "null" : typeof listener;
      throw new TypeError(`${method} expects a listener function, got ${got}`);
    }
    let entry = subscribers.get(channel);
    if (entry === undefined) {
      const listeners = new Set();
      // Listeners get the event's arguments only, never the IpcRendererEvent.
      const dispatch = (_event, ...args) => {
        for (const deliver of [...listeners]) {
          try {
            deliver(...args);
          } catch (error) {
            console.error(`${method} listener threw:`, error);
          }
        }
      };
      entry = { listeners, dispatch };
      subscribers.set(channel, entry);
      ipcRenderer.on(channel, dispatch);
    }
    const { listeners, dispatch } = entry;
    // One wrapper per subscription: subscribing a function twice makes two
    // subscriptions, each removed by its own unsubscribe.
    const deliver = (...args) => {
      listener(...args);
    };
    listeners.add(deliver);
    let subscribed = true;
    return () => {
      if (!subscribed) {
        return;
      }
      subscribed = false;
      listeners.delete(deliver);
      if (listeners.size === 0) {
        subscribers.delete(channel);
        ipcRenderer.removeListener(channel, dispatch);
      }
    };
  }

  return { invoke, send, subscribe };
}"#;

/// `preload.js`: self-contained, requires only `electron`.
pub(super) fn preload(model: &Model) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "Preload script: exposes each IPC service on `window` through contextBridge,\n\
         one function per channel and nothing else (no ipcRenderer, no generic invoke).\n\
         It requires only \"electron\", so it runs in a sandboxed renderer.\n\
         Load it with `webPreferences: secureWebPreferences({ preload })` from main.js.",
    );
    w.blank();
    w.line(r#""use strict";"#);
    w.blank();
    w.line(r#"const { contextBridge, ipcRenderer } = require("electron");"#);
    w.blank();
    body(&mut w, model);
    w.blank();
    w.line("exposeIpc(contextBridge, ipcRenderer);");
    w.finish()
}

/// `ipc-api.cjs` / `ipc-api.mjs`: the preload's API without the exposing,
/// for a preload that a bundler builds.
pub(super) fn api_module(model: &Model, kind: ModuleKind) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "The IPC API of the preload as a module, for apps that bundle their own preload:\n\
         call `exposeIpc(contextBridge, ipcRenderer)` there, or build one service's API\n\
         with its `create…Api(ipcRenderer)`. Never expose ipcRenderer itself.",
    );
    w.blank();
    if kind == ModuleKind::CommonJs {
        w.line(r#""use strict";"#);
        w.blank();
    }
    body(&mut w, model);
    w.blank();
    let mut names: Vec<String> = model
        .services
        .iter()
        .map(|service| format!("create{}Api", service.pascal))
        .collect();
    names.push("exposeIpc".to_owned());
    let names = names.join(", ");
    match kind {
        ModuleKind::CommonJs => w.line(format!("module.exports = {{ {names} }};")),
        ModuleKind::Esm => w.line(format!("export {{ {names} }};")),
    }
    w.finish()
}

/// Helpers, one factory per service, and `exposeIpc`.
fn body(w: &mut Writer, model: &Model) {
    w.lines(HELPERS);
    for service in &model.services {
        w.blank();
        service_factory(w, service);
    }
    w.blank();
    w.doc(
        Some("Exposes every service on the page's `window` through contextBridge."),
        &[],
    );
    w.block(
        "function exposeIpc(contextBridge, ipcRenderer) {",
        "}",
        |w| {
            for service in &model.services {
                w.line(format!(
                    "contextBridge.exposeInMainWorld({}, create{}Api(ipcRenderer));",
                    literal(service.namespace()),
                    service.pascal
                ));
            }
        },
    );
}

fn service_factory(w: &mut Writer, service: &Service) {
    let about = format!(
        "`window.{}`: the {} service, over `ipcRenderer`.",
        service.namespace(),
        service.schema.name
    );
    let docs = match &service.schema.docs {
        Some(docs) => format!("{about}\n\n{docs}"),
        None => about,
    };
    w.doc(Some(&docs), &[]);
    let used: Vec<&str> = ["invoke", "send", "subscribe"]
        .into_iter()
        .filter(|helper| {
            service
                .channels()
                .iter()
                .any(|c| helper_of(c.kind) == *helper)
        })
        .collect();
    w.block(
        format!("function create{}Api(ipcRenderer) {{", service.pascal),
        "}",
        |w| {
            if !used.is_empty() {
                w.line(format!(
                    "const {{ {} }} = connect(ipcRenderer);",
                    used.join(", ")
                ));
            }
            w.block("return Object.freeze({", "});", |w| {
                for channel in service.channels() {
                    let member = member_name(channel);
                    let method = literal(&format!("{}.{member}", service.namespace()));
                    let wire = literal(&channel.channel);
                    if channel.kind == ChannelKindSchema::Event {
                        w.line(format!(
                            "{member}: (listener) => subscribe({wire}, {method}, listener),"
                        ));
                    } else {
                        let params: Vec<String> =
                            channel.params.iter().map(|p| literal(&p.js_name)).collect();
                        w.line(format!(
                            "{member}: (...args) => {}({wire}, {method}, [{}], args),",
                            helper_of(channel.kind),
                            params.join(", ")
                        ));
                    }
                }
            });
        },
    );
}

fn helper_of(kind: ChannelKindSchema) -> &'static str {
    match kind {
        ChannelKindSchema::Invoke => "invoke",
        ChannelKindSchema::Send => "send",
        ChannelKindSchema::Event => "subscribe",
    }
}
