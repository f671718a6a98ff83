use electron_ipc::service;
use serde::Serialize;

#[derive(Serialize)]
pub struct Todo {
    title: String,
}

#[service]
pub trait Todos {
    async fn all(&self) -> Vec<Todo>;
}

fn main() {}
