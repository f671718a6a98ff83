//! The expansion, one module per thing it generates:
//!
//! - [`trait_def`]: the trait as implementors see it;
//! - [`service_type`]: the service type the router serves, and its
//!   `Service` impl (the channel table, `describe`, `call`);
//! - [`schema`]: `describe`, the service's part of the schema;
//! - [`dispatch`]: `call`, which decodes the arguments and calls the method;
//! - [`events`]: the typed event emitter;
//! - [`states`]: the typed handle of the states;
//! - [`checks`]: the one compile-time check of each type that crosses the
//!   boundary.
//!
//! When the trait is invalid, [`crate::fallback`] stands in for all of it.

pub(crate) mod checks;
pub(crate) mod dispatch;
pub(crate) mod events;
pub(crate) mod schema;
pub(crate) mod service_type;
pub(crate) mod states;
pub(crate) mod trait_def;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::ItemTrait;

use crate::ast::Service;
use crate::attr::{self, Implementation};
use crate::check;
use crate::ctxt::Ctxt;
use crate::fallback;

/// `#[service]`: the expansion of a valid trait, or the errors and the
/// stand-ins of [`fallback`].
pub(crate) fn service(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item: ItemTrait = match syn::parse2(item.clone()) {
        Ok(item) => item,
        Err(_) => {
            let error = syn::Error::new(
                not_a_trait_span(&item),
                "#[service] declares an IPC service and goes on a trait, e.g. `#[service] pub trait Todos { ... }`",
            )
            .into_compile_error();
            return quote!(#error #item);
        }
    };
    let cx = Ctxt::new();
    let args = attr::service_args(&cx, attr);
    let service = Service::from_syn(&cx, args, &item);
    check::service(&cx, &service);
    match cx.check() {
        Ok(()) => expand(&service),
        Err(errors) => {
            let errors = errors.into_compile_error();
            let fallback = fallback::expand(&service);
            quote!(#errors #fallback)
        }
    }
}

/// The name of the item `#[service]` was wrongly put on, when it has one.
fn not_a_trait_span(item: &TokenStream) -> Span {
    match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Struct(item)) => item.ident.span(),
        Ok(syn::Item::Enum(item)) => item.ident.span(),
        Ok(syn::Item::Union(item)) => item.ident.span(),
        Ok(syn::Item::Fn(item)) => item.sig.ident.span(),
        Ok(syn::Item::Mod(item)) => item.ident.span(),
        Ok(syn::Item::Type(item)) => item.ident.span(),
        Ok(syn::Item::Impl(item)) => item.impl_token.span,
        _ => Span::call_site(),
    }
}

fn expand(service: &Service<'_>) -> TokenStream {
    let service_type = match service.implementation {
        Implementation::Rust => {
            let trait_def = trait_def::expand(service);
            let service_type = service_type::rust(service);
            quote!(#trait_def #service_type)
        }
        Implementation::MainJs => service_type::main_js(service),
    };
    let events = if service.has_events() {
        events::expand(service, events::Bodies::Emit)
    } else {
        TokenStream::new()
    };
    let states = if service.has_states() && service.implementation == Implementation::Rust {
        states::expand(service, states::Bodies::Publish)
    } else {
        TokenStream::new()
    };
    quote! {
        #service_type
        #events
        #states
    }
}
