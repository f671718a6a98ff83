//! The typed mock for renderer tests: `ipc-mock.mjs` and `ipc-mock.cjs`
//! (the same body, self-contained so that a browser can load the ES module
//! as is) and their declarations.

use electron_ipc_schema::{ChannelKindSchema, ChannelSchema};

use super::dts::param_name;
use super::main_glue::{parameters, type_of};
use super::{header, runtime, ModuleKind};
use crate::model::{member_name, Model, Service};
use crate::pretty::{concat, group, text};
use crate::typescript::Type;
use crate::writer::{literal, push_literal, sort_names, Brackets, Writer};

/// What both module forms export.
const EXPORTS: &[&str] = &["fail", "failWith", "installIpcMock"];

/// `ipc-mock.mjs` or `ipc-mock.cjs`. `body` is [`body`]'s text, which
/// both hold.
pub(super) fn script(model: &Model<'_>, kind: ModuleKind, body: &str) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "A mock of the IPC API for renderer tests (node:test, vitest or jest with jsdom, or a\n\
         browser): `installIpcMock(window, handlers)` puts a fake `window.<namespace>` on the\n\
         page. The page calls the same functions preload.js exposes; only the main process\n\
         is replaced, by the test's handlers. Types: ipc-mock.d.cts.",
    );
    w.blank();
    if kind == ModuleKind::CommonJs {
        w.line(r#""use strict";"#);
        w.blank();
    }
    w.append(body);
    w.blank();
    w.doc(
        Some(
            "Installs the mock on `target` (the page's `window`) with the given handlers,\n\
             `{ namespace: { method: handler } }`, and returns its controls.",
        ),
        &[],
    );
    let export = match kind {
        ModuleKind::Esm => "export ",
        ModuleKind::CommonJs => "",
    };
    w.block(
        format!("{export}function installIpcMock(target = globalThis, handlers = {{}}) {{"),
        "}",
        |w| w.line("return installMock(SERVICES, target, handlers);"),
    );
    w.blank();
    let exports: Vec<String> = EXPORTS.iter().map(|&name| name.to_owned()).collect();
    match kind {
        ModuleKind::Esm => {
            let others: Vec<String> = exports
                .into_iter()
                .filter(|name| name != "installIpcMock")
                .collect();
            w.list("export ", &others, Brackets::Braces, ";");
        }
        ModuleKind::CommonJs => w.list("module.exports = ", &exports, Brackets::Braces, ";"),
    }
    w.finish()
}

/// What both module forms of the mock hold word for word: the helpers, one
/// factory per service (`factories`, from `renderer::factories`), the
/// mock's runtime and `SERVICES`.
pub(super) fn body(model: &Model<'_>, factories: &[String]) -> String {
    let mut w = Writer::new();
    w.lines(&runtime::renderer_helpers(model.has_incoming()));
    if model.has_states() {
        w.blank();
        w.lines(runtime::renderer_state_helpers());
        w.blank();
        w.lines(&runtime::page_state_store());
    }
    if model.has_streams() {
        w.blank();
        w.lines(runtime::renderer_stream_helpers());
    }
    if model.has_relays() {
        w.blank();
        w.lines(runtime::relay_helpers());
    }
    for factory in factories {
        w.blank();
        w.append(factory);
    }
    w.blank();
    w.lines(runtime::mock_helpers());
    w.blank();
    w.doc(
        Some("The services of the schema, as the mock builds them."),
        &[],
    );
    w.block("const SERVICES = [", "];", |w| {
        for service in &model.services {
            w.block("{", "},", |w| {
                w.line(format!("namespace: {},", literal(service.namespace())));
                w.line(format!("create: create{}Api,", service.pascal));
                if has_states(service) {
                    w.line("store: createStateStore,");
                }
                channels(w, service.channels());
            });
        }
    });
    w.finish()
}

/// `channels: [ … ],`, laid out as Biome lays out an array of objects: one
/// object on the line of the brackets when it fits, otherwise one a line.
fn channels(w: &mut Writer, channels: &[ChannelSchema]) {
    match channels {
        [] => w.line("channels: [],"),
        [only] if w.fits(&format!("channels: [{}],", channel_fields(only))) => {
            w.line(format!("channels: [{}],", channel_fields(only)));
        }
        _ => w.block("channels: [", "],", |w| {
            for channel in channels {
                channel_entry(w, channel);
            }
        }),
    }
}

/// `{ name: "add", member: "add", channel: "todos:add", kind: "invoke", params: ["title"] }`
fn channel_fields(channel: &ChannelSchema) -> String {
    format!("{{ {} }}", channel_field_list(channel).join(", "))
}

