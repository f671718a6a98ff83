//! The attributes: `#[service(...)]` on the trait, `#[ipc(...)]`, `#[doc]`
//! and `#[deprecated]` on its methods.
//!
//! Parsing goes on after a bad key so that every mistake in an attribute is
//! reported in one compilation.

use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, Meta, Path, Token};

use crate::case::did_you_mean;
use crate::ctxt::Ctxt;

/// Where a service's handlers are written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Implementation {
    Rust,
    MainJs,
}

/// The arguments of `#[service(...)]`.
pub(crate) struct ServiceArgs {
    pub(crate) namespace: Option<LitStr>,
    pub(crate) krate: Option<Path>,
    pub(crate) implementation: Implementation,
    /// `capability = "…"`: what a window must be granted to use the service.
    pub(crate) capability: Option<LitStr>,
}

const SERVICE_KEYS: &[&str] = &["namespace", "crate", "implemented_in", "capability"];
const IPC_KEYS: &[&str] = &[
    "send",
    "sync",
    "event",
    "state",
    "relay",
    "name",
    "capability",
];

pub(crate) fn service_args(cx: &Ctxt, attr: TokenStream) -> ServiceArgs {
    let mut args = ServiceArgs {
        namespace: None,
        krate: None,
        implementation: Implementation::Rust,
        capability: None,
    };
    let mut implemented_in: Option<LitStr> = None;
    let parser = syn::meta::parser(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        match key.as_str() {
            "namespace" => set_once(cx, &meta.path, &mut args.namespace, meta.value()?.parse()?),
            "crate" => {
                let lit: LitStr = meta.value()?.parse()?;
                match lit.parse::<Path>() {
                    Ok(path) => set_once(cx, &meta.path, &mut args.krate, path),
                    Err(_) => cx.error_spanned_by(
                        &lit,
                        "`crate` must be a path to the runtime, e.g. `crate = \"my_app::ipc\"`",
                    ),
                }
            }
            "implemented_in" => {
                set_once(cx, &meta.path, &mut implemented_in, meta.value()?.parse()?)
            }
            "capability" => {
                let lit = capability(cx, meta.value()?.parse()?);
                set_once(cx, &meta.path, &mut args.capability, lit);
            }
            _ => {
                unknown_key(cx, &meta.path, "#[service]", SERVICE_KEYS);
                skip_value(meta.input)?;
            }
        }
        Ok(())
    });
    if let Err(err) = parser.parse2(attr) {
        cx.syn_error(err);
    }
    if let Some(lit) = implemented_in {
        match lit.value().as_str() {
            "rust" => args.implementation = Implementation::Rust,
            "main-js" => args.implementation = Implementation::MainJs,
            other => cx.error_spanned_by(
                &lit,
                format!("unknown implementation `{other}`: expected \"rust\" (the default) or \"main-js\""),
            ),
        }
    }
    args
}

/// How a method travels, from `#[ipc(...)]`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Invoke,
    Send,
    Event,
    /// `#[ipc(sync)]`: `ipcRenderer.sendSync`, a reply that blocks the renderer.
    SendSync,
    /// `#[ipc(state)]`: a value owned by main that windows read and follow.
    State,
    /// `#[ipc(relay)]`: a message one window sends to the windows of a role,
    /// through main; a request when it declares a return type.
    Relay,
}

/// The `#[ipc(...)]` attributes of one method, merged.
pub(crate) struct IpcArgs {
    pub(crate) kind: Kind,
    pub(crate) name: Option<LitStr>,
    /// `capability = "…"`: what a window must be granted to use the method.
    pub(crate) capability: Option<LitStr>,
    /// False when an `#[ipc]` attribute had an error: the kind is then a
    /// guess, and rules that depend on it would only add noise.
    pub(crate) understood: bool,
}

pub(crate) fn is_ipc_attr(attr: &Attribute) -> bool {
    attr.path().is_ident("ipc")
}

