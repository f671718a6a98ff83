use electron_ipc::{service, TS};

#[derive(TS)]
pub struct Todo {
    title: String,
}

#[service]
pub trait Todos {
    fn add(&self, todo: Todo);
}

fn main() {}
