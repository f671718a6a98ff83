//! A state next to the methods that change it: the generated `TodosStates`
//! holds one `State<T>` per `#[ipc(state)]`, created with its initial value.

use electron_ipc::{service, Emitter, Router, TS};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, TS, Clone)]
pub struct Todo {
    title: String,
}

#[service]
pub trait Todos {
    fn add(&self, title: String);
    /// The whole list.
    #[ipc(state)]
    fn todos() -> Vec<Todo>;
    #[ipc(state, name = "busy")]
    fn loading() -> bool;
}

/// Set from main-process JavaScript: no Rust handle, the value is checked.
#[service(implemented_in = "main-js")]
pub trait Shell {
    #[ipc(state)]
    fn maximized() -> bool;
}

#[derive(Debug)]
struct Store {
    states: TodosStates,
}

impl Todos for Store {
    fn add(&self, title: String) {
        let _ = self.states.todos.update(|todos| todos.push(Todo { title }));
        let _ = self.states.loading.set(false);
    }
}

fn main() {
    let emitter = Emitter::new();
    let states = TodosStates::new(emitter.clone(), Vec::new(), true);
    let _router: Router = Router::new()
        .with_emitter(emitter)
        .service(TodosService::new(Store { states }))
        .service(ShellService::new());
}
