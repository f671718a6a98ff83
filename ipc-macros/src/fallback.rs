//! What to emit next to the errors when the trait is invalid.
//!
//! Without it, every use of the trait and of the generated types would light
//! up with follow-on errors ("cannot find type `TodosService`") that hide the
//! real one. So the trait is emitted as written (minus `#[ipc]` attributes
//! and events, which are not methods to implement), with the service and
//! emitter types and an empty `Service` impl. None of it runs: the crate does
//! not compile while the errors stand.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{FnArg, Pat, TraitItem};

use crate::ast::Service;
use crate::attr::{self, Implementation, Kind};
use crate::expand;

pub(crate) fn expand(service: &Service<'_>) -> TokenStream {
    let krate = &service.krate;
    let vis = &service.item.vis;
    let trait_ident = &service.item.ident;
    let service_ident = service.service_ident();
    let namespace = &service.namespace;
    let name = trait_ident.to_string();
    let events = if service.has_events() {
        expand::events_type(service)
    } else {
        TokenStream::new()
    };
    let stand_in_impl = |generics: TokenStream, self_ty: TokenStream| {
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
    };
    if service.implementation == Implementation::MainJs {
        let service_impl = stand_in_impl(TokenStream::new(), quote!(#service_ident));
        return quote! {
            #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::default::Default)]
            #vis struct #service_ident;
            impl #service_ident {
                #vis fn new() -> Self {
                    Self
                }
            }
            #service_impl
            #events
        };
    }

    let mut item = service.item.clone();
    item.items.retain(|trait_item| match trait_item {
        TraitItem::Fn(method) => service
            .methods
            .iter()
            .all(|m| m.item.sig.ident != method.sig.ident || m.kind != Kind::Event),
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
    // A generic trait cannot be named without its parameters; the user's
    // error is about that, and the stand-in impl would only add noise.
    let service_impl = if item.generics.params.is_empty() {
        stand_in_impl(
            quote!(<__Impl: #trait_ident + ::core::marker::Send + ::core::marker::Sync + 'static>),
            quote!(#service_ident<__Impl>),
        )
    } else {
        TokenStream::new()
    };
    quote! {
        #item

        #vis struct #service_ident<T> {
            inner: ::std::sync::Arc<T>,
        }

        #[allow(dead_code)]
        impl<T> #service_ident<T> {
            #vis fn new(inner: T) -> Self {
                Self { inner: ::std::sync::Arc::new(inner) }
            }
            #vis fn from_arc(inner: ::std::sync::Arc<T>) -> Self {
                Self { inner }
            }
            #vis fn inner(&self) -> &::std::sync::Arc<T> {
                &self.inner
            }
        }

        #service_impl
        #events
    }
}
