//! TypeScript declarations of the renderer API: `ipc.d.ts`, and the
//! declarations of the module form.

use electron_ipc_schema::{names, ChannelKindSchema, ChannelSchema, Deprecation, ParamSchema};

use super::main_glue::{method_signature, type_of};
use super::{header, runtime};
use crate::model::{member_name, Model, Service};
use crate::pretty::{concat, group, if_break, indent, text, Doc};
use crate::typescript::{format_declaration, Type};
use crate::writer::{literal, sort_names, Brackets, Writer, LINE_WIDTH};

/// `ipc.d.ts`: the schema's types, typed errors, one interface per service
/// and the `window` properties.
pub(super) fn renderer(model: &Model<'_>) -> String {
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
            match format_declaration(declaration, LINE_WIDTH) {
                Some(formatted) => w.lines(&formatted),
                // A shape of its own (an override, an enum): as ts-rs wrote it.
                None if declaration.starts_with("export ") => w.lines(declaration),
                None => w.lines(&format!("export {declaration}")),
            }
        }
    }

    w.blank();
    w.lines(runtime::IPC_ERRORS);
    if model.has_states() {
        w.blank();
        w.lines(runtime::IPC_STATE);
    }
    if model.has_streams() {
        w.blank();
        w.lines(runtime::IPC_STREAM);
    }
    if model.has_relays() {
        w.blank();
        w.lines(runtime::IPC_RELAY);
    }

    for service in &model.services {
        w.blank();
        service_interface(&mut w, service);
    }

    w.blank();
    w.doc(Some("Every IPC channel of the app."), &[]);
    let mut channels: Vec<Type> = model
        .services
        .iter()
        .flat_map(|s| s.channels().iter().map(|c| Type::Atom(literal(&c.channel))))
        .collect();
    let channels = match channels.len() {
        0 => Type::Atom("never".to_owned()),
        1 => channels.remove(0),
        _ => Type::union(channels),
    };
    w.pretty(&concat([
        text("export type IpcChannel = "),
        channels.doc(),
        text(";"),
    ]));

    w.blank();
    w.block("declare global {", "}", |w| {
        w.block("interface Window {", "}", |w| {
            for service in &model.services {
                match &service.schema.capability {
                    Some(capability) => {
                        let about = format!(
                            "Requires the capability `{capability}`: absent from a window that main did not grant it."
                        );
                        let docs = match &service.schema.docs {
                            Some(docs) => format!("{docs}\n\n{about}"),
                            None => about,
                        };
                        w.doc(Some(&docs), &[]);
                        w.line(format!(
                            "readonly {}?: {};",
                            service.namespace(),
                            service.api_type()
                        ));
                    }
                    None => {
                        w.doc(service.schema.docs.as_deref(), &[]);
                        w.line(format!(
                            "readonly {}: {};",
                            service.namespace(),
                            service.api_type()
                        ));
                    }
                }
            }
        });
    });
    w.finish()
}

fn service_interface(w: &mut Writer, service: &Service<'_>) {
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
                method(w, service, channel, false);
                if channel.kind == ChannelKindSchema::Event {
                    w.blank();
                    method(w, service, channel, true);
                }
                if channel.kind == ChannelKindSchema::Relay {
                    w.blank();
                    relay_receiver(w, channel);
                }
            }
            if service.schema.has_events() {
                w.blank();
                w.doc(
                    Some(
                        "Drops every subscription to this service's events (those of `on…` and `once…`):\n\
                         no listener of it stays registered in the preload.",
                    ),
                    &[],
                );
                w.line(format!("{}(): void;", names::REMOVE_ALL_LISTENERS));
            }
        },
    );
}

