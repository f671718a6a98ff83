//! The main-process glue: `main.js` / `main.mjs` and their declarations.

use electron_ipc_schema::ErrorCode;
use electron_ipc_schema::{ChannelKindSchema, ChannelSchema};

use super::{header, ModuleKind};
use crate::model::{pascal_case, Model, Service};
use crate::writer::{literal, Writer};

/// Everything that does not depend on the schema: options, sender checks,
/// the strict argument conversion, event delivery and webPreferences.
const CORE: &str = include_str!("main_core.js");

/// Where `readOptions` keeps the handlers of main-process services.
const HANDLERS_OPTION: &str = "    //HANDLERS_OPTION//\n";

/// Routing when every service is implemented in Rust.
const ANSWER_BACKEND: &str = r#"/** Hands a checked call to the backend: every service of the schema is implemented in Rust. */
function answer(settings, channel, argsJson, sender) {
  return callBackend(settings, channel, argsJson, sender);
}"#;

/// Routing when some services are implemented in main-process JavaScript.
const ANSWER_HANDLERS: &str = r#"/** Checks `options.handlers`: a function for every channel implemented in the main process. */
function readHandlers(handlers) {
  for (const [channel, { service, name }] of HANDLED_IN_MAIN) {
    if (typeof handlers?.[service]?.[name] !== "function") {
      throw new TypeError(
        `registerIpc: options.handlers.${service}.${name} must be a function: ${channel} is implemented in the main process`,
      );
    }
  }
  return handlers;
}

/** Routes a checked call to its main-process handler, or to the backend. */
function answer(settings, channel, argsJson, sender) {
  const handled = HANDLED_IN_MAIN.get(channel);
  if (handled === undefined) {
    return callBackend(settings, channel, argsJson, sender);
  }
  return callHandler(settings, channel, handled, argsJson, sender);
}

/**
 * Runs a main-process handler. The Rust types validate every channel, so the
 * backend sees the call first: its router decodes the arguments with the
 * declared types and answers `null`, or `ERR_BAD_ARGUMENTS` with the path,
 * and only then does the handler run, with the same JSON arguments and the
 * sender. What it returns (or resolves to) is the value of the envelope.
 */
async function callHandler(settings, channel, { service, name }, argsJson, sender) {
  const checked = await callBackend(settings, channel, argsJson, sender);
  if (!checked.ok) {
    return checked;
  }
  let value;
  try {
    value = await settings.handlers[service][name](...JSON.parse(argsJson), sender);
  } catch (error) {
    return handlerFailure(settings, channel, error);
  }
  const result = strictJson(value, settings.maxPayloadBytes);
  if (result.reason !== undefined) {
    report(settings, channel, "ERR_BAD_RESPONSE", `the handler's value cannot be sent: ${result.reason}`);
    return failure("ERR_BAD_RESPONSE", `${channel}: the main process answered a value that cannot be sent`);
  }
  return { ok: true, value: JSON.parse(result.json) };
}

/**
 * What the page learns when a main-process handler throws. An object with a
 * `data` property is the method's typed error: `ERR_HANDLER` with its
 * message and data. Anything else is a bug, like a panic in Rust: it goes to
 * `onError` in full and the page gets `ERR_PANIC`, without the message,
 * which may hold paths or other details the page has no business seeing.
 */
function handlerFailure(settings, channel, error) {
  if (error !== null && typeof error === "object" && "data" in error) {
    const data = strictJson(error.data, settings.maxPayloadBytes);
    if (data.reason === undefined) {
      return failure("ERR_HANDLER", messageOf(error), JSON.parse(data.json));
    }
    report(settings, channel, "ERR_BAD_RESPONSE", `the handler's error data cannot be sent: ${data.reason}`, undefined, error);
    return failure("ERR_BAD_RESPONSE", `${channel}: the main process answered an error that cannot be sent`);
  }
  report(settings, channel, "ERR_PANIC", `the handler threw: ${messageOf(error)}`, undefined, error);
  return failure("ERR_PANIC", `${channel}: the handler failed`);
}"#;

