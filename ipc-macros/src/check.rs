//! Validation: every rule an IPC trait must follow, reported all at once,
//! each error on the tokens to change.

use std::collections::BTreeMap;

use syn::visit::Visit;
use syn::{Pat, ReturnType, TraitItem, Type};

use crate::ast::{Method, Output, Service, StreamOutput};
use crate::attr::{Implementation, Kind};
use crate::case;
use crate::ctxt::Ctxt;

pub(crate) fn service(cx: &Ctxt, service: &Service<'_>) {
    let item = service.item;
    if let Some(token) = &item.unsafety {
        cx.error_spanned_by(token, "an IPC service trait cannot be `unsafe`");
    }
    if let Some(token) = &item.auto_token {
        cx.error_spanned_by(token, "an IPC service trait cannot be an `auto` trait");
    }
    if !item.generics.params.is_empty() {
        cx.error_spanned_by(
            &item.generics,
            "an IPC service trait cannot be generic: the renderer's TypeScript needs concrete types",
        );
    }
    if let Some(where_clause) = &item.generics.where_clause {
        cx.error_spanned_by(
            where_clause,
            "an IPC service trait cannot have a `where` clause",
        );
    }
    for other in &service.other_items {
        let what = match other {
            TraitItem::Type(_) => "associated types",
            TraitItem::Const(_) => "associated constants",
            TraitItem::Macro(_) => "macro invocations",
            _ => "items other than methods",
        };
        cx.error_spanned_by(
            other,
            format!("{what} are not supported in an IPC service trait: every item is a channel"),
        );
    }
    if let Err(problem) = case::check_namespace(&service.namespace) {
        let hint = if !service.namespace_is_explicit {
            format!(
                " (the namespace `{}` comes from the trait's name; set another with #[service(namespace = \"...\")])",
                service.namespace
            )
        } else if matches!(problem, case::NameError::WindowProperty { .. }) {
            "; choose another with #[service(namespace = \"...\")]".to_owned()
        } else {
            String::new()
        };
        cx.error_at(
            service.namespace_span,
            format!("invalid IPC namespace: {problem}{hint}"),
        );
    }
    for method in &service.methods {
        self::method(cx, service, method);
    }
    duplicates(cx, service);
}

fn method(cx: &Ctxt, service: &Service<'_>, method: &Method<'_>) {
    let sig = &method.item.sig;
    for attr in &method.item.attrs {
        if attr.path().is_ident("cfg") || attr.path().is_ident("cfg_attr") {
            cx.error_spanned_by(
                attr,
                "IPC methods cannot be conditional: the generated bindings would not match every build",
            );
        }
    }
    if let Some(token) = &sig.constness {
        cx.error_spanned_by(token, "an IPC method cannot be a `const fn`");
    }
    if let Some(token) = &sig.unsafety {
        cx.error_spanned_by(
            token,
            "an IPC method cannot be `unsafe`: the renderer cannot uphold its contract",
        );
    }
    if let Some(abi) = &sig.abi {
        cx.error_spanned_by(abi, "an IPC method cannot declare an `extern` ABI");
    }
    if let Some(variadic) = &sig.variadic {
        cx.error_spanned_by(variadic, "an IPC method cannot be variadic");
    }
    if !sig.generics.params.is_empty() {
        cx.error_spanned_by(
            &sig.generics,
            "an IPC method cannot have generic or lifetime parameters: the renderer's TypeScript needs concrete, owned types",
        );
    }
    if let Some(where_clause) = &sig.generics.where_clause {
        cx.error_spanned_by(where_clause, "an IPC method cannot have a `where` clause");
    }
    if let Err(problem) = case::check_js_name(&method.js_name) {
        cx.error_at(
            method.name_span,
            format!("invalid IPC method name: {problem}"),
        );
    }
    if method.kind_is_known {
        match method.kind {
            Kind::Invoke | Kind::Send | Kind::SendSync => handler(cx, method),
            Kind::Event => event(cx, service, method),
            Kind::State => state(cx, service, method),
            Kind::Relay => relay(cx, method),
        }
        if let Output::Stream(output) = &method.output {
            stream(cx, method, output);
        }
        incoming(cx, service, method);
    }
    arguments(cx, method);
}

