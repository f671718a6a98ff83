//! The main-process glue: `main.cjs` / `main.mjs`, which hold the schema's
//! channel table and hand it to the runtime (`main-runtime.cjs`), and their
//! declarations.

use electron_ipc_schema::{ChannelKindSchema, ChannelSchema};

use super::{header, runtime, ModuleKind};
use crate::model::{Model, SchemaId, Service};
use crate::pretty::{concat, group, if_break, indent, join, text, Doc};
use crate::typescript::{parse_type, Member, Type};
use crate::writer::{literal, sort_names, Brackets, Writer};

/// What `main.cjs` and `main.mjs` export.
const EXPORTS: [&str; 3] = ["CHANNELS", "registerIpc", "secureWebPreferences"];

/// `main.cjs` (CommonJS) or `main.mjs` (ES module). `tables` is
/// [`tables`]'s text, which both hold.
pub(super) fn script(model: &Model<'_>, kind: ModuleKind, tables: &str) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "Main-process glue: serves exactly the schema's channels on ipcMain, checks the\n\
         sender of every message, converts arguments strictly to JSON for the Rust\n\
         backend and delivers its events. The work is done by main-runtime.cjs, from\n\
         the channel table below. Use it with\n\
         `registerIpc({ backend, allowedOrigins: [\"app://main\"] })`.",
    );
    w.blank();
    // A stream's port comes from a MessageChannelMain (docs/wire.md, "Streams").
    let mut electron: Vec<String> = ["ipcMain", "webContents", "webFrameMain"]
        .map(str::to_owned)
        .to_vec();
    if model.has_streams() {
        electron.push("MessageChannelMain".to_owned());
        sort_names(&mut electron);
    }
    let runtime = ["createMainIpc", "secureWebPreferences"].map(str::to_owned);
    match kind {
        ModuleKind::CommonJs => {
            w.line(r#""use strict";"#);
            w.blank();
            w.list(
                "const ",
                &electron,
                Brackets::Braces,
                r#" = require("electron");"#,
            );
            w.list(
                "const ",
                &runtime,
                Brackets::Braces,
                r#" = require("./main-runtime.cjs");"#,
            );
        }
        ModuleKind::Esm => {
            w.list(
                "import ",
                &electron,
                Brackets::Braces,
                r#" from "electron";"#,
            );
            w.list(
                "import ",
                &runtime,
                Brackets::Braces,
                r#" from "./main-runtime.cjs";"#,
            );
        }
    }
    w.blank();
    w.append(tables);
    w.blank();
    let exports = EXPORTS.map(str::to_owned);
    match kind {
        ModuleKind::CommonJs => w.list("module.exports = ", &exports, Brackets::Braces, ";"),
        ModuleKind::Esm => w.list("export ", &exports, Brackets::Braces, ";"),
    }
    w.finish()
}

/// What both module forms of the main glue hold word for word: the
/// schemas, the channel table and the call that serves it.
pub(super) fn tables(model: &Model<'_>) -> String {
    let mut w = Writer::new();
    let schemas_doc = if model.schemas.iter().any(|id| id.bigint) {
        "The schemas this folder was generated from, with the namespaces of their services:\n\
         `registerIpc` checks that the backend was built from the same ones. With\n\
         `int64: \"bigint\"`, their 64-bit integers cross as BigInt both ways."
    } else {
        "The schemas this folder was generated from, with the namespaces of their services:\n\
         `registerIpc` checks that the backend was built from the same ones."
    };
    w.doc(Some(schemas_doc), &[]);
    let schemas = model.schemas.iter().map(schema_entry);
    w.pretty(&concat([
        text("const schemas = "),
        bracketed("[", "]", schemas.collect()),
        text(";"),
    ]));
    w.blank();
    let mut about = String::from(
        "Every channel of the schema, in the order of the services and their methods.\n\
         The channels of a service implemented in main-process JavaScript say so with\n\
         `implementation: \"main-js\"`: `options.handlers` answers its calls, and\n\
         `registerIpc(…).events` emits its events, with the arguments `params` names.",
    );
    if let Some(surface) = capability_surface(model) {
        about.push_str("\n\n");
        about.push_str(&surface);
    }
    w.doc(Some(&about), &[]);
    let channels: Vec<Doc> = model
        .services
        .iter()
        .flat_map(|service| service.channels().iter().map(move |c| entry(service, c)))
        .collect();
    if channels.is_empty() {
        w.line("const channels = [];");
    } else {
        w.block("const channels = [", "];", |w| {
            for entry in channels {
                w.pretty(&concat([entry, text(",")]));
            }
        });
    }
    w.blank();
    if model.has_streams() {
        w.block(
            "const { CHANNELS, registerIpc } = createMainIpc(",
            ");",
            |w| {
                w.line("{ schemas, channels },");
                w.line("{ ipcMain, MessageChannelMain, webContents, webFrameMain },");
            },
        );
    } else {
        w.line(
            "const { CHANNELS, registerIpc } = createMainIpc({ schemas, channels }, { ipcMain, webContents, webFrameMain });",
        );
    }
    w.finish()
}