/// One member of the service's interface; `once`: an event's one-delivery
/// form (`onceChanged`).
fn method(w: &mut Writer, service: &Service<'_>, channel: &ChannelSchema, once: bool) {
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
        ChannelKindSchema::SendSync => {
            let about = "Blocks the page until the main process answers (`ipcRenderer.sendSync`).\n\
                         Returns `{ ok: true, value }`, or `{ ok: false, error }` with the IpcError:\n\
                         it does not throw, as contextBridge would drop the error's `code` and `data`.";
            docs = Some(match docs {
                Some(docs) => format!("{docs}\n\n{about}"),
                None => about.to_owned(),
            });
        }
        ChannelKindSchema::Send => {}
        ChannelKindSchema::Stream => {
            let about = "Iterate it with `for await`: the stream opens at once, and main reads the\n\
                         Rust stream only as fast as the page takes its items. `break`, `return()` or\n\
                         the options' `signal` end it, and main drops the Rust stream.";
            docs = Some(match docs {
                Some(docs) => format!("{docs}\n\n{about}"),
                None => about.to_owned(),
            });
            if channel.error.is_some() {
                tags.push(format!(
                    "@throws {{{}}} `next()` rejects with it; `code: \"ERR_HANDLER\"` is the Rust `Err`, before the first item or in the middle.",
                    service.error_alias(channel)
                ));
            } else {
                tags.push("@throws {IpcError} `next()` rejects with it.".to_owned());
            }
        }
        ChannelKindSchema::Relay => {
            let about = format!(
                "The relay `{}`: `to(role, …)` sends it, through main, to the windows of a role.",
                channel.channel
            );
            docs = Some(match docs {
                Some(docs) => format!("{docs}\n\n{about}"),
                None => about,
            });
        }
        ChannelKindSchema::State => {
            let about = format!(
                "The state `{}`, kept by the main process: read it with `getSnapshot()`,\n\
                 follow it with `subscribe(listener)`.",
                channel.channel
            );
            docs = Some(match docs {
                Some(docs) => format!("{docs}\n\n{about}"),
                None => about,
            });
        }
        ChannelKindSchema::Event => {
            let about = if once {
                format!(
                    "Subscribes to the next `{}` only: the listener is called once, then unsubscribed.\n\
                     Returns a function that unsubscribes before that.",
                    channel.channel
                )
            } else {
                format!(
                    "Subscribes to `{}`. Returns a function that unsubscribes.",
                    channel.channel
                )
            };
            docs = Some(match docs {
                Some(docs) => format!("{docs}\n\n{about}"),
                None => about,
            });
        }
    }
    if let Some(param) = channel.incoming() {
        let about = format!(
            "`{}` is a stream the page sends: an async iterable, an iterable (an array) or a\n\
             `ReadableStream` of its items, read only as fast as the Rust method takes them.\n\
             The options' `signal` cancels it, and main drops the Rust method.",
            param_name(&param.js_name)
        );
        docs = Some(match docs {
            Some(docs) => format!("{docs}\n\n{about}"),
            None => about,
        });
    }
    if let Some(capability) = &channel.capability {
        let about = format!(
            "Requires the capability `{capability}`: absent from a window that main did not grant it."
        );
        docs = Some(match docs {
            Some(docs) => format!("{docs}\n\n{about}"),
            None => about,
        });
    }
    if let Some(deprecation) = &channel.deprecated {
        tags.push(deprecated_tag(deprecation));
    }
    w.doc(docs.as_deref(), &tags);

    let params = params(&channel.params);
    let mut member = if once {
        names::event_once_listener(&channel.js_name)
    } else {
        member_name(channel)
    };
    if channel.capability.is_some() {
        member.push('?');
    }
    let void = || Type::Atom("void".to_owned());
    match channel.kind {
        ChannelKindSchema::Invoke => {
            let returns = type_of(channel.returns.as_deref().unwrap_or("null"));
            let promise = Type::Generic("Promise".to_owned(), vec![returns]);
            let mut params = params;
            // A method that takes a stream from the page has no deadline: its options are a stream's.
            let options = if channel.incoming().is_some() {
                "IpcStreamOptions"
            } else {
                "IpcCallOptions"
            };
            params.push((
                format!("{}?", options_name(&params)),
                Type::Atom(options.to_owned()),
            ));
            w.pretty(&method_signature(&member, &params, &promise));
        }
        ChannelKindSchema::SendSync => {
            let mut result = vec![type_of(channel.returns.as_deref().unwrap_or("null"))];
            if let Some(error) = &channel.error {
                result.push(type_of(error));
            }
            let result = Type::Generic("IpcResult".to_owned(), result);
            w.pretty(&method_signature(&member, &params, &result));
        }
        ChannelKindSchema::Send => w.pretty(&method_signature(&member, &params, &void())),
        ChannelKindSchema::State => {
            let value = type_of(channel.returns.as_deref().unwrap_or("null"));
            let store = Type::Generic("IpcState".to_owned(), vec![value]);
            w.pretty(&concat([
                text(format!("readonly {member}: ")),
                store.doc(),
                text(";"),
            ]));
        }
        ChannelKindSchema::Relay => {
            // A labelled tuple, so editors show the payload's parameter names.
            let payload = Type::Tuple(
                channel
                    .params
                    .iter()
                    .map(|p| Type::Atom(format!("{}: {}", param_name(&p.js_name), p.ty)))
                    .collect(),
            );
            let relay = match &channel.returns {
                Some(answer) => {
                    Type::Generic("IpcRelayRequest".to_owned(), vec![payload, type_of(answer)])
                }
                None => Type::Generic("IpcRelay".to_owned(), vec![payload]),
            };
            w.pretty(&concat([
                text(format!("readonly {member}: ")),
                relay.doc(),
                text(";"),
            ]));
        }
        // The page's side of a stream is an async iterator of its items,
        // built in the page's world (docs/wire.md, "Streams").
        ChannelKindSchema::Stream => {
            let items = type_of(channel.returns.as_deref().unwrap_or("null"));
            let iterator = Type::Generic("AsyncIterableIterator".to_owned(), vec![items]);
            let mut params = params;
            params.push((
                format!("{}?", options_name(&params)),
                Type::Atom("IpcStreamOptions".to_owned()),
            ));
            w.pretty(&method_signature(&member, &params, &iterator));
        }
        ChannelKindSchema::Event => {
            // `(listener: (a: A) => void): () => void`: the listener's own
            // parameters form the group inside the method's.
            let listener = concat([
                text("listener: "),
                group(concat([parameters_of_listener(&params), text(" => void")])),
            ]);
            w.pretty(&concat([
                text(member),
                group(concat([
                    text("("),
                    indent(concat([Doc::SoftLine, listener])),
                    if_break(text(","), text("")),
                    Doc::SoftLine,
                    text("): () => void"),
                ])),
                text(";"),
            ]));
        }
    }
}

