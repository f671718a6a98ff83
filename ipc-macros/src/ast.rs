//! A small model of the trait, read once from `syn` and keeping the `syn`
//! nodes so every later error can point at the tokens the user wrote.
//!
//! Building the model never fails: whatever cannot be modelled is kept as it
//! is and reported by `check`, so one compilation shows every mistake.

use proc_macro2::Span;
use quote::quote;
use syn::{
    FnArg, GenericArgument, Ident, ItemTrait, Pat, PatType, Path, PathArguments, ReturnType,
    TraitItem, TraitItemFn, Type,
};

use crate::attr::{self, Deprecation, Implementation, Kind, ServiceArgs};
use crate::case;
use crate::ctxt::Ctxt;

pub(crate) struct Service<'a> {
    pub(crate) item: &'a ItemTrait,
    /// Path to the runtime crate (`::electron_ipc` unless overridden).
    pub(crate) krate: Path,
    pub(crate) implementation: Implementation,
    pub(crate) namespace: String,
    /// What to blame for a bad namespace: the literal, or the trait's name.
    pub(crate) namespace_span: Span,
    pub(crate) namespace_is_explicit: bool,
    /// `#[service(capability = "…")]`.
    pub(crate) capability: Option<String>,
    pub(crate) docs: Option<String>,
    pub(crate) methods: Vec<Method<'a>>,
    /// Trait items that are not methods (refused by `check`).
    pub(crate) other_items: Vec<&'a TraitItem>,
}

pub(crate) struct Method<'a> {
    pub(crate) item: &'a TraitItemFn,
    pub(crate) kind: Kind,
    /// Whether `kind` is certain (its `#[ipc]` attributes parsed).
    pub(crate) kind_is_known: bool,
    pub(crate) js_name: String,
    /// What to blame for a bad or duplicate name: `name = "..."` or the ident.
    pub(crate) name_span: Span,
    pub(crate) channel: String,
    pub(crate) docs: Option<String>,
    pub(crate) deprecated: Option<Deprecation>,
    /// `#[ipc(capability = "…")]`.
    pub(crate) capability: Option<String>,
    /// Every argument after the receiver, the context included.
    pub(crate) args: Vec<Arg<'a>>,
    pub(crate) output: Output<'a>,
}

pub(crate) struct Arg<'a> {
    pub(crate) pat_type: &'a PatType,
    /// The argument's name, when it is a plain identifier.
    pub(crate) ident: Option<&'a Ident>,
    pub(crate) ty: &'a Type,
    /// The type names `Context` (by value or by reference).
    pub(crate) is_context: bool,
    /// `T` of `Incoming<T>`: the argument is a stream the page sends
    /// (docs/wire.md, "Streams"). Recognised by name, as the context is.
    pub(crate) incoming: Option<&'a Type>,
    pub(crate) js_name: String,
}

pub(crate) enum Output<'a> {
    /// No return type, or `()`.
    Unit,
    /// Any other type, sent as it is.
    Value(&'a Type),
    /// Syntactically `Result<T, E>`: `E` is the typed error (`ERR_HANDLER`).
    ///
    /// Recognised by the last path segment and exactly two generic
    /// arguments, so `io::Result<T>` and other one-argument aliases are
    /// plain values and must serialize as a whole.
    Result { ok: &'a Type, err: &'a Type },
    /// `Stream<T>`, `Stream<T, E>` or `Result<Stream<T, E>, E>`: a stream
    /// channel (docs/wire.md, "Streams").
    ///
    /// Recognised by name, as the context is: a path whose last segment
    /// is `Stream` with one or two type arguments.
    Stream(StreamOutput<'a>),
}

/// The types of a stream method's answer.
pub(crate) struct StreamOutput<'a> {
    /// `T`, the type of each item.
    pub(crate) item: &'a Type,
    /// The `E` of `Stream<T, E>`: the error the stream may end with.
    pub(crate) item_error: Option<&'a Type>,
    /// The `E` of `Result<Stream<..>, E>`: the setup error.
    pub(crate) setup_error: Option<&'a Type>,
}

impl<'a> StreamOutput<'a> {
    /// The error the page may see as `ERR_HANDLER`'s `data`: the setup
    /// error, else the stream's (the check makes them one type).
    pub(crate) fn error(&self) -> Option<&'a Type> {
        self.setup_error.or(self.item_error)
    }
}

