// Streams: plain, with a typed error, with a setup error, async, with the
// context, fed by a channel, and a path to the type.
use electron_ipc::{service, Context, Router, Stream};

#[service]
pub trait Logs {
    fn numbers(&self, count: u32) -> Stream<u32>;
    fn lines(&self) -> Stream<String, String>;
    fn tail(&self, ctx: &Context, file: String) -> Result<Stream<String>, String>;
    fn both(&self) -> Result<Stream<String, String>, String>;
    async fn later(&self) -> electron_ipc::Stream<u32>;
    async fn later_or_not(&self, ctx: &Context) -> Result<Stream<u32, String>, String>;
}

struct Impl;

impl Logs for Impl {
    fn numbers(&self, count: u32) -> Stream<u32> {
        Stream::iter(0..count)
    }
    fn lines(&self) -> Stream<String, String> {
        Stream::iter(["a".to_owned()])
    }
    fn tail(&self, _ctx: &Context, file: String) -> Result<Stream<String>, String> {
        Err(file)
    }
    fn both(&self) -> Result<Stream<String, String>, String> {
        let (_sender, stream) = Stream::channel(4);
        Ok(stream)
    }
    async fn later(&self) -> electron_ipc::Stream<u32> {
        Stream::iter([1])
    }
    async fn later_or_not(&self, _ctx: &Context) -> Result<Stream<u32, String>, String> {
        Ok(Stream::iter([1]))
    }
}

fn main() {
    let _router = Router::new().service(LogsService::new(Impl));
}