/// The surface per capability, for the reviewer of the channel table (whose
/// entries name them as `capabilities`); `None` without capabilities.
fn capability_surface(model: &Model<'_>) -> Option<String> {
    let capabilities = model.capabilities();
    if capabilities.is_empty() {
        return None;
    }
    let mut doc = String::from(
        "A channel that lists `capabilities` answers only the main frame of a window\n\
         granted all of them (`registerIpc(…).grant(win, [...], { origin })`), and its\n\
         events reach only such frames. The channels of each capability:",
    );
    for (capability, channels) in &capabilities {
        doc.push_str(&format!("\n- {capability}: {}", channels.join(", ")));
    }
    Some(doc)
}

/// One entry of the channel table: an object literal on one line when it
/// fits, else a property a line (a string too long for its line after its
/// key, as Biome writes it).
/// `[a, b]` on one line when it fits, else one item a line, as biome writes it.
pub(super) fn bracketed(open: &str, close: &str, items: Vec<Doc>) -> Doc {
    if items.is_empty() {
        return text(format!("{open}{close}"));
    }
    group(concat([
        text(open.to_owned()),
        indent(concat([
            Doc::SoftLine,
            join(concat([text(","), Doc::Line]), items),
        ])),
        if_break(text(","), text("")),
        Doc::SoftLine,
        text(close.to_owned()),
    ]))
}

/// `{ app, hash, namespaces }` of one schema, for the handshake, with
/// `int64: "bigint"` when it picks that policy (absent for the default, so
/// the glue of other schemas stays as it was).
fn schema_entry(id: &SchemaId) -> Doc {
    let namespaces = id.namespaces.iter().map(|n| text(literal(n))).collect();
    let mut fields = vec![
        text(format!("app: {}", literal(&id.app))),
        text(format!("hash: {}", literal(&id.hash))),
        concat([text("namespaces: "), bracketed("[", "]", namespaces)]),
    ];
    if id.bigint {
        fields.push(text(format!("int64: {}", literal("bigint"))));
    }
    group(concat([
        text("{"),
        indent(concat([
            Doc::Line,
            join(concat([text(","), Doc::Line]), fields),
        ])),
        if_break(text(","), text("")),
        Doc::Line,
        text("}"),
    ]))
}

fn entry(service: &Service<'_>, channel: &ChannelSchema) -> Doc {
    // `key` with its colon: a text the doc borrows, not a copy per entry.
    let string = |key: &'static str, value: &str| {
        group(concat([
            text(key),
            indent(concat([Doc::Line, text(literal(value))])),
        ]))
    };
    let mut properties = vec![
        string("channel:", &channel.channel),
        string("kind:", wire_kind(channel)),
        string("service:", service.namespace()),
        string("name:", &channel.js_name),
    ];
    if service.is_main_js() {
        if channel.kind == ChannelKindSchema::Event {
            let params = channel.params.iter().map(|p| text(literal(&p.js_name)));
            properties.push(concat([
                text("params: "),
                group(concat([
                    text("["),
                    indent(concat([
                        Doc::SoftLine,
                        join(concat([text(","), Doc::Line]), params),
                    ])),
                    if_break(text(","), text("")),
                    Doc::SoftLine,
                    text("]"),
                ])),
            ]));
        }
        properties.push(string("implementation:", "main-js"));
    }
    // A relay that waits for the receiving window's answer.
    if channel.kind == ChannelKindSchema::Relay && channel.returns.is_some() {
        properties.push(text("request: true"));
    }
    let required = service.schema.required_capabilities(channel);
    if !required.is_empty() {
        let names = required.iter().map(|c| text(literal(c))).collect();
        properties.push(concat([text("capabilities: "), bracketed("[", "]", names)]));
    }
    group(concat([
        text("{"),
        indent(concat([
            Doc::Line,
            join(concat([text(","), Doc::Line]), properties),
        ])),
        if_break(text(","), text("")),
        Doc::Line,
        text("}"),
    ]))
}

fn events_of<'s>(service: &'s Service<'_>) -> impl Iterator<Item = &'s ChannelSchema> {
    service
        .channels()
        .iter()
        .filter(|c| c.kind == ChannelKindSchema::Event)
}

