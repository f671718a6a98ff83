use electron_ipc::{service, TS};
use serde::Deserialize;

#[derive(Deserialize, TS)]
pub struct Todo {
    title: String,
}

#[service]
pub trait Todos {
    fn add(&self, todo: Option<&Todo>);
}

fn main() {}
