use electron_ipc::{service, Stream};

#[service(implemented_in = "main-js")]
pub trait Logs {
    fn tail(&self) -> Stream<String>;
}

fn main() {}