fn has_events(service: &Service<'_>) -> bool {
    events_of(service).next().is_some()
}

/// The kind of a channel in the main glue's table: a method that takes a
/// stream from the page is served as a stream, on its port (the runtime's
/// `serveIncoming`), whether it answers once or streams back.
fn wire_kind(channel: &ChannelSchema) -> &'static str {
    if channel.incoming().is_some() {
        "stream"
    } else {
        kind_name(channel.kind)
    }
}

fn kind_name(kind: ChannelKindSchema) -> &'static str {
    match kind {
        ChannelKindSchema::Invoke => "invoke",
        ChannelKindSchema::Send => "send",
        ChannelKindSchema::Event => "event",
        ChannelKindSchema::SendSync => "sendSync",
        ChannelKindSchema::State => "state",
        ChannelKindSchema::Stream => "stream",
        ChannelKindSchema::Relay => "relay",
    }
}

/// `main-runtime.cjs`: the runtime, as written in `ipc-codegen/runtime/`.
pub(super) fn runtime_script(model: &Model<'_>) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "The main-process runtime that main.cjs and main.mjs call: the same file in every\n\
         folder ipc-codegen writes, regenerated with them.",
    );
    w.blank();
    w.lines(runtime::MAIN_RUNTIME);
    w.finish()
}

/// `main-runtime.d.cts`: the declarations of the runtime.
pub(super) fn runtime_declarations(model: &Model<'_>) -> String {
    let mut w = Writer::new();
    header(&mut w, model, "Declarations of main-runtime.cjs.");
    w.blank();
    w.lines(runtime::MAIN_RUNTIME_DECLARATIONS);
    w.finish()
}

/// What `main.d.cts` takes from `main-runtime.d.cts` and exports again.
const RUNTIME_TYPES: [&str; 10] = [
    "IpcBackend",
    "IpcErrorCode",
    "IpcEventRecipient",
    "IpcEventTarget",
    "IpcMainError",
    "IpcOptions",
    "IpcSender",
    "IpcSenderValues",
    "IpcTraceRecord",
    "LockedWebPreferences",
];

/// `main.d.mts`: the ES module exports what the CommonJS one does.
pub(super) fn esm_declarations(model: &Model<'_>) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "Declarations of main.mjs, which exports the same as main.cjs.",
    );
    w.blank();
    w.line(r#"export * from "./main.cjs";"#);
    w.finish()
}

