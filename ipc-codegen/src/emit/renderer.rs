//! The renderer side: the sandbox-safe preload, and the same API as CommonJS
//! and ES modules for apps that bundle their own preload.

use electron_ipc_schema::{names, ChannelKindSchema, ChannelSchema};

use super::{header, runtime};
use crate::model::{member_name, Model, Service};
use crate::pretty::{concat, group, if_break, indent, join, text, Doc};
use crate::writer::{literal, sort_names, Brackets, Writer};

/// `preload.js`: self-contained, requires only `electron`. `body` is
/// [`body`]'s text, which `ipc-api.cjs` holds too.
pub(super) fn preload(model: &Model<'_>, body: &str) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "Preload script: exposes each IPC service on `window` through contextBridge,\n\
         one function per channel and nothing else (no ipcRenderer, no generic invoke).\n\
         It requires only \"electron\", so it runs in a sandboxed renderer.\n\
         Load it with `webPreferences: secureWebPreferences({ preload })` from main.cjs.",
    );
    w.blank();
    w.line(r#""use strict";"#);
    w.blank();
    w.line(r#"const { contextBridge, ipcRenderer } = require("electron");"#);
    w.blank();
    w.append(body);
    w.blank();
    w.line("exposeIpc(contextBridge, ipcRenderer);");
    w.finish()
}

/// `ipc-api.cjs`: the preload's API without the exposing, for a preload
/// that a bundler builds. `body` is [`body`]'s text.
pub(super) fn api_module(model: &Model<'_>, body: &str) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "The IPC API of the preload as a module, for apps that bundle their own preload:\n\
         call `exposeIpc(contextBridge, ipcRenderer)` there, or build one service's API\n\
         with its `create…Api(ipcRenderer)`. Never expose ipcRenderer itself.",
    );
    w.blank();
    w.line(r#""use strict";"#);
    w.blank();
    w.append(body);
    w.blank();
    w.list(
        "module.exports = ",
        &api_exports(model),
        Brackets::Braces,
        ";",
    );
    w.finish()
}

/// `ipc-api.mjs`: the same module for `import`, re-exported from
/// `ipc-api.cjs` (Node and the bundlers read a CommonJS module's named
/// exports from its `module.exports = { … }`).
pub(super) fn api_module_esm(model: &Model<'_>) -> String {
    let mut w = Writer::new();
    header(
        &mut w,
        model,
        "The IPC API of the preload as an ES module: what ipc-api.cjs exports.",
    );
    w.blank();
    let mut names = api_exports(model);
    sort_names(&mut names);
    w.list(
        "export ",
        &names,
        Brackets::Braces,
        r#" from "./ipc-api.cjs";"#,
    );
    w.finish()
}

/// What the module form exports.
fn api_exports(model: &Model<'_>) -> Vec<String> {
    let mut names: Vec<String> = model
        .services
        .iter()
        .map(|service| format!("create{}Api", service.pascal))
        .collect();
    names.push("exposeIpc".to_owned());
    if !model.capabilities().is_empty() {
        names.push("grantsOf".to_owned());
    }
    names
}

/// Each service's factory ([`service_factory`]), written once for the
/// files that hold it (the preload's body, the mocks).
pub(super) fn factories(model: &Model<'_>) -> Vec<String> {
    model
        .services
        .iter()
        .map(|service| {
            let mut w = Writer::new();
            service_factory(&mut w, service);
            w.finish()
        })
        .collect()
}

/// Helpers, one factory per service, and `exposeIpc`: the text
/// `preload.js` and `ipc-api.cjs` share. `factories` is [`factories`]'s.
pub(super) fn body(model: &Model<'_>, factories: &[String]) -> String {
    let mut w = Writer::new();
    body_into(&mut w, model, factories);
    w.finish()
}

fn body_into(w: &mut Writer, model: &Model<'_>, factories: &[String]) {
    w.lines(&runtime::renderer_helpers(model.has_incoming()));
    if model.has_states() {
        w.blank();
        w.lines(runtime::renderer_state_helpers());
    }
    if model.has_streams() {
        w.blank();
        w.lines(runtime::renderer_stream_helpers());
    }
    let capabilities = !model.capabilities().is_empty();
    if capabilities {
        w.blank();
        w.lines(runtime::grants_helpers());
    }
    if model.has_relays() {
        w.blank();
        w.lines(runtime::relay_helpers());
    }
    for (service, factory) in model.services.iter().zip(factories) {
        w.blank();
        w.append(factory);
        w.blank();
        service_members(w, service);
    }
    w.blank();
    w.doc(
        Some(
            "The schemas this preload was generated from: it tells the main glue once, as it\n\
             loads (the handshake of docs/wire.md).",
        ),
        &[],
    );
    let schemas = model.schemas.iter().map(|id| {
        group(concat([
            text("{"),
            indent(concat([
                Doc::Line,
                text(format!("app: {},", literal(&id.app))),
                Doc::Line,
                text(format!("hash: {}", literal(&id.hash))),
            ])),
            if_break(text(","), text("")),
            Doc::Line,
            text("}"),
        ]))
    });
    w.pretty(&concat([
        text("const schemas = "),
        super::main_glue::bracketed("[", "]", schemas.collect()),
        text(";"),
    ]));
    w.blank();
    let about = if capabilities {
        "Exposes every service on the page's `window` through contextBridge, each on its\n\
         own: one that cannot be exposed is logged and does not stop the others. A service\n\
         or method that requires a capability is exposed only when main granted it to this\n\
         window (`grantsOf`); main refuses its calls from any other window either way. First\n\
         tells the main glue which schemas this preload was generated from."
    } else {
        "Exposes every service on the page's `window` through contextBridge, each on its\n\
         own: one that cannot be exposed is logged and does not stop the others. First\n\
         tells the main glue which schemas this preload was generated from."
    };
    w.doc(Some(about), &[]);
    w.block(
        "function exposeIpc(contextBridge, ipcRenderer) {",
        "}",
        |w| {
            w.line("// The handshake (docs/wire.md): main learns which schemas this preload was generated from.");
            w.line(r#"ipcRenderer.send("ipc:handshake", schemas);"#);
            if capabilities {
                w.line("const granted = grantsOf(ipcRenderer);");
            }
            for service in &model.services {
                let factory = if has_method_capabilities(service) {
                    format!("create{}Api(ipcRenderer, granted)", service.pascal)
                } else {
                    format!("create{}Api(ipcRenderer)", service.pascal)
                };
                let args = vec![
                    "contextBridge".to_owned(),
                    literal(service.namespace()),
                    factory,
                    members_name(service),
                ];
                let expose = concat([call("exposeService", &args), text(";")]);
                match &service.schema.capability {
                    Some(capability) => w.block(
                        format!("if (granted.has({})) {{", literal(capability)),
                        "}",
                        |w| w.pretty(&expose),
                    ),
                    None => w.pretty(&expose),
                }
            }
        },
    );
}

/// Whether a method of the service requires a capability of its own: its
/// factory then takes the window's grants.
fn has_method_capabilities(service: &Service<'_>) -> bool {
    service.channels().iter().any(|c| c.capability.is_some())
}

/// `callee(a, b)`, its arguments one a line when it is too long.
fn call(callee: &str, args: &[String]) -> Doc {
    group(concat([
        text(format!("{callee}(")),
        indent(concat([
            Doc::SoftLine,
            join(
                concat([text(","), Doc::Line]),
                args.iter().map(|a| text(a.clone())),
            ),
        ])),
        if_break(text(","), text("")),
        Doc::SoftLine,
        text(")"),
    ]))
}

/// `member: (…) => call(…),`: when too long, the call moves to the next
/// line, and its arguments to lines of their own if it still does not fit.
fn arrow_member(member: &str, params: &str, body: Doc) -> Doc {
    concat([
        group(concat([
            text([member, ": (", params, ") =>"].concat()),
            group(indent(concat([Doc::Line, body]))),
        ])),
        text(","),
    ])
}

pub(super) fn service_factory(w: &mut Writer, service: &Service<'_>) {
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
    let has_events = service.schema.has_events();
    let mut used: Vec<&str> = ["invoke", "sendSync", "send", "subscribe"]
        .into_iter()
        .filter(|helper| {
            // A method that takes a stream from the page opens with connectStreams' `send`.
            service
                .channels()
                .iter()
                .any(|c| c.incoming().is_none() && helper_of(c.kind) == *helper)
        })
        .collect();
    if has_events {
        used.push("unsubscribeAll");
    }
    let gated = has_method_capabilities(service);
    let signature = if gated {
        format!(
            "function create{}Api(ipcRenderer, granted) {{",
            service.pascal
        )
    } else {
        format!("function create{}Api(ipcRenderer) {{", service.pascal)
    };
    let has_states = service
        .channels()
        .iter()
        .any(|c| c.kind == ChannelKindSchema::State);
    w.block(signature, "}", |w| {
        if !used.is_empty() {
            w.line(format!(
                "const {{ {} }} = connect(ipcRenderer);",
                used.join(", ")
            ));
        }
        if has_states {
            w.line("const { state } = connectStates(ipcRenderer);");
        }
        if service.has_streams() {
            // `send` opens a method that takes a stream from the page; `stream`, one that only answers one.
            let mut helpers = Vec::new();
            if service.has_incoming() {
                helpers.push("send");
            }
            if service
                .channels()
                .iter()
                .any(|c| c.kind == ChannelKindSchema::Stream && c.incoming().is_none())
            {
                helpers.push("stream");
            }
            w.line(format!(
                "const {{ {} }} = connectStreams(ipcRenderer);",
                helpers.join(", ")
            ));
        }
        let relays: Vec<&str> = ["relay", "listen", "answering"]
            .into_iter()
            .filter(|helper| {
                service
                    .channels()
                    .iter()
                    .any(|c| relay_helpers_of(c).contains(helper))
            })
            .collect();
        if !relays.is_empty() {
            w.line(format!(
                "const {{ {} }} = connectRelays(ipcRenderer);",
                relays.join(", ")
            ));
        }
        if !gated {
            w.block("return Object.freeze({", "});", |w| {
                members(w, service, service.channels().iter(), true);
            });
            return;
        }
        let open = service.channels().iter().filter(|c| c.capability.is_none());
        w.block("const api = {", "};", |w| members(w, service, open, true));
        // One `if` per capability, in the order the methods first name them.
        let mut order: Vec<&str> = Vec::new();
        for capability in service
            .channels()
            .iter()
            .filter_map(|c| c.capability.as_deref())
        {
            if !order.contains(&capability) {
                order.push(capability);
            }
        }
        for capability in order {
            let gated = service
                .channels()
                .iter()
                .filter(|c| c.capability.as_deref() == Some(capability));
            w.block(
                format!("if (granted.has({})) {{", literal(capability)),
                "}",
                |w| members(w, service, gated, false),
            );
        }
        w.line("return Object.freeze(api);");
    });
}

/// The members of `channels`, as properties of an object literal
/// (`literal`), or as assignments to `api`; `removeAllListeners` goes with
/// the literal.
fn members<'a>(
    w: &mut Writer,
    service: &Service<'_>,
    channels: impl Iterator<Item = &'a ChannelSchema>,
    literal_form: bool,
) {
    let put = |w: &mut Writer, member: &str, params: &str, body: Doc| {
        if literal_form {
            w.pretty(&arrow_member(member, params, body));
        } else {
            w.pretty(&arrow_assignment(member, params, body));
        }
    };
    let has_events = service.schema.has_events();
    for channel in channels {
        let member = member_name(channel);
        let method = literal(&format!("{}.{member}", service.namespace()));
        let wire = literal(&channel.channel);
        if channel.kind == ChannelKindSchema::State {
            let value = call("state", &[wire, method]);
            if literal_form {
                w.pretty(&concat([text(format!("{member}: ")), value, text(",")]));
            } else {
                w.pretty(&concat([
                    text(format!("api.{member} = ")),
                    value,
                    text(";"),
                ]));
            }
        } else if channel.kind == ChannelKindSchema::Relay {
            relay_members(w, service, channel, literal_form);
        } else if channel.kind == ChannelKindSchema::Event {
            let args = [wire.clone(), method, "listener".to_owned()];
            put(w, &member, "listener", call("subscribe", &args));
            let once = names::event_once_listener(&channel.js_name);
            let method = literal(&format!("{}.{once}", service.namespace()));
            let args = [wire, method, "listener".to_owned(), "true".to_owned()];
            put(w, &once, "listener", call("subscribe", &args));
        } else if channel.incoming().is_some() {
            // The page-realm adapter keeps the page's stream and passes the other arguments.
            let params: Vec<String> = channel
                .params
                .iter()
                .filter(|p| !p.incoming)
                .map(|p| literal(&p.js_name))
                .collect();
            let args = [
                wire,
                method,
                format!("[{}]", params.join(", ")),
                "args".to_owned(),
            ];
            put(w, &member, "...args", call("send", &args));
        } else {
            let params: Vec<String> = channel.params.iter().map(|p| literal(&p.js_name)).collect();
            let args = [
                wire,
                method,
                format!("[{}]", params.join(", ")),
                "args".to_owned(),
            ];
            put(w, &member, "...args", call(helper_of(channel.kind), &args));
        }
    }
    if has_events && literal_form {
        w.pretty(&arrow_member(
            names::REMOVE_ALL_LISTENERS,
            "",
            call("unsubscribeAll", &[]),
        ));
    }
}

/// The helpers of `connectRelays` a channel uses: a relay's sender, and
/// its receiver (`listen` for a one-way relay, `answering` for a request).
fn relay_helpers_of(channel: &ChannelSchema) -> &'static [&'static str] {
    match (channel.kind, channel.returns.is_some()) {
        (ChannelKindSchema::Relay, false) => &["relay", "listen"],
        (ChannelKindSchema::Relay, true) => &["relay", "answering"],
        _ => &[],
    }
}

