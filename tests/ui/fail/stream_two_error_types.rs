use electron_ipc::{service, Stream};

#[service]
pub trait Logs {
    fn tail(&self) -> Result<Stream<String, u32>, String>;
}

fn main() {}
