//! The trait as implementors see it: `Send + Sync + 'static` (the router
//! shares one implementation between threads), `async fn` spelled out so
//! its future is `Send`, events removed (they are emitted, not implemented).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::TraitItem;

use crate::ast::{Output, Service};
use crate::attr;

pub(crate) fn expand(service: &Service<'_>) -> TokenStream {
    let mut item = service.item.clone();
    if item.colon_token.is_none() {
        item.colon_token = Some(Default::default());
    }
    item.supertraits
        .push(syn::parse_quote!(::core::marker::Send));
    item.supertraits
        .push(syn::parse_quote!(::core::marker::Sync));
    item.supertraits.push(syn::parse_quote!('static));
    item.items = service
        .methods
        .iter()
        .filter(|m| !Service::is_declaration(m.kind))
        .map(|method| {
            let mut item = method.item.clone();
            item.attrs.retain(|a| !attr::is_ipc_attr(a));
            if let Some(async_token) = item.sig.asyncness.take() {
                let output = Output::declared(method.item);
                item.sig.output = syn::parse2(quote_spanned! {async_token.span()=>
                    -> impl ::core::future::Future<Output = #output> + ::core::marker::Send
                })
                .expect("a future return type parses");
            }
            TraitItem::Fn(item)
        })
        .collect();
    quote!(#item)
}