/// `main.d.cts`, typed against Electron's own declarations through the
/// runtime's.
pub(super) fn declarations(model: &Model<'_>) -> String {
    let mut w = Writer::new();
    header(&mut w, model, "Declarations of main.cjs (and of main.mjs).");
    w.blank();
    let main_js = model.has_main_js();
    let event_services: Vec<&Service<'_>> = model
        .services
        .iter()
        .filter(|s| s.is_main_js() && has_events(s))
        .collect();
    let mut imported = vec!["IpcOptions".to_owned(), "IpcRegistrationOf".to_owned()];
    if main_js {
        imported.push("IpcSender".to_owned());
    }
    if !event_services.is_empty() {
        imported.push("IpcEventRecipient".to_owned());
    }
    sort_names(&mut imported);
    let mut used: Vec<String> = types_used_in_main(model)
        .into_iter()
        .map(str::to_owned)
        .collect();
    sort_names(&mut used);
    if !used.is_empty() {
        w.list(
            "import type ",
            &used,
            Brackets::Braces,
            r#" from "./ipc.js";"#,
        );
    }
    w.list(
        "import type ",
        &imported,
        Brackets::Braces,
        r#" from "./main-runtime.cjs";"#,
    );
    w.blank();
    let reexported = RUNTIME_TYPES.map(str::to_owned);
    w.list(
        "export type ",
        &reexported,
        Brackets::Braces,
        r#" from "./main-runtime.cjs";"#,
    );
    w.line(r#"export { secureWebPreferences } from "./main-runtime.cjs";"#);

    for service in model.services.iter().filter(|s| s.is_main_js()) {
        let bigint = model
            .schemas
            .iter()
            .any(|id| id.bigint && id.namespaces.iter().any(|ns| ns == service.namespace()));
        // Under `bigint` Rust hands over and checks the values (docs/wire.md,
        // "Services implemented in main-process JavaScript").
        let doc = if bigint {
            format!(
                "The {} service (`window.{}`), implemented in the main process. Each method\n\
                 runs once the backend has decoded the arguments with their Rust types, and\n\
                 receives the values Rust decoded (64-bit integers as BigInts, bytes as\n\
                 Uint8Arrays), then the sender. What it returns (or resolves to) is checked\n\
                 against the Rust type and is the call's value (`ERR_BAD_RESPONSE` when the type\n\
                 refuses it); a thrown object with `data` is the typed error (`ERR_HANDLER`),\n\
                 checked likewise; anything else thrown reaches the page as `ERR_PANIC`.",
                service.schema.name,
                service.namespace()
            )
        } else {
            format!(
                "The {} service (`window.{}`), implemented in the main process. Each method\n\
                 runs once the backend has decoded the arguments with their Rust types, and\n\
                 receives them as JSON values (bytes as the page's Uint8Arrays), then the\n\
                 sender. What it returns (or resolves to) is the call's value (a Buffer\n\
                 reaches the page as a Uint8Array); a thrown object with `data` is the typed error\n\
                 (`ERR_HANDLER`); anything else thrown reaches the page as `ERR_PANIC`.",
                service.schema.name,
                service.namespace()
            )
        };
        let streams = service
            .channels()
            .iter()
            .any(|c| c.kind == ChannelKindSchema::Stream);
        let doc = if streams {
            format!(
                "{doc}\n\
                 A stream method returns an iterable of its items (async or not, or a promise\n\
                 of one), pulled only while the page reads; each item is checked against the\n\
                 Rust type (`ERR_BAD_RESPONSE` ends the stream), and so is a typed error's\n\
                 `data`. Its `signal` aborts, and the iterator's `return()` runs, when the\n\
                 stream ends early."
            )
        } else {
            doc
        };
        w.blank();
        w.doc(Some(&doc), &[]);
        w.block(
            format!("export interface {}Handlers {{", service.pascal),
            "}",
            |w| {
                for channel in service.channels() {
                    let mut params = params_of(channel);
                    params.push(("sender".to_owned(), Type::Atom("IpcSender".to_owned())));
                    let returns = match channel.kind {
                        ChannelKindSchema::Invoke => {
                            let value = type_of(channel.returns.as_deref().unwrap_or("null"));
                            let promise = Type::Generic("Promise".to_owned(), vec![value.clone()]);
                            Type::union(vec![value, promise])
                        }
                        ChannelKindSchema::Send => Type::union(vec![
                            Type::Atom("void".to_owned()),
                            Type::Generic(
                                "Promise".to_owned(),
                                vec![Type::Atom("void".to_owned())],
                            ),
                        ]),
                        // Never a promise: the page is blocked until it answers.
                        ChannelKindSchema::SendSync => {
                            type_of(channel.returns.as_deref().unwrap_or("null"))
                        }
                        // The items of a stream: an iterable, or a promise of
                        // one; its signal aborts when the stream ends early.
                        ChannelKindSchema::Stream => {
                            params
                                .push(("signal".to_owned(), Type::Atom("AbortSignal".to_owned())));
                            let items = type_of(channel.returns.as_deref().unwrap_or("null"));
                            let iterable = Type::union(vec![
                                Type::Generic("AsyncIterable".to_owned(), vec![items.clone()]),
                                Type::Generic("Iterable".to_owned(), vec![items]),
                            ]);
                            let promise =
                                Type::Generic("Promise".to_owned(), vec![iterable.clone()]);
                            Type::union(vec![iterable, promise])
                        }
                        // A relay has no handler: main routes it between windows.
                        ChannelKindSchema::Event
                        | ChannelKindSchema::State
                        | ChannelKindSchema::Relay => continue,
                    };
                    w.pretty(&method_signature(&channel.js_name, &params, &returns));
                }
            },
        );
    }
    if main_js {
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
                    service.pascal
                ));
            }
        });
    }

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
                    let mut params = vec![(
                        "target".to_owned(),
                        Type::Atom("IpcEventRecipient".to_owned()),
                    )];
                    params.extend(params_of(channel));
                    w.pretty(&method_signature(
                        &channel.js_name,
                        &params,
                        &Type::Atom("void".to_owned()),
                    ));
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
    let capabilities = model.capabilities();
    if capabilities.is_empty() {
        w.doc(Some("What `registerIpc` returns."), &[]);
        w.line("export type IpcRegistration = IpcRegistrationOf<IpcEvents>;");
    } else {
        w.doc(
            Some("The capabilities the schema's channels require, which `registerIpc(…).grant` gives a window."),
            &[],
        );
        let names: Vec<String> = capabilities.keys().map(|c| literal(c)).collect();
        w.line(format!(
            "export type IpcCapability = {};",
            names.join(" | ")
        ));
        w.blank();
        w.doc(Some("What `registerIpc` returns."), &[]);
        w.line("export type IpcRegistration = IpcRegistrationOf<IpcEvents, IpcCapability>;");
    }

    w.blank();
    w.doc(Some("Options of `registerIpc`."), &[]);
    if main_js {
        w.block(
            "export interface RegisterIpcOptions extends IpcOptions {",
            "}",
            |w| {
                w.doc(
                    Some("Implementations of the services that run in the main process."),
                    &[],
                );
                w.line("handlers: IpcHandlers;");
            },
        );
    } else {
        w.line("export type RegisterIpcOptions = IpcOptions;");
    }
    w.blank();
    w.doc(
        Some(
            "Serves the schema's invoke and send channels and connects the backend's\n\
             events. Registering again on the same `ipc` replaces the previous\n\
             registration. Returns the registration: call it (or its `dispose`) to\n\
             remove everything it added; its `events` emit the main-process services' events.",
        ),
        &[],
    );
    w.line("export declare function registerIpc(options: RegisterIpcOptions): IpcRegistration;");
    w.blank();
    w.doc(
        Some("Every channel of the schema, in the order of the services and their methods."),
        &[],
    );
    let entries: Vec<Type> = model
        .services
        .iter()
        .flat_map(|service| {
            service.channels().iter().map(move |channel| {
                let field = |key: &str, value: &str| Member {
                    docs: Vec::new(),
                    readonly: true,
                    key: key.to_owned(),
                    optional: false,
                    ty: Type::Atom(literal(value)),
                };
                Type::inline_object(vec![
                    field("channel", &channel.channel),
                    field("kind", wire_kind(channel)),
                    field("service", service.namespace()),
                    field("name", &channel.js_name),
                ])
            })
        })
        .collect();
    w.pretty(&concat([
        text("export declare const CHANNELS: readonly "),
        Type::Tuple(entries).doc(),
        text(";"),
    ]));
    w.finish()
}