pub(crate) fn ipc_args(cx: &Ctxt, attrs: &[Attribute]) -> IpcArgs {
    let mut send: Option<Path> = None;
    let mut sync: Option<Path> = None;
    let mut event: Option<Path> = None;
    let mut state: Option<Path> = None;
    let mut relay: Option<Path> = None;
    let mut name: Option<LitStr> = None;
    let mut capability: Option<LitStr> = None;
    let mut understood = true;
    for attr in attrs.iter().filter(|a| is_ipc_attr(a)) {
        let list = match &attr.meta {
            Meta::List(list) => list,
            other => {
                cx.error_spanned_by(
                    other,
                    "expected `#[ipc(send)]`, `#[ipc(sync)]`, `#[ipc(event)]`, `#[ipc(state)]`, `#[ipc(relay)]`, `#[ipc(name = \"...\")]` or `#[ipc(capability = \"...\")]`",
                );
                understood = false;
                continue;
            }
        };
        let result = list.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            match key.as_str() {
                "send" => set_flag(cx, &meta.path, &mut send),
                "sync" => set_flag(cx, &meta.path, &mut sync),
                "event" => set_flag(cx, &meta.path, &mut event),
                "state" => set_flag(cx, &meta.path, &mut state),
                "relay" => set_flag(cx, &meta.path, &mut relay),
                "name" => set_once(cx, &meta.path, &mut name, meta.value()?.parse()?),
                "capability" => {
                    let lit = self::capability(cx, meta.value()?.parse()?);
                    set_once(cx, &meta.path, &mut capability, lit);
                }
                _ => {
                    unknown_key(cx, &meta.path, "#[ipc]", IPC_KEYS);
                    understood = false;
                    skip_value(meta.input)?;
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            cx.syn_error(err);
            understood = false;
        }
    }
    if let Some(relay) = &relay {
        if send.is_some() || sync.is_some() || event.is_some() || state.is_some() {
            cx.error_spanned_by(
                relay,
                "`relay` declares a message between windows, routed by main; it does not combine with `send`, `sync`, `event` or `state`",
            );
            understood = false;
        } else {
            return IpcArgs {
                kind: Kind::Relay,
                name,
                capability,
                understood,
            };
        }
    }
    if let Some(state) = &state {
        if send.is_some() || sync.is_some() || event.is_some() {
            cx.error_spanned_by(
                state,
                "`state` declares a value owned by main that windows follow; it does not combine with `send`, `sync` or `event`",
            );
            understood = false;
        } else {
            return IpcArgs {
                kind: Kind::State,
                name,
                capability,
                understood,
            };
        }
    }
    if let Some(sync) = &sync {
        if send.is_some() || event.is_some() {
            cx.error_spanned_by(
                sync,
                "`sync` makes an invoke blocking (`ipcRenderer.sendSync`, with a reply); it does not combine with `send` (no reply) or `event` (main to renderer)",
            );
            understood = false;
        } else {
            return IpcArgs {
                kind: Kind::SendSync,
                name,
                capability,
                understood,
            };
        }
    }
    let kind = match (&send, &event) {
        (Some(_), Some(event)) => {
            cx.error_spanned_by(
                event,
                "a method is either `send` (renderer to main) or `event` (main to renderer), not both",
            );
            Kind::Send
        }
        (Some(_), None) => Kind::Send,
        (None, Some(_)) => Kind::Event,
        (None, None) => Kind::Invoke,
    };
    IpcArgs {
        kind,
        name,
        capability,
        understood,
    }
}

/// A capability's literal, refused on its tokens when it is not a capability
/// name (the rule of `electron_ipc_schema::names::check_capability`).
fn capability(cx: &Ctxt, lit: LitStr) -> LitStr {
    if let Err(problem) = crate::case::check_capability(&lit.value()) {
        cx.error_spanned_by(&lit, format!("invalid capability: {problem}"));
    }
    lit
}

fn set_once<T>(cx: &Ctxt, key: &Path, slot: &mut Option<T>, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(key, format!("duplicate `{}`", path_text(key)));
    } else {
        *slot = Some(value);
    }
}

fn set_flag(cx: &Ctxt, key: &Path, slot: &mut Option<Path>) {
    set_once(cx, key, slot, key.clone());
}

fn unknown_key(cx: &Ctxt, key: &Path, attr: &str, known: &[&str]) {
    let text = path_text(key);
    let expected = known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = match did_you_mean(&text, known) {
        Some(suggestion) => {
            format!("unknown {attr} option `{text}`; did you mean `{suggestion}`?")
        }
        None => format!("unknown {attr} option `{text}`; expected one of {expected}"),
    };
    cx.error_spanned_by(key, message);
}

/// Consumes what follows an unknown key (`= value` or `(...)`), so parsing
/// can go on with the next key.
fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        input.parse::<Expr>()?;
    } else if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

fn path_text(path: &Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// The doc comment: `#[doc]` lines joined, one leading space stripped per
/// line (the one `/// ` leaves), trimmed. `None` when empty.
pub(crate) fn docs(attrs: &[Attribute]) -> Option<String> {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let Meta::NameValue(nv) = &attr.meta {
            if let Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) = &nv.value
            {
                for line in s.value().split('\n') {
                    lines.push(line.strip_prefix(' ').unwrap_or(line).to_owned());
                }
            }
        }
    }
    let text = lines.join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// `#[deprecated]`, `#[deprecated = "note"]` or
/// `#[deprecated(since = "...", note = "...")]`. rustc validates the
/// attribute itself, so anything else is ignored here.
pub(crate) struct Deprecation {
    pub(crate) since: Option<String>,
    pub(crate) note: Option<String>,
}

pub(crate) fn deprecation(attrs: &[Attribute]) -> Option<Deprecation> {
    let attr = attrs.iter().find(|a| a.path().is_ident("deprecated"))?;
    let mut deprecation = Deprecation {
        since: None,
        note: None,
    };
    match &attr.meta {
        Meta::Path(_) => {}
        Meta::NameValue(nv) => {
            if let Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) = &nv.value
            {
                deprecation.note = Some(s.value());
            }
        }
        Meta::List(list) => {
            let _ = list.parse_nested_meta(|meta| {
                let value: LitStr = meta.value()?.parse()?;
                if meta.path.is_ident("since") {
                    deprecation.since = Some(value.value());
                } else if meta.path.is_ident("note") {
                    deprecation.note = Some(value.value());
                }
                Ok(())
            });
        }
    }
    Some(deprecation)
}