/// A relay's two members: `x: relay(…)` (its `{ to }`), and `onX` (one-way)
/// or `answerX` (a request).
fn relay_members(
    w: &mut Writer,
    service: &Service<'_>,
    channel: &ChannelSchema,
    literal_form: bool,
) {
    let put = |w: &mut Writer, member: &str, value: Doc| {
        if literal_form {
            w.pretty(&concat([text(format!("{member}: ")), value, text(",")]));
        } else {
            w.pretty(&concat([
                text(format!("api.{member} = ")),
                value,
                text(";"),
            ]));
        }
    };
    let wire = literal(&channel.channel);
    let label = |member: &str| literal(&format!("{}.{member}", service.namespace()));
    let request = channel.returns.is_some();
    let params: Vec<String> = channel.params.iter().map(|p| literal(&p.js_name)).collect();
    let args = [
        wire.clone(),
        label(&channel.js_name),
        format!("[{}]", params.join(", ")),
        request.to_string(),
    ];
    put(w, &channel.js_name, call("relay", &args));
    if request {
        let member = names::relay_answerer(&channel.js_name);
        put(w, &member, call("answering", &[wire, label(&member)]));
    } else {
        let member = names::event_listener(&channel.js_name);
        let args = [wire, label(&member), "listener".to_owned()];
        if literal_form {
            w.pretty(&arrow_member(&member, "listener", call("listen", &args)));
        } else {
            w.pretty(&arrow_assignment(
                &member,
                "listener",
                call("listen", &args),
            ));
        }
    }
}