/// Rules for `Incoming<T>` arguments, streams the page sends to main
/// (docs/wire.md, "Streams"): one per method, on a method the page calls
/// and waits for (an invoke, answered once or with a `Stream`).
fn incoming(cx: &Ctxt, service: &Service<'_>, method: &Method<'_>) {
    let mut streams = method.args.iter().filter(|arg| arg.incoming.is_some());
    let Some(first) = streams.next() else {
        return;
    };
    for extra in streams {
        cx.error_spanned_by(
            extra.ty,
            format!(
                "a method takes at most one `Incoming` stream: `{}` already is one; send one stream of an enum or a struct instead",
                first.js_name
            ),
        );
    }
    let refusal = match method.kind {
        Kind::Invoke => None,
        Kind::Send => Some(
            "a `send` method cannot take an `Incoming` stream: the page learns when the stream ended or failed through the answer; remove `send`",
        ),
        Kind::SendSync => Some(
            "a `sync` method cannot take an `Incoming` stream: its items come over a MessagePort, after the blocking call returned; remove `sync`",
        ),
        Kind::Event => Some(
            "an event cannot carry an `Incoming` stream: events go from main to the page; declare a method that takes it",
        ),
        Kind::State => None,
        Kind::Relay => Some(
            "a relay cannot carry an `Incoming` stream: main relays one message between windows; declare a method that takes it",
        ),
    };
    if let Some(message) = refusal {
        cx.error_spanned_by(first.ty, message);
    }
    if service.implementation == Implementation::MainJs && method.kind == Kind::Invoke {
        cx.error_spanned_by(
            first.ty,
            "a `main-js` service cannot take an `Incoming` stream yet: implement the method in Rust",
        );
    }
}