/// A parameter list's names and types.
fn params_of(channel: &ChannelSchema) -> Vec<(String, Type)> {
    channel
        .params
        .iter()
        .map(|p| (super::dts::param_name(&p.js_name), type_of(&p.ty)))
        .collect()
}

/// A type of the schema, laid out when it can be read, else as written.
pub(super) fn type_of(source: &str) -> Type {
    parse_type(source).unwrap_or_else(|| Type::Atom(source.to_owned()))
}

/// `name(a: A, b: B): R;`. Too long, its parameters go on lines of their
/// own first (the return type follows the closing parenthesis), as Biome
/// lays out a method signature.
pub(super) fn method_signature(name: &str, params: &[(String, Type)], returns: &Type) -> Doc {
    concat([text(name.to_owned()), signature(params, returns), text(";")])
}

/// `(a: A, b: B): R`, one group: see `method_signature`.
fn signature(params: &[(String, Type)], returns: &Type) -> Doc {
    let parameters = parameters(params);
    if hugs_parameter(params) {
        return concat([parameters, text(": "), returns.doc()]);
    }
    group(concat([parameters, text(": "), returns.doc()]))
}

/// A sole parameter of an object type keeps its parentheses around it.
fn hugs_parameter(params: &[(String, Type)]) -> bool {
    matches!(params, [(_, Type::Object { .. } | Type::Mapped { .. })])
}

/// `(a: A, b: B)`, breaking with the group around it.
pub(super) fn parameters(params: &[(String, Type)]) -> Doc {
    let printed = params
        .iter()
        .map(|(name, ty)| concat([text(format!("{name}: ")), ty.doc()]));
    if hugs_parameter(params) {
        return concat([text("("), join(text(", "), printed), text(")")]);
    }
    if params.is_empty() {
        return text("()");
    }
    concat([
        text("("),
        indent(concat([
            Doc::SoftLine,
            join(concat([text(","), Doc::Line]), printed),
        ])),
        if_break(text(","), text("")),
        Doc::SoftLine,
        text(")"),
    ])
}

/// The schema's types that the main-process services' handlers and events
/// mention, sorted by name, for `main.d.cts` to import.
fn types_used_in_main<'m>(model: &'m Model<'_>) -> Vec<&'m str> {
    let mut words = std::collections::BTreeSet::new();
    for service in model.services.iter().filter(|s| s.is_main_js()) {
        // A state's value is set through `registration.states`, typed
        // loosely: main.d.cts does not name its type.
        let declared = service
            .channels()
            .iter()
            .filter(|c| c.kind != ChannelKindSchema::State);
        for channel in declared {
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
