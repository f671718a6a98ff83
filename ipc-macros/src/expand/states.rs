//! The typed handle of a service's states, `TodosStates`: one public
//! `State<T>` field per `#[ipc(state)]`, created with the initial values.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Attribute;

use crate::ast::{Output, Service};
use crate::attr::Kind;

/// What `new` does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bodies {
    /// Create and publish every state.
    Publish,
    /// Nothing: the stand-in of [`crate::fallback`], which keeps the user's
    /// code compiling while the trait has errors.
    StandIn,
}

pub(crate) fn expand(service: &Service<'_>, bodies: Bodies) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let vis = &service.item.vis;
    let states_ident = service.states_ident();
    let trait_ident = &service.item.ident;
    let states: Vec<_> = service
        .methods
        .iter()
        .filter(|m| m.kind == Kind::State)
        .filter_map(|m| match &m.output {
            Output::Value(ty) => Some((m, *ty)),
            _ => None,
        })
        .collect();
    let emitter = if states.iter().any(|(m, _)| m.ident() == "emitter") {
        format_ident!("__emitter")
    } else {
        format_ident!("emitter")
    };
    let fields = states.iter().map(|(method, ty)| {
        let ident = method.ident();
        let kept: Vec<&Attribute> = method
            .item
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc") || a.path().is_ident("deprecated"))
            .collect();
        let separator = method.docs.is_some().then(|| quote!(#[doc = ""]));
        let channel_doc = format!(
            " Published on the `{}` channel; pages follow it as `window.{}.{}`.",
            method.channel,
            service.namespace,
            crate::case::state_store(&method.js_name)
        );
        quote! {
            #(#kept)*
            #separator
            #[doc = #channel_doc]
            #vis #ident: #krate::State<#ty>
        }
    });
    let params = states.iter().map(|(method, ty)| {
        let ident = method.ident();
        quote!(#ident: #ty)
    });
    let body = match bodies {
        Bodies::Publish => {
            let inits = states.iter().map(|(method, ty)| {
                let ident = method.ident();
                let channel = &method.channel;
                quote! {
                    #ident: #krate::State::__new(
                        ::core::clone::Clone::clone(&#emitter),
                        #channel,
                        #ident,
                        // Under the emitter's policy for 64-bit integers (the
                        // router's, docs/wire.md, "64-bit integers").
                        |value: &#ty, policy: #krate::schema::Int64| {
                            #private::Probe::<#ty>::new().value().encode(value, policy)
                        },
                    )
                }
            });
            quote!(Self { #(#inits),* })
        }
        Bodies::StandIn => {
            let idents = states.iter().map(|(method, _)| method.ident());
            quote! {
                let _ = (#emitter, #(#idents),*);
                // Emitted only next to the trait's errors: the crate does not
                // compile, so this body never runs.
                ::core::unreachable!("the #[service] trait has errors; this stand-in never runs")
            }
        }
    };
    let doc = format!(
        " The states of `{trait_ident}`: values owned by the main process that every window \
         reads and follows.\n\n \
         Create it once, with the initial values, on the router's emitter \
         (`{states_ident}::new(router.emitter(), …)`), and keep it where the values change: \
         `set` and `update` publish the new value to every window that follows the state."
    );
    quote! {
        #[doc = #doc]
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        #vis struct #states_ident {
            #(#fields),*
        }

        // A crate may create its states in a test only.
        #[allow(dead_code)]
        impl #states_ident {
            /// The states, holding their initial values, published through
            /// `emitter` (usually `router.emitter()`).
            #[allow(clippy::ptr_arg, clippy::type_complexity, clippy::too_many_arguments)]
            #vis fn new(#emitter: #krate::Emitter, #(#params),*) -> Self {
                #body
            }
        }
    }
}
