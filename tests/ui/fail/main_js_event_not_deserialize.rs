use electron_ipc::{service, TS};
use serde::Serialize;

// Events of a main-js service are emitted from JavaScript and checked by
// the Rust types before they are sent, so their types decode too.
#[derive(Serialize, TS)]
pub struct Position {
    x: i32,
}

#[service(implemented_in = "main-js")]
pub trait Shell {
    #[ipc(event)]
    fn moved(to: Position);
}

fn main() {}
