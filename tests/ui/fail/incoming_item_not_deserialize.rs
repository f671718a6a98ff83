use electron_ipc::{service, Incoming};

pub struct Opaque;

#[service]
pub trait Files {
    async fn count(&self, items: Incoming<Opaque>) -> u32;
}

fn main() {}
