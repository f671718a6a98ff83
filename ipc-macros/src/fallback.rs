//! What to emit next to the errors when the trait is invalid.
//!
//! Without it, every use of the trait and of the generated types would light
//! up with follow-on errors ("cannot find type `TodosService`") that hide the
//! real one. So the trait is emitted as written (minus `#[ipc]` attributes
//! and events, which are not methods to implement), with the service and
//! emitter types of the real expansion, an empty `Service` impl and
//! emitter methods that do nothing. None of it runs: the crate does not
//! compile while the errors stand.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{FnArg, Pat, TraitItem};

use crate::ast::Service;
use crate::attr::{self, Implementation};
use crate::expand::{events, service_type, states};

pub(crate) fn expand(service: &Service<'_>) -> TokenStream {
    let events = if service.has_events() {
        events::expand(service, events::Bodies::StandIn)
    } else {
        TokenStream::new()
    };
    let (trait_def, service_struct) = match service.implementation {
        Implementation::Rust => (trait_def(service), service_type::rust_struct(service)),
        Implementation::MainJs => (TokenStream::new(), service_type::main_js_struct(service)),
    };
    // A generic trait cannot be named without its parameters; the user's
    // error is about that, and the stand-in impl would only add noise.
    let service_impl = if service.item.generics.params.is_empty() {
        stand_in_impl(service)
    } else {
        TokenStream::new()
    };
    let states = if service.has_states() && service.implementation == Implementation::Rust {
        states::expand(service, states::Bodies::StandIn)
    } else {
        TokenStream::new()
    };
    quote! {
        #trait_def
        #service_struct
        #service_impl
        #events
        #states
    }
}

/// The trait as written, minus what is not a method to implement and what
/// rustc would report again.
fn trait_def(service: &Service<'_>) -> TokenStream {
    let mut item = service.item.clone();
    item.items.retain(|trait_item| match trait_item {
        TraitItem::Fn(method) => service
            .methods
            .iter()
            .all(|m| m.item.sig.ident != method.sig.ident || !Service::is_declaration(m.kind)),
        _ => true,
    });
    for trait_item in &mut item.items {
        if let TraitItem::Fn(method) = trait_item {
            method.attrs.retain(|a| !attr::is_ipc_attr(a));
            // rustc would repeat what the errors already say about these.
            method.sig.constness = None;
            for input in &mut method.sig.inputs {
                if let FnArg::Typed(arg) = input {
                    if !matches!(*arg.pat, Pat::Ident(_) | Pat::Wild(_)) {
                        *arg.pat = syn::parse_quote!(_);
                    }
                }
            }
        }
    }
    quote!(#item)
}

/// A `Service` impl without channels, so that `Router::service(…)` calls
/// compile.
fn stand_in_impl(service: &Service<'_>) -> TokenStream {
    let krate = &service.krate;
    let namespace = &service.namespace;
    let name = service.item.ident.to_string();
    let (generics, self_ty) = service_type::impl_target(service);
    quote! {
        #[automatically_derived]
        impl #generics #krate::Service for #self_ty {
            const NAMESPACE: &'static str = #namespace;
            const CHANNELS: &'static [#krate::ChannelDef] = &[];
            fn describe(
                _: &mut #krate::__private::TypeRegistry,
            ) -> #krate::__private::ServiceSchema {
                #krate::__private::ServiceSchema {
                    name: ::std::string::String::from(#name),
                    namespace: ::std::string::String::from(#namespace),
                    docs: ::core::option::Option::None,
                    implementation: #krate::__private::Implementation::Rust,
                    capability: ::core::option::Option::None,
                    channels: ::std::vec::Vec::new(),
                }
            }
            fn call(
                &self,
                method: u32,
                args: #krate::Args<'_>,
                _: #krate::Context,
            ) -> #krate::Reply {
                #krate::__private::unknown_method(&args, method)
            }
        }
    }
}
