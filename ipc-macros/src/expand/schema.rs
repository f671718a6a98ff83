//! `Service::describe`: the service's part of the schema, with the
//! TypeScript of every type it uses.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::Type;

use crate::ast::{Output, Service};
use crate::attr::{Implementation, Kind};
use crate::expand::checks;

pub(crate) fn describe(service: &Service<'_>) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let name = service.item.ident.to_string();
    let namespace = &service.namespace;
    let docs = option_string(service.docs.as_deref());
    let implementation = match service.implementation {
        Implementation::Rust => quote!(Rust),
        Implementation::MainJs => quote!(MainJs),
    };
    let channels = service.methods.iter().map(|method| {
        let kind = match method.kind {
            // A method that takes an `Incoming` and answers once stays an
            // invoke; its parameter says `incoming`.
            Kind::Invoke if method.output.is_stream() => quote!(Stream),
            Kind::Invoke => quote!(Invoke),
            Kind::Send => quote!(Send),
            Kind::Event => quote!(Event),
            Kind::SendSync => quote!(SendSync),
            Kind::State => quote!(State),
            Kind::Relay => quote!(Relay),
        };
        let channel = &method.channel;
        let js_name = &method.js_name;
        let rust_name = method.ident().unraw().to_string();
        let docs = option_string(method.docs.as_deref());
        let deprecated = match &method.deprecated {
            Some(deprecation) => {
                let since = option_string(deprecation.since.as_deref());
                let note = option_string(deprecation.note.as_deref());
                quote!(::core::option::Option::Some(#private::Deprecation { since: #since, note: #note }))
            }
            None => quote!(::core::option::Option::None),
        };
        let capability = option_string(method.capability.as_deref());
        let params = method.params().map(|param| {
            let name = param.ident.map(|i| i.unraw().to_string()).unwrap_or_default();
            let js_name = &param.js_name;
            let ts = match method.kind {
                Kind::Event if service.implementation == Implementation::MainJs => {
                    ts(&private, param.ty, quote!(js_event_arg))
                }
                Kind::Event => ts(&private, param.ty, quote!(value)),
                // Decoded from the sending page, encoded again for the receiving one.
                Kind::Relay => ts(&private, param.ty, quote!(js_event_arg)),
                Kind::Invoke | Kind::Send | Kind::SendSync | Kind::State => {
                    ts(&private, param.incoming.unwrap_or(param.ty), quote!(arg))
                }
            };
            let incoming = param.incoming.is_some();
            quote! {
                #private::ParamSchema {
                    name: ::std::string::String::from(#name),
                    js_name: ::std::string::String::from(#js_name),
                    ty: #ts,
                    incoming: #incoming,
                }
            }
        });
        let (returns, error) = match (method.kind, &method.output) {
            (Kind::Invoke | Kind::SendSync, Output::Unit) => (
                quote!(::core::option::Option::Some(::std::string::String::from("null"))),
                quote!(::core::option::Option::None),
            ),
            (Kind::Invoke | Kind::SendSync, Output::Value(ty)) => {
                let ts = ts(&private, ty, quote!(value));
                (quote!(::core::option::Option::Some(#ts)), quote!(::core::option::Option::None))
            }
            (Kind::Invoke | Kind::SendSync, Output::Result { ok, err }) => {
                let ok = ts(&private, ok, quote!(value));
                let err = ts(&private, err, quote!(value));
                (quote!(::core::option::Option::Some(#ok)), quote!(::core::option::Option::Some(#err)))
            }
            (Kind::State, Output::Value(ty)) => {
                let role = match service.implementation {
                    Implementation::MainJs => quote!(js_event_arg),
                    Implementation::Rust => quote!(value),
                };
                let ts = ts(&private, ty, role);
                (quote!(::core::option::Option::Some(#ts)), quote!(::core::option::Option::None))
            }
            // A relay request's `returns` is the type of the answer, which
            // crosses twice, like its payload.
            (Kind::Relay, Output::Value(ty)) => {
                let ts = ts(&private, ty, quote!(js_event_arg));
                (quote!(::core::option::Option::Some(#ts)), quote!(::core::option::Option::None))
            }
            // A stream's `returns` is the type of its items.
            (Kind::Invoke, Output::Stream(output)) => {
                let item = ts(&private, output.item, quote!(value));
                let error = match output.error() {
                    Some(error) => {
                        let error = ts(&private, error, quote!(value));
                        quote!(::core::option::Option::Some(#error))
                    }
                    None => quote!(::core::option::Option::None),
                };
                (quote!(::core::option::Option::Some(#item)), error)
            }
            _ => (quote!(::core::option::Option::None), quote!(::core::option::Option::None)),
        };
        quote! {
            #private::ChannelSchema {
                kind: #private::ChannelKindSchema::#kind,
                channel: ::std::string::String::from(#channel),
                js_name: ::std::string::String::from(#js_name),
                rust_name: ::std::string::String::from(#rust_name),
                docs: #docs,
                deprecated: #deprecated,
                capability: #capability,
                params: ::std::vec![#(#params),*],
                returns: #returns,
                error: #error,
            }
        }
    });
    let capability = option_string(service.capability.as_deref());
    let checks = checks::expand(service);
    quote! {
        fn describe(
            types: &mut #private::TypeRegistry,
        ) -> #private::ServiceSchema {
            #checks
            #private::ServiceSchema {
                name: ::std::string::String::from(#name),
                namespace: ::std::string::String::from(#namespace),
                docs: #docs,
                implementation: #private::Implementation::#implementation,
                capability: #capability,
                channels: ::std::vec![#(#channels),*],
            }
        }
    }
}

/// The TypeScript of `ty` in `role` (`arg`, `value`, `js_event_arg`),
/// registering its declarations.
fn ts(private: &TokenStream, ty: &Type, role: TokenStream) -> TokenStream {
    quote!(#private::Probe::<#ty>::new().#role().ts(types))
}

fn option_string(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(::core::option::Option::Some(::std::string::String::from(#text))),
        None => quote!(::core::option::Option::None),
    }
}
