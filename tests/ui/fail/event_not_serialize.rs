use electron_ipc::{service, TS};

#[derive(TS)]
pub struct Todo {
    title: String,
}

#[service]
pub trait Todos {
    #[ipc(event)]
    fn changed(todo: Todo);
}

fn main() {}