/// Rules for methods that answer a `Stream` (docs/wire.md, "Streams").
fn stream(cx: &Ctxt, method: &Method<'_>, output: &StreamOutput<'_>) {
    let ReturnType::Type(_, ty) = &method.item.sig.output else {
        return;
    };
    match method.kind {
        Kind::SendSync => cx.error_spanned_by(
            ty,
            "a `sync` method cannot answer a `Stream`: its items come over a MessagePort, after the blocking call returned; remove `sync`",
        ),
        // `send` has its own error (no reply); events and states are
        // refused elsewhere.
        Kind::Invoke | Kind::Send | Kind::Event | Kind::State | Kind::Relay => {}
    }
    if let (Some(item_error), Some(setup_error)) = (output.item_error, output.setup_error) {
        let same =
            quote::quote!(#item_error).to_string() == quote::quote!(#setup_error).to_string();
        if !same {
            cx.error_spanned_by(
                item_error,
                "the stream's error type must be the method's error type: the page sees one `data` type for `ERR_HANDLER`; write `Result<Stream<T, E>, E>` or `Result<Stream<T>, E>`",
            );
        }
    }
}

/// Rules for methods the renderer calls (invoke and send).
fn handler(cx: &Ctxt, method: &Method<'_>) {
    let sig = &method.item.sig;
    if let Some(body) = &method.item.default {
        cx.error_spanned_by(
            body,
            "an IPC handler cannot have a default body: handlers are implemented by the implementing type",
        );
    }
    match sig.receiver() {
        None => cx.error_spanned_by(
            &sig.ident,
            "an IPC handler takes `&self`: add it as the first parameter",
        ),
        Some(receiver) if receiver.colon_token.is_some() => cx.error_spanned_by(
            receiver,
            "an IPC handler takes `&self`, not a typed `self`",
        ),
        Some(receiver) if receiver.reference.is_none() => cx.error_spanned_by(
            receiver,
            "an IPC handler takes `&self`, not `self` by value: the service serves many calls",
        ),
        Some(receiver) if receiver.mutability.is_some() => cx.error_spanned_by(
            receiver,
            "an IPC handler takes `&self`, not `&mut self`: calls run concurrently; keep mutable state behind a `Mutex` or `RwLock`",
        ),
        Some(_) => {}
    }
    if method.kind == Kind::SendSync {
        if let Some(token) = &sig.asyncness {
            cx.error_spanned_by(
                token,
                "a `sync` method cannot be `async`: the renderer is blocked until it answers, so its handler must answer at once; remove `sync` to make it an invoke, or remove `async`",
            );
        }
    }
    if method.kind == Kind::Send {
        if let ReturnType::Type(_, ty) = &sig.output {
            if !matches!(method.output, Output::Unit) {
                cx.error_spanned_by(
                    ty,
                    "a `send` method has no reply: remove the return type, or remove `send` to make it an invoke",
                );
            }
        }
    }
    match &method.output {
        Output::Unit => {}
        Output::Value(ty) => returned_type(cx, method, ty),
        Output::Result { ok, err } => {
            returned_type(cx, method, ok);
            returned_type(cx, method, err);
        }
        Output::Stream(output) => {
            returned_type(cx, method, output.item);
            for error in [output.item_error, output.setup_error]
                .into_iter()
                .flatten()
            {
                returned_type(cx, method, error);
            }
        }
    }
}

fn returned_type(cx: &Ctxt, method: &Method<'_>, ty: &Type) {
    let mut finder = Unsupported::default();
    finder.visit_type(ty);
    if let Some(reference) = finder.reference {
        cx.error_spanned_by(
            reference,
            "an IPC method cannot return a borrowed type: return an owned type (`String`, `Vec<T>`, ...)",
        );
    }
    if let Some(impl_trait) = finder.impl_trait {
        let message = if method.is_async() {
            "an IPC method cannot return `impl Trait`: return a concrete type"
        } else {
            "an IPC method cannot return `impl Trait`: return a concrete type, and write `async fn` for an async handler"
        };
        cx.error_spanned_by(impl_trait, message);
    }
}

/// Rules for states: `fn todos() -> Vec<Todo>;`, declared in the trait and
/// set from Rust (or from main-process JavaScript for a main-js service).
fn state(cx: &Ctxt, service: &Service<'_>, method: &Method<'_>) {
    let sig = &method.item.sig;
    let handle = match service.implementation {
        crate::attr::Implementation::Rust => {
            format!("`{}`'s `{}.set(…)`", service.states_ident(), method.ident())
        }
        crate::attr::Implementation::MainJs => {
            format!(
                "`registerIpc(…).states.{}.{}`",
                service.namespace, method.js_name
            )
        }
    };
    if let Some(receiver) = sig.receiver() {
        cx.error_spanned_by(
            receiver,
            format!("a state has no receiver: it is not implemented but set, with {handle}; remove `self`"),
        );
    }
    if let Some(first) = method.args.first() {
        cx.error_spanned_by(
            first.pat_type,
            "a state has no parameters: it is one value, read whole; declare it as `fn name() -> Type;`",
        );
    }
    if let Some(token) = &sig.asyncness {
        cx.error_spanned_by(
            token,
            format!("a state cannot be `async`: it is a value, set with {handle}"),
        );
    }
    if let Some(body) = &method.item.default {
        cx.error_spanned_by(
            body,
            format!("a state has no body: declare it with `;` and set it with {handle}"),
        );
    }
    match (&sig.output, &method.output) {
        (ReturnType::Default, _) => cx.error_spanned_by(
            &sig.ident,
            "a state needs the type of its value: `fn todos() -> Vec<Todo>;`",
        ),
        (ReturnType::Type(_, ty), Output::Unit) => cx.error_spanned_by(
            ty,
            "a state of `()` carries nothing: declare the type of its value, or use an event",
        ),
        (ReturnType::Type(_, ty), Output::Stream(_)) => cx.error_spanned_by(
            ty,
            "a state's value cannot be a `Stream`: a state is one value that main replaces; declare the value's type",
        ),
        (ReturnType::Type(_, ty), Output::Result { .. }) => cx.error_spanned_by(
            ty,
            "a state's value cannot be a `Result`: a state always has a value; keep an error inside it as a field or an enum variant",
        ),
        (ReturnType::Type(_, ty), Output::Value(_)) => {
            let mut finder = Unsupported::default();
            finder.visit_type(ty);
            if let Some(reference) = finder.reference {
                cx.error_spanned_by(
                    reference,
                    format!("a state's value cannot be borrowed: declare it as `{}`", owned_type(reference)),
                );
            }
            if let Some(impl_trait) = finder.impl_trait {
                cx.error_spanned_by(impl_trait, "a state's value cannot be `impl Trait`: declare a concrete type");
            }
        }
    }
}

/// Rules for relays (`#[ipc(relay)] fn theme_changed(theme: Theme);`, or
/// `fn confirm(question: String) -> bool;` for a request), declared in the
/// trait and sent by one window to others through main.
fn relay(cx: &Ctxt, method: &Method<'_>) {
    let sig = &method.item.sig;
    if let Some(receiver) = sig.receiver() {
        cx.error_spanned_by(
            receiver,
            "a relay has no receiver: it is a message between windows, not implemented in Rust; remove `self`",
        );
    }
    if let Some(token) = &sig.asyncness {
        cx.error_spanned_by(
            token,
            "a relay cannot be `async`: it is a message between windows; a request's answer comes from the receiving page",
        );
    }
    if let Some(body) = &method.item.default {
        cx.error_spanned_by(
            body,
            "a relay has no body: declare it with `;`; the receiving page handles it",
        );
    }
    let ReturnType::Type(_, ty) = &sig.output else {
        return;
    };
    match &method.output {
        Output::Unit | Output::Value(_) => {}
        Output::Result { .. } => cx.error_spanned_by(
            ty,
            "a relay request cannot answer a `Result`: the answer comes from another page, not a Rust handler; put the error inside the answer's type",
        ),
        Output::Stream(_) => cx.error_spanned_by(
            ty,
            "a relay cannot answer a `Stream`: a relay request has one answer",
        ),
    }
    let mut finder = Unsupported::default();
    finder.visit_type(ty);
    if let Some(reference) = finder.reference {
        cx.error_spanned_by(
            reference,
            format!(
                "a relay's answer cannot be borrowed: declare it as `{}`",
                owned_type(reference)
            ),
        );
    }
    if let Some(impl_trait) = finder.impl_trait {
        cx.error_spanned_by(
            impl_trait,
            "a relay's answer cannot be `impl Trait`: declare a concrete type",
        );
    }
}

/// Rules for events, which are declared in the trait but emitted from Rust.
fn event(cx: &Ctxt, service: &Service<'_>, method: &Method<'_>) {
    let sig = &method.item.sig;
    let emitter = format!("{}::{}", service.events_ident(), method.ident());
    if let Some(receiver) = sig.receiver() {
        cx.error_spanned_by(
            receiver,
            format!("an event has no receiver: it is not implemented but emitted, with `{emitter}`; remove `self`"),
        );
    }
    if let Some(token) = &sig.asyncness {
        cx.error_spanned_by(
            token,
            "an event cannot be `async`: it is a message, not a handler",
        );
    }
    if let ReturnType::Type(_, ty) = &sig.output {
        cx.error_spanned_by(
            ty,
            "an event has no return value: the renderer's listeners do not answer",
        );
    }
    if let Some(body) = &method.item.default {
        cx.error_spanned_by(
            body,
            format!("an event has no body: declare it with `;` and emit it with `{emitter}`"),
        );
    }
}

/// At most this many arguments per invoke or send method. No part of the
/// pipeline needs the limit today: the arguments are read one by one
/// (`ArgReader`), and the declarations and the preload take any number. It
/// dates from when a call's arguments were decoded as one tuple (serde's
/// tuples stop at 16), which events never were, so events have none. It
/// stays as a rule of the API: past a handful, positional arguments are
/// easy to pass in the wrong order from JavaScript, where a struct names
/// each one.
const MAX_PARAMS: usize = 16;

fn arguments(cx: &Ctxt, method: &Method<'_>) {
    if method.kind != Kind::Event {
        if let Some(extra) = method.params().nth(MAX_PARAMS) {
            cx.error_spanned_by(
                extra.pat_type,
                format!(
                    "an IPC method takes at most {MAX_PARAMS} arguments: group related ones in a struct"
                ),
            );
        }
    }
    let mut js_names = BTreeMap::new();
    for (index, arg) in method.args.iter().enumerate() {
        if let (Some(ident), false) = (arg.ident, arg.is_context) {
            parameter_name(cx, &mut js_names, ident, &arg.js_name);
        }
        match &*arg.pat_type.pat {
            Pat::Wild(_) => cx.error_spanned_by(
                &arg.pat_type.pat,
                "IPC arguments need a name: it names the parameter in TypeScript",
            ),
            _ if arg.ident.is_none() => cx.error_spanned_by(
                &arg.pat_type.pat,
                "IPC arguments must be plain names, not patterns: destructure inside the method",
            ),
            _ => {}
        }
        if arg.is_context {
            context(cx, method, index, arg.ty);
            continue;
        }
        let mut finder = Unsupported::default();
        finder.visit_type(arg.ty);
        if let Some(reference) = finder.reference {
            let owned = owned_type(reference);
            let message = match method.kind {
                Kind::Event => format!(
                    "an event argument cannot be borrowed: declare it as `{owned}`; the generated emitter takes it by reference"
                ),
                _ => format!(
                    "an IPC argument cannot be borrowed: it is decoded from the renderer's message and owned by the handler; use `{owned}`"
                ),
            };
            cx.error_spanned_by(reference, message);
        }
        if let Some(impl_trait) = finder.impl_trait {
            cx.error_spanned_by(
                impl_trait,
                "an IPC argument cannot be `impl Trait`: the renderer's message is decoded into one concrete type",
            );
        }
    }
}

/// A parameter's JavaScript name (`new_title` → `newTitle`) must be an
/// identifier, and unique in its method.
fn parameter_name<'a>(
    cx: &Ctxt,
    seen: &mut BTreeMap<String, &'a syn::Ident>,
    ident: &'a syn::Ident,
    js_name: &str,
) {
    let of = if ident == js_name {
        String::new()
    } else {
        format!(" (the JavaScript name of `{ident}`)")
    };
    if let Err(problem) = case::check_identifier(js_name) {
        cx.error_spanned_by(ident, format!("invalid IPC parameter name: {problem}{of}"));
    } else if let Some(first) = seen.insert(js_name.to_owned(), ident) {
        cx.error_spanned_by(
            ident,
            format!("`{first}` and `{ident}` are both the parameter `{js_name}` in JavaScript; rename one"),
        );
    }
}