impl<'a> Service<'a> {
    pub(crate) fn from_syn(cx: &Ctxt, args: ServiceArgs, item: &'a ItemTrait) -> Self {
        let (namespace, namespace_span, namespace_is_explicit) = match &args.namespace {
            Some(lit) => (lit.value(), lit.span(), true),
            None => (
                case::upper_to_lower_camel(&item.ident.to_string()),
                item.ident.span(),
                false,
            ),
        };
        let mut methods = Vec::new();
        let mut other_items = Vec::new();
        for trait_item in &item.items {
            match trait_item {
                TraitItem::Fn(method) => methods.push(Method::from_syn(cx, &namespace, method)),
                other => other_items.push(other),
            }
        }
        Service {
            item,
            krate: args
                .krate
                .unwrap_or_else(|| syn::parse_quote!(::electron_ipc)),
            implementation: args.implementation,
            namespace,
            namespace_span,
            namespace_is_explicit,
            capability: args.capability.as_ref().map(syn::LitStr::value),
            docs: attr::docs(&item.attrs),
            methods,
            other_items,
        }
    }

    /// The generated types: `TodosService` and `TodosEvents`.
    pub(crate) fn service_ident(&self) -> Ident {
        quote::format_ident!("{}Service", self.item.ident)
    }

    pub(crate) fn events_ident(&self) -> Ident {
        quote::format_ident!("{}Events", self.item.ident)
    }

    pub(crate) fn has_events(&self) -> bool {
        self.methods.iter().any(|m| m.kind == Kind::Event)
    }

    /// The generated handle of the service's states: `TodosStates`.
    pub(crate) fn states_ident(&self) -> Ident {
        quote::format_ident!("{}States", self.item.ident)
    }

    pub(crate) fn has_states(&self) -> bool {
        self.methods.iter().any(|m| m.kind == Kind::State)
    }

    /// Whether a method is declared rather than implemented (an event, a
    /// state or a relay): not part of the trait that implementors see.
    pub(crate) fn is_declaration(kind: Kind) -> bool {
        matches!(kind, Kind::Event | Kind::State | Kind::Relay)
    }

    /// Whether a method is a relay request: a relay with a return type.
    pub(crate) fn relay_requests(&self) -> impl Iterator<Item = (usize, &Method<'a>)> {
        self.methods
            .iter()
            .enumerate()
            .filter(|(_, m)| m.kind == Kind::Relay && !matches!(m.output, Output::Unit))
    }
}

impl<'a> Method<'a> {
    fn from_syn(cx: &Ctxt, namespace: &str, item: &'a TraitItemFn) -> Self {
        let ipc = attr::ipc_args(cx, &item.attrs);
        let (js_name, name_span) = match &ipc.name {
            Some(lit) => (lit.value(), lit.span()),
            None => (
                case::snake_to_lower_camel(&item.sig.ident.to_string()),
                item.sig.ident.span(),
            ),
        };
        let args = item
            .sig
            .inputs
            .iter()
            .filter_map(|input| match input {
                FnArg::Typed(pat_type) => Some(Arg::from_syn(pat_type)),
                FnArg::Receiver(_) => None,
            })
            .collect();
        let output = match &item.sig.output {
            ReturnType::Default => Output::Unit,
            ReturnType::Type(_, ty) => Output::from_type(ty),
        };
        Method {
            item,
            kind: ipc.kind,
            kind_is_known: ipc.understood,
            channel: format!("{namespace}:{js_name}"),
            js_name,
            name_span,
            docs: attr::docs(&item.attrs),
            deprecated: attr::deprecation(&item.attrs),
            capability: ipc.capability.as_ref().map(syn::LitStr::value),
            args,
            output,
        }
    }

    pub(crate) fn ident(&self) -> &'a Ident {
        &self.item.sig.ident
    }

    pub(crate) fn is_async(&self) -> bool {
        self.item.sig.asyncness.is_some()
    }

    /// The arguments that travel on the wire (all but the context).
    pub(crate) fn params(&self) -> impl Iterator<Item = &Arg<'a>> {
        self.args.iter().filter(|a| !a.is_context)
    }

    /// Whether the page opens the method as a stream: an invoke that
    /// answers a `Stream`, or takes an `Incoming` (or both).
    pub(crate) fn is_stream(&self) -> bool {
        self.kind == Kind::Invoke && (self.output.is_stream() || self.incoming().is_some())
    }

    /// The argument the page streams (`Incoming<T>`), if any: the first.
    pub(crate) fn incoming(&self) -> Option<&Arg<'a>> {
        self.args.iter().find(|a| a.incoming.is_some())
    }

    /// The arguments that travel with the opening call: all but the
    /// context and the incoming stream.
    pub(crate) fn wire_params(&self) -> impl Iterator<Item = &Arg<'a>> {
        self.params().filter(|a| a.incoming.is_none())
    }

    pub(crate) fn takes_context(&self) -> bool {
        self.args.iter().any(|a| a.is_context)
    }

    /// The properties of `window.<namespace>` this method occupies: its
    /// name, or for an event `onChanged` and `onceChanged`.
    pub(crate) fn js_properties(&self) -> Vec<String> {
        match self.kind {
            Kind::Event => vec![
                case::event_listener(&self.js_name),
                case::event_once_listener(&self.js_name),
            ],
            Kind::Invoke | Kind::Send | Kind::SendSync => vec![self.js_name.clone()],
            Kind::State => vec![case::state_store(&self.js_name)],
            Kind::Relay => vec![
                self.js_name.clone(),
                if matches!(self.output, Output::Unit) {
                    case::event_listener(&self.js_name)
                } else {
                    case::relay_answerer(&self.js_name)
                },
            ],
        }
    }
}

