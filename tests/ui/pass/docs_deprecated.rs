#![deny(missing_docs, deprecated)]
//! Docs and `#[deprecated]` are kept on the trait and the emitter, and the
//! generated code does not trip `deny(deprecated)` or `missing_docs`.
use electron_ipc::service;

/// A service.
#[service]
pub trait Todos {
    /// Counts.
    ///
    /// Second paragraph.
    fn count(&self) -> u32;
    /// Old.
    #[deprecated(since = "0.2.0", note = "use `count`")]
    fn size(&self) -> u32;
    /// Was changed.
    #[ipc(event)]
    #[deprecated = "listen to `updated`"]
    fn changed(id: u32);
    #[ipc(event)]
    fn updated(id: u32);
}

struct Impl;

impl Todos for Impl {
    fn count(&self) -> u32 {
        0
    }
    fn size(&self) -> u32 {
        0
    }
}

fn main() {
    let _ = TodosService::new(Impl);
}