/// The receiving side of a relay: `onX(listener)` for a one-way relay,
/// `answerX(answerer)` for a request, each given the sender's role first.
fn relay_receiver(w: &mut Writer, channel: &ChannelSchema) {
    let mut params = vec![("from".to_owned(), Type::Atom("IpcRole".to_owned()))];
    params.extend(self::params(&channel.params));
    let (member, about, argument, returns) = match &channel.returns {
        Some(answer) => {
            let answer = type_of(answer);
            let promise = Type::Generic("Promise".to_owned(), vec![answer.clone()]);
            (
                names::relay_answerer(&channel.js_name),
                format!(
                    "Answers `{}` for this window: `answerer(from, …)` gets the sender's role and the\npayload, and returns the answer (or a promise of it). One answerer at a time.\nReturns a function that removes it.",
                    channel.channel
                ),
                "answerer",
                Type::union(vec![answer, promise]),
            )
        }
        None => (
            names::event_listener(&channel.js_name),
            format!(
                "Receives `{}` from other windows: `listener(from, …)` gets the sender's role and\nthe payload. Returns a function that unsubscribes.",
                channel.channel
            ),
            "listener",
            Type::Atom("void".to_owned()),
        ),
    };
    let mut docs = about;
    if let Some(capability) = &channel.capability {
        docs.push_str(&format!(
            "\n\nRequires the capability `{capability}`: absent from a window that main did not grant it."
        ));
    }
    w.doc(Some(&docs), &[]);
    let member = if channel.capability.is_some() {
        format!("{member}?")
    } else {
        member
    };
    let callback = concat([
        text(format!("{argument}: ")),
        group(concat([
            parameters_of_listener(&params),
            text(" => "),
            returns.doc(),
        ])),
    ]);
    w.pretty(&concat([
        text(member),
        group(concat([
            text("("),
            indent(concat([Doc::SoftLine, callback])),
            if_break(text(","), text("")),
            Doc::SoftLine,
            text("): () => void"),
        ])),
        text(";"),
    ]));
}

