//! The `#[service]` attribute. Use it through `electron_ipc::service`; the
//! runtime's documentation describes what it generates.

mod ast;
mod attr;
mod case;
mod check;
mod ctxt;
mod expand;
mod fallback;

use proc_macro::TokenStream;

/// Declares an IPC service from a trait.
#[proc_macro_attribute]
pub fn service(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::service(attr.into(), item.into()).into()
}