/// `{ name: "add", member: "add", channel: "todos:add", kind: "invoke", params: ["title"] },`
fn channel_entry(w: &mut Writer, channel: &ChannelSchema) {
    let mut one_line = channel_fields(channel);
    one_line.push(',');
    if w.fits(&one_line) {
        w.line(one_line);
    } else {
        w.block("{", "},", |w| {
            for field in &channel_field_list(channel) {
                let line = format!("{field},");
                match field.split_once(": ") {
                    // A value too long for the line goes on the next one, as Biome puts it.
                    Some((key, value)) if !w.fits(&line) => {
                        w.line(format!("{key}:"));
                        w.line(format!("  {value},"));
                    }
                    _ => w.line(line),
                }
            }
        });
    }
}

fn channel_field_list(channel: &ChannelSchema) -> Vec<String> {
    let kind = match channel.kind {
        ChannelKindSchema::Invoke => "invoke",
        ChannelKindSchema::Send => "send",
        ChannelKindSchema::Event => "event",
        ChannelKindSchema::SendSync => "sendSync",
        ChannelKindSchema::State => "state",
        ChannelKindSchema::Stream => "stream",
        // The mock's own table tells a request from a one-way relay.
        ChannelKindSchema::Relay if channel.returns.is_some() => "relayRequest",
        ChannelKindSchema::Relay => "relay",
    };
    // Each field written straight into its string: 10,000 channels make
    // 50,000 of them.
    let field = |key: &str, value: &str| {
        let mut field = String::with_capacity(key.len() + value.len() + 4);
        field.push_str(key);
        field.push_str(": ");
        push_literal(&mut field, value);
        field
    };
    let mut params = String::from("params: [");
    for (i, param) in channel.params.iter().enumerate() {
        if i > 0 {
            params.push_str(", ");
        }
        push_literal(&mut params, &param.js_name);
    }
    params.push(']');
    let mut fields = vec![
        field("name", &channel.js_name),
        field("member", &member_name(channel)),
        field("channel", &channel.channel),
        field("kind", kind),
        params,
    ];
    // The index of the stream the page sends, which the handler reads as an async iterable.
    if let Some(index) = channel.params.iter().position(|p| p.incoming) {
        fields.push(format!("incoming: {index}"));
    }
    fields
}

/// `ipc-mock.d.cts`: the handlers and events of each service, typed by the
/// schema, and the fixed declarations.
pub(super) fn declarations(model: &Model<'_>) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "Declarations of ipc-mock.cjs (and of ipc-mock.mjs): handlers typed by the Rust\n\
         signatures, so a handler that answers the wrong type, fails with another\n\
         method's error or names no method of the service does not compile.",
    );
    w.blank();
    let mut imported: Vec<String> = types_used(model).into_iter().map(str::to_owned).collect();
    imported.push("IpcChannel".to_owned());
    imported.push("IpcErrorCode".to_owned());
    if model.has_relays() {
        imported.push("IpcRole".to_owned());
    }
    sort_names(&mut imported);
    w.list(
        "import type ",
        &imported,
        Brackets::Braces,
        r#" from "./ipc.js";"#,
    );
    w.blank();
    w.lines(runtime::mock_declarations());
    for service in &model.services {
        w.blank();
        service_declarations(&mut w, service);
    }
    w.blank();
    w.doc(
        Some("The handlers `installIpcMock` starts with, by namespace."),
        &[],
    );
    if model.services.is_empty() {
        w.line("export type IpcMockHandlers = Record<never, never>;");
    } else {
        w.block("export interface IpcMockHandlers {", "}", |w| {
            for service in &model.services {
                w.line(format!(
                    "readonly {}?: {}MockHandlers;",
                    service.namespace(),
                    service.pascal
                ));
            }
        });
    }
    w.blank();
    w.doc(
        Some(
            "What `installIpcMock` returns: the controls of each service, and the record of calls.",
        ),
        &[],
    );
    w.block("export interface IpcMock extends IpcMockBase {", "}", |w| {
        for service in &model.services {
            let mut parameters = vec![
                Type::Atom(format!("{}MockHandlers", service.pascal)),
                Type::Atom(format!("{}MockEvents", service.pascal)),
            ];
            if has_states(service) {
                parameters.push(Type::Atom(format!("{}MockStates", service.pascal)));
            }
            let controls = Type::Generic("IpcMockService".to_owned(), parameters);
            w.pretty(&concat([
                text(format!("readonly {}: ", service.namespace())),
                controls.doc(),
                text(";"),
            ]));
        }
    });
    w.blank();
    w.doc(
        Some(
            "Installs a mock of every service on `target` (the page's `window`; default\n\
             `globalThis`). Throws when one of its properties already exists.",
        ),
        &[],
    );
    w.line("export declare function installIpcMock(target?: object, handlers?: IpcMockHandlers): IpcMock;");
    w.finish()
}

