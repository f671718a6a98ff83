// One-way messages, sync and async, with and without arguments.
use electron_ipc::{service, Router};

#[service]
pub trait Logger {
    #[ipc(send)]
    fn log(&self, line: String);
    #[ipc(send)]
    async fn flush(&self);
    #[ipc(send)]
    fn nothing(&self) -> ();
}

struct Impl;

impl Logger for Impl {
    fn log(&self, _line: String) {}
    async fn flush(&self) {}
    fn nothing(&self) {}
}

fn main() {
    let _router = Router::new().service(LoggerService::new(Impl));
}
