use electron_ipc::{service, TS};
use serde::Serialize;

// What a main-js handler answers is checked by the Rust type under the
// `bigint` policy: the type decodes too.
#[derive(Serialize, TS)]
pub struct Size {
    width: u32,
}

#[service(implemented_in = "main-js")]
pub trait Shell {
    fn size(&self) -> Size;
}

fn main() {}
