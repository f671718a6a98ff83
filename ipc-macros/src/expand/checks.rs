//! The compile-time check of every type that crosses the boundary, one per
//! type and role, at the type as the user wrote it.
//!
//! The rest of the expansion reaches the types through
//! `__private::Probe`, which compiles whether or not a type has the traits
//! (see `ipc-runtime/src/__private/probe.rs`). So each assertion here is the
//! only error a type that cannot cross gives, with the message of its
//! role: `Box<dyn Fn()>` as an argument, `std::fs::File` returned,
//! `Box<dyn Error>` as the error.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Type;

use crate::ast::{Output, Service};
use crate::attr::{Implementation, Kind};

/// The assertions, as statements (they open `describe`).
pub(crate) fn expand(service: &Service<'_>) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let assert = |assertion: TokenStream, ty: &Type, role: TokenStream| {
        // `#ty` keeps the user's spans: the compiler blames the generic
        // argument, so the error underlines the whole type as written.
        quote!(#private::#assertion::<#ty, _>(#private::Probe::<#ty>::new().#role());)
    };
    let mut checks = Vec::new();
    for method in &service.methods {
        for param in method.params() {
            // An `Incoming<T>`'s items are decoded as arguments are.
            let ty = param.incoming.unwrap_or(param.ty);
            checks.push(match method.kind {
                // Emitted from JavaScript, an event of a main-js service is
                // decoded by its check as well as encoded by its emitter.
                Kind::Event if service.implementation == Implementation::MainJs => {
                    assert(quote!(assert_js_event_arg), ty, quote!(js_event_arg))
                }
                Kind::Event => assert(quote!(assert_event_arg), ty, quote!(value)),
                // A relay's payload is decoded from the sending page and
                // encoded again for the receiving one.
                Kind::Relay => assert(quote!(assert_relay_value), ty, quote!(js_event_arg)),
                // Decoded to check it, and under the `bigint` policy encoded
                // again for the JavaScript handler.
                Kind::Invoke | Kind::Send | Kind::SendSync
                    if service.implementation == Implementation::MainJs =>
                {
                    assert(quote!(assert_js_arg), ty, quote!(js_event_arg))
                }
                Kind::Invoke | Kind::Send | Kind::SendSync | Kind::State => {
                    assert(quote!(assert_arg), ty, quote!(arg))
                }
            });
        }
        if let (Kind::State, Output::Value(ty)) = (method.kind, &method.output) {
            // A state's value travels like an event's argument: set from
            // Rust it is only encoded; set from main-process JavaScript it is
            // also decoded, as that service's events are.
            checks.push(match service.implementation {
                Implementation::MainJs => {
                    assert(quote!(assert_js_event_arg), ty, quote!(js_event_arg))
                }
                Implementation::Rust => assert(quote!(assert_event_arg), ty, quote!(value)),
            });
        }
        if let (Kind::Relay, Output::Value(ty)) = (method.kind, &method.output) {
            checks.push(assert(quote!(assert_relay_value), ty, quote!(js_event_arg)));
        }
        if matches!(method.kind, Kind::Invoke | Kind::SendSync)
            && service.implementation == Implementation::MainJs
        {
            // A JavaScript handler's answer is decoded to check it and
            // encoded again (`dispatch::check_answer`).
            let answer = |ty| assert(quote!(assert_js_answer), ty, quote!(js_event_arg));
            match &method.output {
                Output::Unit => {}
                Output::Value(ty) => checks.push(answer(ty)),
                // Each item the handler yields is checked like an answer,
                // and so is the error it throws.
                Output::Stream(output) => {
                    checks.push(answer(output.item));
                    checks.extend(output.error().map(answer));
                }
                Output::Result { ok, err } => {
                    checks.push(answer(ok));
                    checks.push(answer(err));
                }
            }
        } else if matches!(method.kind, Kind::Invoke | Kind::SendSync) {
            match &method.output {
                Output::Unit => {}
                Output::Value(ty) => checks.push(assert(quote!(assert_return), ty, quote!(value))),
                Output::Result { ok, err } => {
                    checks.push(assert(quote!(assert_return), ok, quote!(value)));
                    checks.push(assert(quote!(assert_error), err, quote!(value)));
                }
                Output::Stream(output) => {
                    checks.push(assert(quote!(assert_return), output.item, quote!(value)));
                    for error in [output.item_error, output.setup_error]
                        .into_iter()
                        .flatten()
                    {
                        checks.push(assert(quote!(assert_error), error, quote!(value)));
                    }
                }
            }
        }
    }
    quote!(#(#checks)*)
}
