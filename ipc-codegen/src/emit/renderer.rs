//! The renderer side: the sandbox-safe preload, and the same API as CommonJS
//! and ES modules for apps that bundle their own preload.

use electron_ipc_schema::{names, ChannelKindSchema};

use super::{header, runtime};
use crate::model::{member_name, Model, Service};
use crate::pretty::{concat, group, if_break, indent, join, text, Doc};
use crate::writer::{literal, sort_names, Brackets, Writer};

/// `preload.js`: self-contained, requires only `electron`.
pub(super) fn preload(model: &Model) -> String {
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
    body(&mut w, model);
    w.blank();
    w.line("exposeIpc(contextBridge, ipcRenderer);");
    w.finish()
}

/// `ipc-api.cjs`: the preload's API without the exposing, for a preload
/// that a bundler builds.
pub(super) fn api_module(model: &Model) -> String {
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
    body(&mut w, model);
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
pub(super) fn api_module_esm(model: &Model) -> String {
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
fn api_exports(model: &Model) -> Vec<String> {
    let mut names: Vec<String> = model
        .services
        .iter()
        .map(|service| format!("create{}Api", service.pascal))
        .collect();
    names.push("exposeIpc".to_owned());
    names
}

/// Helpers, one factory per service, and `exposeIpc`.
fn body(w: &mut Writer, model: &Model) {
    w.lines(runtime::renderer_helpers());
    for service in &model.services {
        w.blank();
        service_factory(w, service);
        w.blank();
        service_members(w, service);
    }
    w.blank();
    w.doc(
        Some(
            "Exposes every service on the page's `window` through contextBridge, each on its\n\
             own: one that cannot be exposed is logged and does not stop the others. First\n\
             tells the main glue which schemas this preload was generated from.",
        ),
        &[],
    );
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
    w.block(
        "function exposeIpc(contextBridge, ipcRenderer) {",
        "}",
        |w| {
            w.line("// The handshake (docs/wire.md): main learns which schemas this preload was generated from.");
            w.line(r#"ipcRenderer.send("ipc:handshake", schemas);"#);
            for service in &model.services {
                let args = vec![
                    "contextBridge".to_owned(),
                    literal(service.namespace()),
                    format!("create{}Api(ipcRenderer)", service.pascal),
                    members_name(service),
                ];
                w.pretty(&concat([call("exposeService", &args), text(";")]));
            }
        },
    );
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
            text(format!("{member}: ({params}) =>")),
            group(indent(concat([Doc::Line, body]))),
        ])),
        text(","),
    ])
}

pub(super) fn service_factory(w: &mut Writer, service: &Service) {
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
            service
                .channels()
                .iter()
                .any(|c| helper_of(c.kind) == *helper)
        })
        .collect();
    if has_events {
        used.push("unsubscribeAll");
    }
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
                        let args = [wire.clone(), method, "listener".to_owned()];
                        w.pretty(&arrow_member(&member, "listener", call("subscribe", &args)));
                        let once = names::event_once_listener(&channel.js_name);
                        let method = literal(&format!("{}.{once}", service.namespace()));
                        let args = [wire, method, "listener".to_owned(), "true".to_owned()];
                        w.pretty(&arrow_member(&once, "listener", call("subscribe", &args)));
                    } else {
                        let params: Vec<String> =
                            channel.params.iter().map(|p| literal(&p.js_name)).collect();
                        let args = [
                            wire,
                            method,
                            format!("[{}]", params.join(", ")),
                            "args".to_owned(),
                        ];
                        w.pretty(&arrow_member(
                            &member,
                            "...args",
                            call(helper_of(channel.kind), &args),
                        ));
                    }
                }
                if has_events {
                    w.pretty(&arrow_member(
                        names::REMOVE_ALL_LISTENERS,
                        "",
                        call("unsubscribeAll", &[]),
                    ));
                }
            });
        },
    );
}

/// The name of a service's member descriptors: `todosMembers`.
fn members_name(service: &Service) -> String {
    let mut name = service.pascal.clone();
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    format!("{name}Members")
}

/// What each member of the service's API is, as plain data for the
/// page-realm adapter (`installPageApi`): its kind, and for a call its
/// number of declared arguments.
fn service_members(w: &mut Writer, service: &Service) {
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
                if channel.kind == ChannelKindSchema::Event {
                    let once = names::event_once_listener(&channel.js_name);
                    w.line(format!(r#"{member}: {{ kind: "event" }},"#));
                    w.line(format!(r#"{once}: {{ kind: "event" }},"#));
                } else {
                    w.line(format!(
                        "{member}: {{ kind: {}, arity: {} }},",
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
    }
}

fn helper_of(kind: ChannelKindSchema) -> &'static str {
    match kind {
        ChannelKindSchema::Invoke => "invoke",
        ChannelKindSchema::Send => "send",
        ChannelKindSchema::Event => "subscribe",
        ChannelKindSchema::SendSync => "sendSync",
    }
}
