//! The `#[service]` attribute. Use it through `ipc_runtime::service`.

use proc_macro::TokenStream;

/// Declares an IPC service from a trait.
#[proc_macro_attribute]
pub fn service(_attr: TokenStream, item: TokenStream) -> TokenStream {
    item
}
