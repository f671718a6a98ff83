use electron_ipc::{service, Stream};

pub struct Opaque;

#[service]
pub trait Logs {
    fn tail(&self) -> Stream<Opaque>;
}

fn main() {}
