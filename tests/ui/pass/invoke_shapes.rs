// Sync and async invokes, plain and `Result` returns, unit returns, and an
// implementation written with `async fn`.
use electron_ipc::{service, Router, TS};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, TS)]
pub struct Todo {
    id: u32,
    title: String,
}

#[derive(Serialize, TS)]
pub enum TodoError {
    NotFound { id: u32 },
}

/// A one-parameter alias is not recognised as a typed error: the whole
/// `Result` is the value (`{ "Ok": ... }` or `{ "Err": ... }`).
pub type TodoResult<T> = Result<T, TodoError>;

#[service]
pub trait Todos {
    fn count(&self) -> u32;
    fn reset(&self);
    fn unit(&self) -> ();
    fn get(&self, id: u32) -> Result<Todo, TodoError>;
    async fn add(&self, title: String, done: bool) -> Result<Todo, TodoError>;
    async fn remove(&self, id: u32) -> Result<(), TodoError>;
    async fn titles(&self) -> Vec<String>;
    async fn touch(&self);
    fn first(&self) -> TodoResult<Todo>;
    fn qualified(&self) -> std::result::Result<u8, String>;
}

struct Store;

impl Todos for Store {
    fn count(&self) -> u32 {
        0
    }
    fn reset(&self) {}
    fn unit(&self) {}
    fn get(&self, id: u32) -> Result<Todo, TodoError> {
        Err(TodoError::NotFound { id })
    }
    async fn add(&self, title: String, _done: bool) -> Result<Todo, TodoError> {
        Ok(Todo { id: 1, title })
    }
    async fn remove(&self, id: u32) -> Result<(), TodoError> {
        Err(TodoError::NotFound { id })
    }
    async fn titles(&self) -> Vec<String> {
        Vec::new()
    }
    async fn touch(&self) {}
    fn first(&self) -> TodoResult<Todo> {
        Err(TodoError::NotFound { id: 0 })
    }
    fn qualified(&self) -> std::result::Result<u8, String> {
        Ok(0)
    }
}

fn main() {
    let _router = Router::new().service(TodosService::new(Store));
}