/// `api.member = (…) => call(…);`, broken like `arrow_member`.
fn arrow_assignment(member: &str, params: &str, body: Doc) -> Doc {
    concat([
        group(concat([
            text(format!("api.{member} = ({params}) =>")),
            group(indent(concat([Doc::Line, body]))),
        ])),
        text(";"),
    ])
}

/// The name of a service's member descriptors: `todosMembers`.
fn members_name(service: &Service<'_>) -> String {
    let mut name = service.pascal.clone();
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    format!("{name}Members")
}

/// What each member of the service's API is, as plain data for the
/// page-realm adapter (`installPageApi`): its kind, and for a call its
/// number of declared arguments.
fn service_members(w: &mut Writer, service: &Service<'_>) {
    w.doc(
        Some(&format!(
            "What each member of `window.{}` is, for the page-realm adapter.",
            service.namespace()
        )),
        &[],
    );
    w.block(
        format!("const {} = Object.freeze({{", members_name(service)),
        "});",
        |w| {
            for channel in service.channels() {
                let member = member_name(channel);
                // `capability`: the member is absent unless main granted it.
                let capability = match &channel.capability {
                    Some(capability) => format!(", capability: {}", literal(capability)),
                    None => String::new(),
                };
                if let Some(index) = channel.params.iter().position(|p| p.incoming) {
                    // `index`: where the page's stream is among the `arity` declared arguments;
                    // `answer`: "once" (a promise) or "stream" (both ways: an async iterator).
                    let label = literal(&format!("{}.{member}", service.namespace()));
                    let answer = if channel.kind == ChannelKindSchema::Stream {
                        "stream"
                    } else {
                        "once"
                    };
                    w.line(format!(
                        r#"{member}: {{ kind: "incoming", arity: {}, index: {index}, label: {label}, answer: "{answer}"{capability} }},"#,
                        channel.params.len()
                    ));
                } else if channel.kind == ChannelKindSchema::Stream {
                    // `label` names the method in the page's errors, e.g. `logs.tail`.
                    let label = literal(&format!("{}.{member}", service.namespace()));
                    w.line(format!(
                        r#"{member}: {{ kind: "stream", arity: {}, label: {label}{capability} }},"#,
                        channel.params.len()
                    ));
                } else if channel.kind == ChannelKindSchema::State {
                    // `label` names the store in its errors, e.g. `todos.todosState`.
                    let label = literal(&format!("{}.{member}", service.namespace()));
                    w.line(format!(
                        r#"{member}: {{ kind: "state", label: {label}{capability} }},"#
                    ));
                } else if channel.kind == ChannelKindSchema::Relay {
                    let js_name = &channel.js_name;
                    w.line(format!(r#"{js_name}: {{ kind: "relay"{capability} }},"#));
                    if channel.returns.is_some() {
                        let answer = names::relay_answerer(js_name);
                        w.line(format!(r#"{answer}: {{ kind: "answer"{capability} }},"#));
                    } else {
                        let on = names::event_listener(js_name);
                        w.line(format!(r#"{on}: {{ kind: "event"{capability} }},"#));
                    }
                } else if channel.kind == ChannelKindSchema::Event {
                    let once = names::event_once_listener(&channel.js_name);
                    w.line(format!(r#"{member}: {{ kind: "event"{capability} }},"#));
                    w.line(format!(r#"{once}: {{ kind: "event"{capability} }},"#));
                } else {
                    w.line(format!(
                        "{member}: {{ kind: {}, arity: {}{capability} }},",
                        literal(member_kind(channel.kind)),
                        channel.params.len()
                    ));
                }
            }
            if service.schema.has_events() {
                w.line(format!(
                    r#"{}: {{ kind: "event" }},"#,
                    names::REMOVE_ALL_LISTENERS
                ));
            }
        },
    );
}

/// The `kind` of a member in its descriptor.
fn member_kind(kind: ChannelKindSchema) -> &'static str {
    match kind {
        ChannelKindSchema::Invoke => "invoke",
        ChannelKindSchema::Send => "send",
        ChannelKindSchema::Event => "event",
        ChannelKindSchema::SendSync => "sync",
        ChannelKindSchema::State => "state",
        ChannelKindSchema::Stream => "stream",
        ChannelKindSchema::Relay => "relay",
    }
}

fn helper_of(kind: ChannelKindSchema) -> &'static str {
    match kind {
        ChannelKindSchema::Invoke => "invoke",
        ChannelKindSchema::Send => "send",
        ChannelKindSchema::Event => "subscribe",
        ChannelKindSchema::SendSync => "sendSync",
        ChannelKindSchema::State => "state",
        ChannelKindSchema::Stream => "stream",
        ChannelKindSchema::Relay => "relay",
    }
}
