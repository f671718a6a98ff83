// A generic type used at concrete types, in arguments and returns.
use electron_ipc::{service, Router, TS};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, TS)]
pub struct Page<T> {
    items: Vec<T>,
    next: Option<u32>,
}

#[derive(Serialize, Deserialize, TS)]
pub struct Todo {
    title: String,
}

#[service]
pub trait Todos {
    fn page(&self, cursor: Option<u32>) -> Page<Todo>;
    fn import(&self, page: Page<String>) -> std::collections::HashMap<String, u32>;
}

struct Impl;

impl Todos for Impl {
    fn page(&self, _cursor: Option<u32>) -> Page<Todo> {
        Page { items: Vec::new(), next: None }
    }
    fn import(&self, _page: Page<String>) -> std::collections::HashMap<String, u32> {
        Default::default()
    }
}

fn main() {
    let _router = Router::new().service(TodosService::new(Impl));
}
