use electron_ipc::{service, Stream, TS};
use serde::Serialize;

// Each item a main-js handler yields is checked by the Rust type, under
// either policy: the item type decodes too.
#[derive(Serialize, TS)]
pub struct Line {
    text: String,
}

#[service(implemented_in = "main-js")]
pub trait Logs {
    fn tail(&self) -> Stream<Line>;
}

fn main() {}