/// The name of an invoke's trailing options parameter: `options`, or with
/// underscores before it when a declared parameter has that name.
fn options_name(params: &[(String, Type)]) -> String {
    let mut name = "options".to_owned();
    while params.iter().any(|(param, _)| *param == name) {
        name.insert(0, '_');
    }
    name
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

/// The parameter list of an event's listener.
fn parameters_of_listener(params: &[(String, Type)]) -> Doc {
    super::main_glue::parameters(params)
}

/// `title: string, newTitle: string`, as names and types; a stream the
/// page sends (`incoming`) is what the page-realm adapter reads.
fn params(params: &[ParamSchema]) -> Vec<(String, Type)> {
    params
        .iter()
        .map(|p| {
            let ty = if p.incoming {
                incoming_type(&p.ty)
            } else {
                type_of(&p.ty)
            };
            (param_name(&p.js_name), ty)
        })
        .collect()
}

/// What the page may pass for a stream of `item`s it sends:
/// `AsyncIterable<T> | Iterable<T> | ReadableStream<T>`.
fn incoming_type(item: &str) -> Type {
    Type::union(
        ["AsyncIterable", "Iterable", "ReadableStream"]
            .into_iter()
            .map(|generic| Type::Generic(generic.to_owned(), vec![type_of(item)]))
            .collect(),
    )
}

/// A parameter name TypeScript accepts: reserved words get a trailing `_`.
pub(super) fn param_name(name: &str) -> String {
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

/// `ipc-api.d.cts`: the module form's functions.
pub(super) fn api_module(model: &Model<'_>) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "Declarations of ipc-api.cjs (and of ipc-api.mjs).",
    );
    w.blank();
    w.line(r#"import type { ContextBridge, IpcRenderer } from "electron";"#);
    if !model.services.is_empty() {
        let mut apis: Vec<String> = model.services.iter().map(Service::api_type).collect();
        sort_names(&mut apis);
        w.list(
            "import type ",
            &apis,
            Brackets::Braces,
            r#" from "./ipc.js";"#,
        );
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
        w.pretty(&method_signature(
            &format!("export declare function create{}Api", service.pascal),
            &[(
                "ipcRenderer".to_owned(),
                Type::Atom("IpcRenderer".to_owned()),
            )],
            &Type::Atom(service.api_type()),
        ));
    }
    w.blank();
    w.doc(
        Some(
            "Exposes every service on the page's `window` through contextBridge, each on its\n\
             own: one that cannot be exposed is logged and does not stop the others.",
        ),
        &[],
    );
    w.line("export declare function exposeIpc(contextBridge: ContextBridge, ipcRenderer: IpcRenderer): void;");
    w.finish()
}

/// `ipc-api.d.mts`: the ES module exports what the CommonJS one does.
pub(super) fn api_module_esm(model: &Model<'_>) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "Declarations of ipc-api.mjs, which re-exports ipc-api.cjs.",
    );
    w.blank();
    w.line(r#"export * from "./ipc-api.cjs";"#);
    w.finish()
}