fn context(cx: &Ctxt, method: &Method<'_>, index: usize, ty: &Type) {
    if method.kind == Kind::Event {
        cx.error_spanned_by(
            ty,
            "an event has no caller context; choose its receivers with the target argument of the generated emitter",
        );
        return;
    }
    if method.kind == Kind::Relay {
        cx.error_spanned_by(
            ty,
            "a relay has no caller context: the receiving page gets the sender's role as its first argument",
        );
        return;
    }
    if index != 0 {
        cx.error_spanned_by(ty, "the `Context` must be the first argument after `&self`");
    }
    match ty {
        Type::Reference(reference) if reference.mutability.is_none() => {}
        Type::Reference(reference) => cx.error_spanned_by(
            reference,
            "take the context by shared reference: `ctx: &Context`",
        ),
        _ => cx.error_spanned_by(ty, "take the context by reference: `ctx: &Context`"),
    }
}

/// The owned type to use instead of a reference: `String` for `&str`,
/// `Vec<T>` for `&[T]`, `T` for `&T`.
fn owned_type(reference: &syn::TypeReference) -> String {
    let owned = match &*reference.elem {
        Type::Path(path) if path.path.is_ident("str") => return "String".to_owned(),
        Type::Slice(slice) => {
            let elem = &slice.elem;
            quote::quote!(Vec<#elem>)
        }
        elem => quote::quote!(#elem),
    };
    compact(&owned.to_string())
}

/// Tokens as a person writes them: `Vec<(u8, u8)>`, not `Vec < (u8 , u8) >`.
fn compact(tokens: &str) -> String {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let chars: Vec<char> = tokens.chars().collect();
    let mut out = String::with_capacity(tokens.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_words =
            is_word(i.checked_sub(1).map(|j| chars[j])) && is_word(chars.get(i + 1).copied());
        if c == ' ' && !between_words {
            continue;
        }
        out.push(c);
        if c == ',' {
            out.push(' ');
        }
    }
    out
}

/// Finds the first reference and the first `impl Trait` inside a type.
#[derive(Default)]
struct Unsupported<'a> {
    reference: Option<&'a syn::TypeReference>,
    impl_trait: Option<&'a syn::TypeImplTrait>,
}

impl<'a> Visit<'a> for Unsupported<'a> {
    fn visit_type_reference(&mut self, reference: &'a syn::TypeReference) {
        self.reference.get_or_insert(reference);
    }

    fn visit_type_impl_trait(&mut self, impl_trait: &'a syn::TypeImplTrait) {
        self.impl_trait.get_or_insert(impl_trait);
    }
}

