//! TypeScript declarations of the renderer API: `ipc.d.ts`, and the
//! declarations of the module form.

use electron_ipc_schema::ErrorCode;
use electron_ipc_schema::{ChannelKindSchema, ChannelSchema, Deprecation, ParamSchema};

use super::header;
use crate::model::{member_name, Model, Service};
use crate::writer::{literal, Writer};

/// `ipc.d.ts`: the schema's types, typed errors, one interface per service
/// and the `window` properties.
pub(super) fn renderer(model: &Model) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "TypeScript declarations of the IPC API that preload.js exposes on `window`.",
    );

    if !model.types.is_empty() {
        w.blank();
        w.line("// Types of the Rust side, as ts-rs declares them.");
        for decl in &model.types {
            w.blank();
            w.doc(decl.docs.as_deref(), &[]);
            let declaration = decl.declaration.trim();
            if declaration.starts_with("export ") {
                w.lines(declaration);
            } else {
                w.lines(&format!("export {declaration}"));
            }
        }
    }

    w.blank();
    errors(&mut w);

    for service in &model.services {
        w.blank();
        service_interface(&mut w, service);
    }

    w.blank();
    w.doc(Some("Every IPC channel of the app."), &[]);
    let channels: Vec<String> = model
        .services
        .iter()
        .flat_map(|s| s.channels().iter().map(|c| literal(&c.channel)))
        .collect();
    if channels.is_empty() {
        w.line("export type IpcChannel = never;");
    } else {
        w.line("export type IpcChannel =");
        union_members(&mut w, &channels);
    }

    w.blank();
    w.block("declare global {", "}", |w| {
        w.block("interface Window {", "}", |w| {
            for service in &model.services {
                w.doc(service.schema.docs.as_deref(), &[]);
                w.line(format!(
                    "readonly {}: {};",
                    service.namespace(),
                    service.api_type()
                ));
            }
        });
    });
    w.finish()
}

/// `| "a"` lines, the last one closing the type.
fn union_members(w: &mut Writer, members: &[String]) {
    for (i, member) in members.iter().enumerate() {
        let end = if i + 1 == members.len() { ";" } else { "" };
        w.line(format!("  | {member}{end}"));
    }
}

/// `IpcErrorCode`, `IpcErrorBase`, `IpcError<E>`: every code of the wire
/// contract, with the `data` each one documents.
fn errors(w: &mut Writer) {
    w.line("// Errors: an IPC call rejects with a plain object, discriminated by `code`.");
    w.blank();
    w.doc(Some("Every code an IPC call can fail with."), &[]);
    w.line("export type IpcErrorCode =");
    let codes: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|code| literal(code.as_str()))
        .collect();
    union_members(w, &codes);
    w.blank();
    w.doc(
        Some("`data` of `ERR_BAD_ARGUMENTS`: which argument was wrong, and where inside it."),
        &[],
    );
    w.lines(
        r#"export interface IpcBadArgumentsData {
  /** Zero-based position of the offending argument. */
  readonly index?: number;
  /** Declared name of the offending argument. */
  readonly argument?: string;
  /** Path to the offending value inside the argument, e.g. `items[2].title`; `.` for the argument itself. */
  readonly path?: string;
  /** Number of arguments the method takes (wrong argument count only). */
  readonly expected?: number;
  /** Number of arguments it was given (wrong argument count only). */
  readonly received?: number;
}"#,
    );
    w.blank();
    w.doc(
        Some("What every IPC error carries. It is a plain object, not an `Error`."),
        &[],
    );
    w.lines(
        r#"export interface IpcErrorBase<C extends IpcErrorCode> {
  readonly name: "IpcError";
  readonly code: C;
  /** A human-readable explanation. Never parse it: use `code` and `data`. */
  readonly message: string;
  /** The channel of the failed call, e.g. `"todos:add"`. */
  readonly channel: string;
}"#,
    );
    w.blank();
    w.doc(
        Some(
            "The reason an IPC call rejects with. Narrow it by `code`; `ERR_HANDLER`\n\
             carries `E`, the method's typed error (the Rust `Err` value).",
        ),
        &[],
    );
    w.line("export type IpcError<E = never> =");
    let members: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|&code| {
            let base = format!("IpcErrorBase<{}>", literal(code.as_str()));
            match error_data(code) {
                Some(data) => format!("({base} & {{ readonly data: {data} }})"),
                None => base,
            }
        })
        .collect();
    union_members(w, &members);
}

/// The TypeScript type of `data` for a code, `None` when it has none.
fn error_data(code: ErrorCode) -> Option<&'static str> {
    match code {
        ErrorCode::UnknownChannel => Some("{ readonly channel: string }"),
        ErrorCode::BadArguments => Some("IpcBadArgumentsData"),
        ErrorCode::Handler => Some("E"),
        ErrorCode::Forbidden => Some("{ readonly reason: string }"),
        ErrorCode::PayloadTooLarge => Some("{ readonly limit: number; readonly size: number }"),
        ErrorCode::Timeout => Some("{ readonly timeoutMs: number }"),
        ErrorCode::Panic | ErrorCode::BadResponse | ErrorCode::Transport => None,
        _ => Some("unknown"),
    }
}

