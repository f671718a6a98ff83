//! The typed emitter, `TodosEvents`: one method per event, taking the
//! target and the event's arguments by reference.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Attribute;

use crate::ast::{Method, Service};
use crate::attr::{Implementation, Kind};

/// What the emitter's methods do.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bodies {
    /// Encode the arguments and emit them.
    Emit,
    /// Nothing: the stand-in of [`crate::fallback`], whose signatures keep
    /// the user's calls compiling while the trait has errors, and whose
    /// bodies must not add errors of their own (a borrowed argument type
    /// cannot be encoded, for one).
    StandIn,
}

pub(crate) fn expand(service: &Service<'_>, bodies: Bodies) -> TokenStream {
    let krate = &service.krate;
    let vis = &service.item.vis;
    let events_ident = service.events_ident();
    let trait_ident = &service.item.ident;
    let doc = format!(
        " Emits the events of `{trait_ident}` to the renderers.\n\n \
         Build it from the router's emitter (`{events_ident}::new(router.emitter())`) and keep it \
         where events happen. Every method takes the target first:\n\n \
         - `Target::All`: every window;\n \
         - `Target::WebContents {{ id }}`: one `webContents`;\n \
         - `Target::caller(ctx)`: the frame that made the current call (`None` for calls made from Rust).\n\n \
         Emitting fails with `EmitError::NotConnected` until the router is hosted."
    );
    let methods = service
        .methods
        .iter()
        .filter(|m| m.kind == Kind::Event)
        .map(|method| event_method(service, method, bodies));
    quote! {
        #[doc = #doc]
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        #vis struct #events_ident {
            emitter: #krate::Emitter,
        }

        // A crate may emit only some of its events.
        #[allow(dead_code)]
        impl #events_ident {
            /// An emitter of these events through `emitter`, usually `router.emitter()`.
            #vis fn new(emitter: #krate::Emitter) -> Self {
                Self { emitter }
            }

            /// The emitter events go through.
            #vis fn emitter(&self) -> &#krate::Emitter {
                &self.emitter
            }

            #(#methods)*
        }
    }
}

fn event_method(service: &Service<'_>, method: &Method<'_>, bodies: Bodies) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let vis = &service.item.vis;
    let ident = method.ident();
    let channel = &method.channel;
    let kept: Vec<&Attribute> = method
        .item
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc") || a.path().is_ident("deprecated"))
        .collect();
    let separator = method.docs.is_some().then(|| quote!(#[doc = ""]));
    let channel_doc =
        format!(" Sent on the `{channel}` channel to the renderers `target` selects.");
    let params: Vec<_> = method
        .params()
        .filter_map(|p| p.ident.map(|i| (i, p.ty)))
        .collect();
    let target = if params.iter().any(|(ident, _)| *ident == "target") {
        format_ident!("__target")
    } else {
        format_ident!("target")
    };
    let declared = params.iter().map(|(ident, ty)| quote!(#ident: &#ty));
    let body = match bodies {
        Bodies::Emit => {
            let role = match service.implementation {
                Implementation::MainJs => quote!(js_event_arg),
                Implementation::Rust => quote!(value),
            };
            let encoded = params.iter().map(
                |(ident, ty)| quote!(#private::Probe::<#ty>::new().#role().encode(#ident, __int64)),
            );
            quote! {
                let __int64 = self.emitter.int64();
                #private::emit_encoded(&self.emitter, #target, #channel, [#(#encoded),*])
            }
        }
        Bodies::StandIn => {
            let idents = params.iter().map(|(ident, _)| ident);
            quote! {
                let _ = (#target, #(#idents),*);
                ::core::result::Result::Ok(())
            }
        }
    };
    quote! {
        #(#kept)*
        #separator
        #[doc = #channel_doc]
        #[allow(clippy::ptr_arg, clippy::type_complexity)]
        #vis fn #ident(
            &self,
            #target: #krate::Target,
            #(#declared),*
        ) -> ::core::result::Result<(), #krate::EmitError> {
            #body
        }
    }
}
