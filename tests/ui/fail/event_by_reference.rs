use electron_ipc::{service, TS};
use serde::Serialize;

#[derive(Serialize, TS)]
pub struct Entry {
    line: String,
}

#[service]
pub trait Log {
    #[ipc(event)]
    fn added(entry: &Entry);
}

fn main() {}