fn service_interface(w: &mut Writer, service: &Service) {
    for channel in service.channels() {
        if let Some(error) = &channel.error {
            w.doc(
                Some(&format!(
                    "How `{}.{}` fails: with `code: \"ERR_HANDLER\"`, `data` is a `{error}`.",
                    service.namespace(),
                    channel.js_name
                )),
                &[],
            );
            w.line(format!(
                "export type {} = IpcError<{error}>;",
                service.error_alias(channel)
            ));
            w.blank();
        }
    }
    let about = format!("The API of `window.{}`.", service.namespace());
    let docs = match &service.schema.docs {
        Some(docs) => format!("{docs}\n\n{about}"),
        None => about,
    };
    w.doc(Some(&docs), &[]);
    w.block(
        format!("export interface {} {{", service.api_type()),
        "}",
        |w| {
            for (i, channel) in service.channels().iter().enumerate() {
                if i > 0 {
                    w.blank();
                }
                method(w, service, channel);
            }
        },
    );
}

fn method(w: &mut Writer, service: &Service, channel: &ChannelSchema) {
    let mut tags = Vec::new();
    let mut docs = channel.docs.clone();
    match channel.kind {
        ChannelKindSchema::Invoke => {
            if channel.error.is_some() {
                tags.push(format!(
                    "@throws {{{}}} The promise rejects with it; `code: \"ERR_HANDLER\"` is the Rust `Err`.",
                    service.error_alias(channel)
                ));
            } else {
                tags.push("@throws {IpcError} The promise rejects with it.".to_owned());
            }
        }
        ChannelKindSchema::Send => {}
        ChannelKindSchema::Event => {
            let about = format!(
                "Subscribes to `{}`. Returns a function that unsubscribes.",
                channel.channel
            );
            docs = Some(match docs {
                Some(docs) => format!("{docs}\n\n{about}"),
                None => about,
            });
        }
    }
    if let Some(deprecation) = &channel.deprecated {
        tags.push(deprecated_tag(deprecation));
    }
    w.doc(docs.as_deref(), &tags);

    let params = params(&channel.params);
    let member = member_name(channel);
    match channel.kind {
        ChannelKindSchema::Invoke => {
            let returns = channel.returns.as_deref().unwrap_or("null");
            w.line(format!("{member}({params}): Promise<{returns}>;"));
        }
        ChannelKindSchema::Send => w.line(format!("{member}({params}): void;")),
        ChannelKindSchema::Event => {
            w.line(format!(
                "{member}(listener: ({params}) => void): () => void;"
            ));
        }
    }
}

fn deprecated_tag(deprecation: &Deprecation) -> String {
    let mut tag = "@deprecated".to_owned();
    if let Some(note) = &deprecation.note {
        tag.push(' ');
        tag.push_str(note);
    }
    if let Some(since) = &deprecation.since {
        tag.push_str(&format!(" (since {since})"));
    }
    tag
}

/// `title: string, newTitle: string`.
fn params(params: &[ParamSchema]) -> String {
    params
        .iter()
        .map(|p| format!("{}: {}", param_name(&p.js_name), p.ty))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A parameter name TypeScript accepts: reserved words get a trailing `_`.
fn param_name(name: &str) -> String {
    const RESERVED: &[&str] = &[
        "arguments",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "eval",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "implements",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "null",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
    ];
    if RESERVED.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

/// `ipc-api.d.cts` / `ipc-api.d.mts`: the module form's functions.
pub(super) fn api_module(model: &Model) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "Declarations of ipc-api.cjs and ipc-api.mjs.",
    );
    w.blank();
    w.line(r#"import type { ContextBridge, IpcRenderer } from "electron";"#);
    if !model.services.is_empty() {
        let apis: Vec<String> = model.services.iter().map(Service::api_type).collect();
        w.line(format!(
            r#"import type {{ {} }} from "./ipc.js";"#,
            apis.join(", ")
        ));
    }
    for service in &model.services {
        w.blank();
        w.doc(
            Some(&format!(
                "Builds the API that preload.js exposes as `window.{}`, over `ipcRenderer`.",
                service.namespace()
            )),
            &[],
        );
        w.line(format!(
            "export declare function create{}Api(ipcRenderer: IpcRenderer): {};",
            service.pascal,
            service.api_type()
        ));
    }
    w.blank();
    w.doc(
        Some("Exposes every service on the page's `window` through contextBridge."),
        &[],
    );
    w.line("export declare function exposeIpc(contextBridge: ContextBridge, ipcRenderer: IpcRenderer): void;");
    w.finish()
}
