use electron_ipc::{service, Incoming};

#[service(implemented_in = "main-js")]
pub trait Files {
    async fn count(&self, numbers: Incoming<u32>) -> u32;
}

fn main() {}