/// Two methods on one channel, or on one property of `window.<namespace>`
/// (an event `changed` occupies `onChanged`).
fn duplicates(cx: &Ctxt, service: &Service<'_>) {
    let mut channels = BTreeMap::new();
    let mut properties = BTreeMap::new();
    let has_events = service
        .methods
        .iter()
        .any(|method| method.kind == Kind::Event);
    for method in &service.methods {
        let ident = method.ident();
        if let Some(first) = channels.insert(method.channel.clone(), ident) {
            cx.error_at(
                method.name_span,
                format!(
                    "duplicate IPC channel `{}`: `{first}` already uses it; rename one with #[ipc(name = \"...\")]",
                    method.channel
                ),
            );
            continue;
        }
        for property in method.js_properties() {
            if has_events && property == case::REMOVE_ALL_LISTENERS {
                cx.error_at(
                    method.name_span,
                    format!(
                        "`{ident}` would become `window.{}.{property}`, which drops every subscription of a service with events; rename it with #[ipc(name = \"...\")]",
                        service.namespace
                    ),
                );
            } else if let Some(first) = properties.insert(property.clone(), ident) {
                cx.error_at(
                    method.name_span,
                    format!(
                        "`{ident}` and `{first}` both become `window.{}.{property}`; rename one with #[ipc(name = \"...\")]",
                        service.namespace
                    ),
                );
                break;
            }
        }
    }
}