fn service_declarations(w: &mut Writer, service: &Service<'_>) {
    let handled: Vec<&ChannelSchema> = service
        .channels()
        .iter()
        .filter(|c| !matches!(c.kind, ChannelKindSchema::Event | ChannelKindSchema::State))
        .collect();
    // One-way relays are emitted like events, from the role of another window.
    let events: Vec<&ChannelSchema> = service
        .channels()
        .iter()
        .filter(|c| {
            c.kind == ChannelKindSchema::Event
                || (c.kind == ChannelKindSchema::Relay && c.returns.is_none())
        })
        .collect();
    w.doc(
        Some(&format!(
            "Mock handlers of `window.{}`: one per invoke and send method, each optional.",
            service.namespace()
        )),
        &[],
    );
    let handlers = format!("{}MockHandlers", service.pascal);
    if handled.is_empty() {
        w.line(format!("export type {handlers} = Record<never, never>;"));
    } else {
        w.block(format!("export interface {handlers} {{"), "}", |w| {
            for channel in handled {
                let mut params = params_of(channel);
                // A relay's handler plays the windows of the role the page addressed.
                if channel.kind == ChannelKindSchema::Relay {
                    params.insert(0, ("role".to_owned(), Type::Atom("IpcRole".to_owned())));
                }
                // A relay request's handler answers in place of the window asked.
                let answers = match channel.kind {
                    ChannelKindSchema::Invoke | ChannelKindSchema::SendSync => true,
                    ChannelKindSchema::Relay => channel.returns.is_some(),
                    _ => false,
                };
                let returns = if answers {
                    Type::Generic(
                        "IpcMockReply".to_owned(),
                        vec![
                            type_of(channel.returns.as_deref().unwrap_or("null")),
                            type_of(channel.error.as_deref().unwrap_or("never")),
                        ],
                    )
                } else if channel.kind == ChannelKindSchema::Stream {
                    Type::Generic(
                        "IpcMockStream".to_owned(),
                        vec![
                            type_of(channel.returns.as_deref().unwrap_or("null")),
                            type_of(channel.error.as_deref().unwrap_or("never")),
                        ],
                    )
                } else {
                    Type::Atom("void".to_owned())
                };
                w.pretty(&group(concat([
                    text(format!("{}?: ", channel.js_name)),
                    parameters(&params),
                    text(" => "),
                    returns.doc(),
                    text(";"),
                ])));
            }
        });
    }
    w.blank();
    w.doc(
        Some(&format!(
            "The events of `window.{}` a test can emit, as the listeners the page gives.",
            service.namespace()
        )),
        &[],
    );
    let name = format!("{}MockEvents", service.pascal);
    if events.is_empty() {
        w.line(format!("export type {name} = Record<never, never>;"));
    } else {
        w.block(format!("export interface {name} {{"), "}", |w| {
            for channel in events {
                let mut params = params_of(channel);
                if channel.kind == ChannelKindSchema::Relay {
                    params.insert(0, ("from".to_owned(), Type::Atom("IpcRole".to_owned())));
                }
                w.pretty(&group(concat([
                    text(format!("{}: ", channel.js_name)),
                    parameters(&params),
                    text(" => void;"),
                ])));
            }
        });
    }
    if has_states(service) {
        state_declarations(w, service);
    }
}

fn has_states(service: &Service<'_>) -> bool {
    service
        .channels()
        .iter()
        .any(|c| c.kind == ChannelKindSchema::State)
}

/// `TodosMockStates`: the value of each state a test can set.
fn state_declarations(w: &mut Writer, service: &Service<'_>) {
    w.blank();
    w.doc(
        Some(&format!(
            "The states of `window.{}` a test can set, with their value types.",
            service.namespace()
        )),
        &[],
    );
    w.block(
        format!("export interface {}MockStates {{", service.pascal),
        "}",
        |w| {
            for channel in service
                .channels()
                .iter()
                .filter(|c| c.kind == ChannelKindSchema::State)
            {
                let value = type_of(channel.returns.as_deref().unwrap_or("null"));
                w.pretty(&concat([
                    text(format!("{}: ", channel.js_name)),
                    value.doc(),
                    text(";"),
                ]));
            }
        },
    );
}

/// A handler's parameters: a stream the page sends arrives as an async
/// iterable of its items.
fn params_of(channel: &ChannelSchema) -> Vec<(String, Type)> {
    channel
        .params
        .iter()
        .map(|p| {
            let ty = if p.incoming {
                Type::Generic("AsyncIterable".to_owned(), vec![type_of(&p.ty)])
            } else {
                type_of(&p.ty)
            };
            (param_name(&p.js_name), ty)
        })
        .collect()
}

/// The schema's types that the mock's declarations name.
fn types_used<'m>(model: &'m Model<'_>) -> Vec<&'m str> {
    let mut words = std::collections::BTreeSet::new();
    for service in &model.services {
        for channel in service.channels() {
            let types = channel
                .params
                .iter()
                .map(|p| p.ty.as_str())
                .chain(channel.returns.as_deref())
                .chain(channel.error.as_deref());
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

/// `ipc-mock.d.mts`: the ES module exports what the CommonJS one does.
pub(super) fn esm_declarations(model: &Model<'_>) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "Declarations of ipc-mock.mjs, which exports the same as ipc-mock.cjs.",
    );
    w.blank();
    w.line(r#"export * from "./ipc-mock.cjs";"#);
    w.finish()
}