impl<'a> Arg<'a> {
    fn from_syn(pat_type: &'a PatType) -> Self {
        let ident = match &*pat_type.pat {
            Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => Some(&pat.ident),
            _ => None,
        };
        let js_name = ident
            .map(|i| case::snake_to_lower_camel(&i.to_string()))
            .unwrap_or_default();
        Arg {
            pat_type,
            ident,
            ty: &pat_type.ty,
            is_context: names_context(&pat_type.ty),
            incoming: incoming_item(&pat_type.ty),
            js_name,
        }
    }
}

/// `Context`, `&Context`, `&mut Context`, `electron_ipc::Context`, …
///
/// The context is recognised by name, as `#[tokio::main]` recognises
/// `main`: a macro cannot resolve types. An unrelated type that happens to
/// be named `Context` fails to compile where the generated code passes the
/// runtime's context, with an error naming both types.
fn names_context(ty: &Type) -> bool {
    let ty = match ty {
        Type::Reference(reference) => &*reference.elem,
        other => other,
    };
    match ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Context" && matches!(s.arguments, PathArguments::None)),
        _ => false,
    }
}

impl<'a> Output<'a> {
    fn from_type(ty: &'a Type) -> Self {
        match Output::plain(ty) {
            Output::Value(ty) => match stream_types(ty) {
                Some((item, item_error)) => Output::Stream(StreamOutput {
                    item,
                    item_error,
                    setup_error: None,
                }),
                None => Output::Value(ty),
            },
            Output::Result { ok, err } => match stream_types(ok) {
                Some((item, item_error)) => Output::Stream(StreamOutput {
                    item,
                    item_error,
                    setup_error: Some(err),
                }),
                None => Output::Result { ok, err },
            },
            other => other,
        }
    }

    fn plain(ty: &'a Type) -> Self {
        match ty {
            Type::Tuple(tuple) if tuple.elems.is_empty() => Output::Unit,
            Type::Paren(paren) => Output::plain(&paren.elem),
            Type::Path(path) if path.qself.is_none() => {
                let Some(last) = path.path.segments.last() else {
                    return Output::Value(ty);
                };
                if last.ident != "Result" {
                    return Output::Value(ty);
                }
                let PathArguments::AngleBracketed(generics) = &last.arguments else {
                    return Output::Value(ty);
                };
                let types: Vec<&Type> = generics
                    .args
                    .iter()
                    .filter_map(|arg| match arg {
                        GenericArgument::Type(ty) => Some(ty),
                        _ => None,
                    })
                    .collect();
                match types[..] {
                    [ok, err] if generics.args.len() == 2 => Output::Result { ok, err },
                    _ => Output::Value(ty),
                }
            }
            _ => Output::Value(ty),
        }
    }

    /// Whether the method answers a stream.
    pub(crate) fn is_stream(&self) -> bool {
        matches!(self, Output::Stream(_))
    }

    /// The declared return type, for `Future<Output = ...>`.
    pub(crate) fn declared(method: &TraitItemFn) -> proc_macro2::TokenStream {
        match &method.sig.output {
            ReturnType::Default => quote!(()),
            ReturnType::Type(_, ty) => quote!(#ty),
        }
    }
}

/// `T` of `Incoming<T>` (any path ending so, with one type argument).
fn incoming_item(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if last.ident != "Incoming" {
        return None;
    }
    let PathArguments::AngleBracketed(generics) = &last.arguments else {
        return None;
    };
    match generics.args.iter().collect::<Vec<_>>()[..] {
        [GenericArgument::Type(item)] => Some(item),
        _ => None,
    }
}

/// `(T, E)` of `Stream<T>` or `Stream<T, E>` (any path ending so).
fn stream_types(ty: &Type) -> Option<(&Type, Option<&Type>)> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if last.ident != "Stream" {
        return None;
    }
    let PathArguments::AngleBracketed(generics) = &last.arguments else {
        return None;
    };
    let types: Vec<&Type> = generics
        .args
        .iter()
        .filter_map(|arg| match arg {
            GenericArgument::Type(ty) => Some(ty),
            _ => None,
        })
        .collect();
    if types.len() != generics.args.len() {
        return None;
    }
    match types[..] {
        [item] => Some((item, None)),
        [item, error] => Some((item, Some(error))),
        _ => None,
    }
}
