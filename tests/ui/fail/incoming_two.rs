use electron_ipc::{service, Bytes, Incoming};

#[service]
pub trait Files {
    async fn upload(&self, chunks: Incoming<Bytes>, names: Incoming<String>) -> u32;
}

fn main() {}
