use electron_ipc::{service, Incoming};

#[service]
pub trait Files {
    async fn count(&self, items: Incoming<&'static str>) -> u32;
}

fn main() {}
