use electron_ipc::{service, TS};

#[derive(TS)]
pub struct Todo {
    title: String,
}

#[service]
pub trait Todos {
    #[ipc(state)]
    fn todos() -> Vec<Todo>;
}

fn main() {}