/// `main.js` (CommonJS) or `main.mjs` (ES module).
pub(super) fn script(model: &Model, kind: ModuleKind) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "Main-process glue: serves exactly the schema's channels on ipcMain, checks the\n\
         sender of every message, converts arguments strictly to JSON for the Rust\n\
         backend and delivers its events. Use it with\n\
         `registerIpc({ backend, allowedOrigins: [\"app://main\"] })`.",
    );
    w.blank();
    match kind {
        ModuleKind::CommonJs => {
            w.line(r#""use strict";"#);
            w.blank();
            w.line(r#"const { isAbsolute } = require("node:path");"#);
            w.line(r#"const { ipcMain, webContents, webFrameMain } = require("electron");"#);
        }
        ModuleKind::Esm => {
            w.line(r#"import { isAbsolute } from "node:path";"#);
            w.line(r#"import { ipcMain, webContents, webFrameMain } from "electron";"#);
        }
    }
    w.blank();
    w.doc(
        Some("Every channel of the schema, in the order of the services and their methods."),
        &[],
    );
    w.block("const CHANNELS = Object.freeze([", "]);", |w| {
        for service in &model.services {
            for channel in service.channels() {
                w.line(format!(
                    "Object.freeze({{ channel: {}, kind: {}, service: {}, name: {} }}),",
                    literal(&channel.channel),
                    literal(kind_name(channel.kind)),
                    literal(service.namespace()),
                    literal(&channel.js_name),
                ));
            }
        }
    });

    w.blank();
    w.doc(
        Some(
            "Events of the services implemented in the main process: `registerIpc(…).events`\n\
             emits them.",
        ),
        &[],
    );
    let event_services: Vec<_> = model
        .services
        .iter()
        .filter(|s| s.is_main_js() && has_events(s))
        .collect();
    if event_services.is_empty() {
        w.line("const MAIN_EVENTS = Object.freeze({});");
    } else {
        w.block("const MAIN_EVENTS = Object.freeze({", "});", |w| {
            for service in &event_services {
                w.block(format!("{}: [", service.namespace()), "],", |w| {
                    for channel in events_of(service) {
                        let params: Vec<String> =
                            channel.params.iter().map(|p| literal(&p.js_name)).collect();
                        w.line(format!(
                            "{{ channel: {}, name: {}, params: [{}] }},",
                            literal(&channel.channel),
                            literal(&channel.js_name),
                            params.join(", ")
                        ));
                    }
                });
            }
        });
    }

    let main_js = model.has_main_js();
    if main_js {
        w.blank();
        w.doc(
            Some("Channels implemented by the functions of `options.handlers` rather than the backend."),
            &[],
        );
        w.block("const HANDLED_IN_MAIN = new Map([", "]);", |w| {
            for service in model.services.iter().filter(|s| s.is_main_js()) {
                for channel in service.channels() {
                    if channel.kind == ChannelKindSchema::Event {
                        continue;
                    }
                    w.line(format!(
                        "[{}, {{ service: {}, name: {} }}],",
                        literal(&channel.channel),
                        literal(service.namespace()),
                        literal(&channel.js_name),
                    ));
                }
            }
        });
    }
    w.blank();
    let core = if main_js {
        CORE.replace(
            HANDLERS_OPTION,
            "    handlers: readHandlers(options.handlers),\n",
        )
    } else {
        CORE.replace(HANDLERS_OPTION, "")
    };
    w.lines(&core);
    w.blank();
    w.lines(if main_js {
        ANSWER_HANDLERS
    } else {
        ANSWER_BACKEND
    });
    w.blank();
    match kind {
        ModuleKind::CommonJs => {
            w.line("module.exports = { CHANNELS, registerIpc, secureWebPreferences };")
        }
        ModuleKind::Esm => w.line("export { CHANNELS, registerIpc, secureWebPreferences };"),
    }
    w.finish()
}

fn events_of(service: &Service) -> impl Iterator<Item = &ChannelSchema> {
    service
        .channels()
        .iter()
        .filter(|c| c.kind == ChannelKindSchema::Event)
}

fn has_events(service: &Service) -> bool {
    events_of(service).next().is_some()
}

fn kind_name(kind: ChannelKindSchema) -> &'static str {
    match kind {
        ChannelKindSchema::Invoke => "invoke",
        ChannelKindSchema::Send => "send",
        ChannelKindSchema::Event => "event",
    }
}

/// `main.d.ts` / `main.d.mts`, typed against Electron's own declarations.
pub(super) fn declarations(model: &Model) -> String {
    let mut w = Writer::new();
    header(&mut w, model, "Declarations of main.js and main.mjs.");
    w.blank();
    w.line(
        r#"import type { IpcMain, WebContents, WebFrameMain, WebPreferences } from "electron";"#,
    );
    let main_js = model.has_main_js();
    let used = types_used_in_main(model);
    if !used.is_empty() {
        w.line(format!(
            r#"import type {{ {} }} from "./ipc.js";"#,
            used.join(", ")
        ));
    }
    w.blank();
    w.doc(Some("Every code an IPC call can fail with."), &[]);
    w.line("export type IpcErrorCode =");
    let codes: Vec<String> = ErrorCode::ALL.iter().map(|c| literal(c.as_str())).collect();
    for (i, code) in codes.iter().enumerate() {
        let end = if i + 1 == codes.len() { ";" } else { "" };
        w.line(format!("  | {code}{end}"));
    }
    w.blank();
    w.lines(BACKEND_DECLARATIONS);

    if main_js {
        for service in model.services.iter().filter(|s| s.is_main_js()) {
            w.blank();
            w.doc(
                Some(&format!(
                    "The {} service (`window.{}`), implemented in the main process. Each method\n\
                     runs once the backend has decoded the arguments with their Rust types, and\n\
                     receives them as JSON values, then the sender. What it returns (or resolves\n\
                     to) is the call's value; a thrown object with `data` is the typed error\n\
                     (`ERR_HANDLER`); anything else thrown reaches the page as `ERR_PANIC`.",
                    service.schema.name,
                    service.namespace()
                )),
                &[],
            );
            w.block(
                format!("export interface {}Handlers {{", service.pascal),
                "}",
                |w| {
                    for channel in service.channels() {
                        let mut params: Vec<String> = channel
                            .params
                            .iter()
                            .map(|p| format!("{}: {}", p.js_name, p.ty))
                            .collect();
                        params.push("sender: IpcSender".to_owned());
                        let params = params.join(", ");
                        match channel.kind {
                            ChannelKindSchema::Invoke => {
                                let returns = channel.returns.as_deref().unwrap_or("null");
                                w.line(format!(
                                    "{}({params}): {returns} | Promise<{returns}>;",
                                    channel.js_name
                                ));
                            }
                            ChannelKindSchema::Send => {
                                w.line(format!(
                                    "{}({params}): void | Promise<void>;",
                                    channel.js_name
                                ));
                            }
                            ChannelKindSchema::Event => {}
                        }
                    }
                },
            );
        }
        w.blank();
        w.doc(
            Some("The implementations of the services that run in the main process."),
            &[],
        );
        w.block("export interface IpcHandlers {", "}", |w| {
            for service in model.services.iter().filter(|s| s.is_main_js()) {
                w.line(format!(
                    "{}: {}Handlers;",
                    service.namespace(),
                    pascal_case(service.namespace())
                ));
            }
        });
    }

    let event_services: Vec<_> = model
        .services
        .iter()
        .filter(|s| s.is_main_js() && has_events(s))
        .collect();
    for service in &event_services {
        w.blank();
        w.doc(
            Some(&format!(
                "The events of the {} service, emitted from the main process: each takes the\n\
                 target (`\"all\"`, a WebContents or a WebFrameMain), then the event's arguments.",
                service.schema.name
            )),
            &[],
        );
        w.block(
            format!("export interface {}Events {{", service.pascal),
            "}",
            |w| {
                for channel in events_of(service) {
                    w.doc(channel.docs.as_deref(), &[]);
                    let mut params = vec!["target: IpcEventRecipient".to_owned()];
                    params.extend(
                        channel
                            .params
                            .iter()
                            .map(|p| format!("{}: {}", p.js_name, p.ty)),
                    );
                    w.line(format!("{}({}): void;", channel.js_name, params.join(", ")));
                }
            },
        );
    }
    w.blank();
    w.doc(
        Some("The emitters of `registerIpc(…).events`, one object per main-process service with events."),
        &[],
    );
    if event_services.is_empty() {
        w.line("export type IpcEvents = Record<string, never>;");
    } else {
        w.block("export interface IpcEvents {", "}", |w| {
            for service in &event_services {
                w.line(format!(
                    "readonly {}: {}Events;",
                    service.namespace(),
                    service.pascal
                ));
            }
        });
    }

    w.blank();
    w.doc(Some("Options of `registerIpc`."), &[]);
    w.block("export interface RegisterIpcOptions {", "}", |w| {
        w.lines(REGISTER_OPTIONS);
        if main_js {
            w.doc(
                Some("Implementations of the services that run in the main process."),
                &[],
            );
            w.line("handlers: IpcHandlers;");
        }
    });
    w.blank();
    w.lines(FUNCTION_DECLARATIONS);
    w.blank();
    w.doc(
        Some("Every channel of the schema, in the order of the services and their methods."),
        &[],
    );
    w.block("export declare const CHANNELS: readonly [", "];", |w| {
        for service in &model.services {
            for channel in service.channels() {
                w.line(format!(
                    "{{ readonly channel: {}; readonly kind: {}; readonly service: {}; readonly name: {} }},",
                    literal(&channel.channel),
                    literal(kind_name(channel.kind)),
                    literal(service.namespace()),
                    literal(&channel.js_name),
                ));
            }
        }
    });
    w.finish()
}

const BACKEND_DECLARATIONS: &str = r#"/** Who sent a message: the frame that passed the sender checks. Rust sees it as `ctx.sender()`. */
export interface IpcSender {
  /** `event.sender.id`. */
  webContentsId: number;
  /** `event.senderFrame.processId`. */
  processId: number;
  /** `event.senderFrame.routingId`. */
  frameId: number;
  /** `event.senderFrame.url`. */
  url: string;
  /** `event.senderFrame.origin`. */
  origin: string;
  /** `event.senderFrame.parent === null`. */
  isMainFrame: boolean;
}

/** Where an event emitted in Rust goes. */
export type IpcEventTarget =
  | { kind: "all" }
  | { kind: "webContents"; id: number }
  | { kind: "frame"; processId: number; frameId: number };

/**
 * The Rust side, as the Node-API addon built with ipc-runtime's `node` feature
 * implements it. Tests may pass a plain object.
 */
export interface IpcBackend {
  /** Handles one invoke or send. Returns the envelope's JSON text, or a promise of it. */
  call(channel: string, argsJson: string, sender: IpcSender): string | Promise<string>;
  /**
   * Checks the arguments of an event emitted from main-process JavaScript
   * against the Rust types, without sending it. Returns the envelope's JSON
   * text at once: `null`, or an error such as `ERR_BAD_ARGUMENTS`. Optional:
   * without it such events are only converted strictly.
   */
  checkEvent?(channel: string, argsJson: string): string;
  /** Connects the function that delivers events emitted in Rust. Optional. */
  setEventSink?(sink: ((channel: string, argsJson: string, target: IpcEventTarget) => void) | null): void;
}

/** What `onError` receives: a refused or failed message, on the main side. */
export interface IpcMainError extends Error {
  readonly name: "IpcError";
  readonly code: IpcErrorCode;
  /** The channel of the message. */
  readonly channel: string;
  /** Structured details, as in the error envelope. */
  readonly data?: unknown;
}

/** Where an event emitted from the main process goes: every window, one WebContents' main frame, or one frame. */
export type IpcEventRecipient = "all" | WebContents | WebFrameMain;

/** What `registerIpc` returns. */
export interface IpcRegistration {
  /** Removes everything the registration added. */
  (): void;
  /** The same function: removes everything the registration added. */
  readonly dispose: () => void;
  /**
   * Emitters of the events of the services implemented in the main process,
   * e.g. `events.counter.updateCounter("all", 1)`. Arguments are converted as
   * strictly as a call's; a wrong target or argument throws, and frames that
   * fail the sender checks receive nothing.
   */
  readonly events: IpcEvents;
}

/** webPreferences the generated preload relies on. */
export interface LockedWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInSubFrames: false;
  nodeIntegrationInWorker: false;
  webviewTag: false;
}"#;

const REGISTER_OPTIONS: &str = r#"/** The Rust side: the Node-API addon, or any object with `call`. */
backend: IpcBackend;
/**
 * Exact origins whose frames may call and receive events, e.g. `["app://main"]`
 * or `["http://localhost:5173"]` in development. Required.
 */
allowedOrigins: readonly string[];
/** Let subframes (iframes) of an allowed origin use IPC. Default: false. */
allowSubframes?: boolean;
/** Where to register: `ipcMain` (default) or one window's `webContents.ipc`. */
ipc?: IpcMain | WebContents["ipc"];
/** Called for refused messages, failed sends and backend failures. Default: `console.warn`. */
onError?: (error: IpcMainError, channel: string) => void;
/** Size limit of one call's arguments as JSON, in bytes. Default: 16 MiB. */
maxPayloadBytes?: number;"#;

const FUNCTION_DECLARATIONS: &str = r#"/**
 * Serves the schema's invoke and send channels and connects the backend's
 * events. Registering again on the same `ipc` replaces the previous
 * registration. Returns the registration: call it (or its `dispose`) to
 * remove everything it added; its `events` emit the main-process services' events.
 */
export declare function registerIpc(options: RegisterIpcOptions): IpcRegistration;

/**
 * webPreferences for a window that loads preload.js: context isolation and the
 * sandbox on, Node.js off everywhere. Throws if `preferences` weakens any of them.
 */
export declare function secureWebPreferences(
  preferences: Omit<WebPreferences, keyof LockedWebPreferences | "preload"> &
    Partial<LockedWebPreferences> & { preload: string },
): WebPreferences & LockedWebPreferences & { preload: string };"#;

/// The schema's types that the main-process services' handlers and events
/// mention, sorted by name, for `main.d.ts` to import.
fn types_used_in_main(model: &Model) -> Vec<&str> {
    let mut words = std::collections::BTreeSet::new();
    for service in model.services.iter().filter(|s| s.is_main_js()) {
        for channel in service.channels() {
            let types = channel
                .params
                .iter()
                .map(|p| p.ty.as_str())
                .chain(channel.returns.as_deref());
            for ty in types {
                words.extend(
                    ty.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
                        .filter(|w| !w.is_empty()),
                );
            }
        }
    }
    model
        .types
        .iter()
        .map(|t| t.name.as_str())
        .filter(|name| words.contains(name))
        .collect()
}
