use electron_ipc::{service, TS};
use serde::Deserialize;

// Arguments of a main-js method are decoded to be checked and, under the
// `bigint` policy, encoded again for the JavaScript handler: they
// serialize too.
#[derive(Deserialize, TS)]
pub struct Bounds {
    width: u32,
}

#[service(implemented_in = "main-js")]
pub trait Shell {
    fn resize(&self, bounds: Bounds);
}

fn main() {}
