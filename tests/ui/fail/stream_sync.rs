use electron_ipc::{service, Stream};

#[service]
pub trait Logs {
    #[ipc(sync)]
    fn tail(&self) -> Stream<String>;
}

fn main() {}
