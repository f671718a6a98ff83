// Handlers written in main-process JavaScript: no trait to implement, Rust
// validates the arguments (and, under the `bigint` policy, encodes them
// again for the handler, so they serialize too).
use electron_ipc::{service, Router, Stream, TS};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, TS)]
pub struct Bounds {
    width: u32,
    height: u32,
}

#[service(implemented_in = "main-js", namespace = "win")]
pub trait Window {
    fn resize(&self, bounds: Bounds) -> bool;
    async fn title(&self) -> String;
    #[ipc(send)]
    fn close(&self);
    #[ipc(event)]
    fn focused(id: u32);
    // The handler returns an iterable; Rust checks each item.
    fn sizes(&self, every_ms: u32) -> Result<Stream<Bounds, String>, String>;
    fn ticks(&self) -> Stream<u64>;
}

fn main() {
    let _router = Router::new().service(WindowService::new());
    let _ = WindowEvents::new(electron_ipc::Emitter::new());
}
