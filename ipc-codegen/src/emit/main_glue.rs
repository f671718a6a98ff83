//! The main-process glue: `main.js` / `main.mjs` and their declarations.

use ipc_runtime::schema::ChannelKindSchema;
use ipc_runtime::ErrorCode;

use super::{header, ModuleKind};
use crate::model::{pascal_case, Model};
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
  return callHandler(settings, handled, argsJson, sender);
}

/**
 * Runs a main-process handler with the strictly converted arguments and the
 * sender: what it returns or throws becomes the envelope. A thrown object's
 * `data` is the typed error of `ERR_HANDLER`.
 */
async function callHandler(settings, { service, name, params }, argsJson, sender) {
  const args = JSON.parse(argsJson);
  if (args.length !== params.length) {
    const message = `${service}.${name} expects ${params.length} argument(s) (${params.join(", ")}), got ${args.length}`;
    return failure("ERR_BAD_ARGUMENTS", message, { expected: params.length, received: args.length });
  }
  const implementation = settings.handlers[service];
  try {
    const value = await implementation[name](...args, sender);
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    const data = error !== null && typeof error === "object" && "data" in error ? error.data : undefined;
    return failure("ERR_HANDLER", messageOf(error), data);
  }
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
                    let params: Vec<String> =
                        channel.params.iter().map(|p| literal(&p.js_name)).collect();
                    w.line(format!(
                        "[{}, {{ service: {}, name: {}, params: [{}] }}],",
                        literal(&channel.channel),
                        literal(service.namespace()),
                        literal(&channel.js_name),
                        params.join(", ")
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
    w.line(r#"import type { IpcMain, WebContents, WebPreferences } from "electron";"#);
    let main_js = model.has_main_js();
    if main_js && !model.types.is_empty() {
        let names: Vec<&str> = model.types.iter().map(|t| t.name.as_str()).collect();
        w.line(format!(
            r#"import type {{ {} }} from "./ipc.js";"#,
            names.join(", ")
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
                     receives the strictly converted arguments, then the sender; what it returns\n\
                     resolves the call, and a thrown object's `data` is the typed error.\n\
                     Validate the arguments' shapes here: no Rust code checks them.",
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
 * registration. Returns a function that removes everything it added.
 */
export declare function registerIpc(options: RegisterIpcOptions): () => void;

/**
 * webPreferences for a window that loads preload.js: context isolation and the
 * sandbox on, Node.js off everywhere. Throws if `preferences` weakens any of them.
 */
export declare function secureWebPreferences(
  preferences: Omit<WebPreferences, keyof LockedWebPreferences | "preload"> &
    Partial<LockedWebPreferences> & { preload: string },
): WebPreferences & LockedWebPreferences & { preload: string };"#;
