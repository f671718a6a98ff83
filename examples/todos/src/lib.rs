//! A todo list whose state lives in Rust, served to an Electron renderer
//! over typed IPC.
//!
//! The [`Todos`] trait is the whole IPC surface: `ipc-codegen` turns
//! `schema/todo-app.json` (written by this crate's `ipc_schema` test) into
//! the preload and the renderer's `window.todos` declarations. [`Store`]
//! implements it with a `Mutex`-guarded list, which it publishes as the
//! state `todos` (the generated [`TodosStates`]): every window reads the
//! list and follows its changes there, with no event to miss.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use electron_ipc::Request;
//!
//! let router = todos_example::router();
//! let response = router.dispatch(Request::new("todos:add", r#"["milk"]"#)).await;
//! assert_eq!(response.to_json(), r#"{"ok":true,"value":{"id":1,"title":"milk","done":false}}"#);
//! # }
//! ```

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use electron_ipc::{service, Context, Emitter, Router, Stream, TS};
use serde::{Deserialize, Serialize};

/// The longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// How many log lines the main process keeps: the oldest go first. A page
/// may send as many lines as it likes; main's memory must not follow.
pub const MAX_LOG_LINES: usize = 1_000;

/// The longest log line kept, in characters; the rest of a line is cut and
/// marked with `…`.
pub const MAX_LOG_LINE_CHARS: usize = 2_000;

/// One item of the list.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
pub struct Todo {
    /// Assigned by the store, never reused.
    pub id: u32,
    /// What to do.
    pub title: String,
    /// Whether it is done.
    pub done: bool,
}

/// One line of the report that [`Todos::report_lines`] streams, with how
/// far the report has come.
#[derive(Serialize, TS, Clone, Debug, PartialEq, Eq)]
pub struct ReportLine {
    /// The line, e.g. `[x] milk`.
    pub line: String,
    /// How many todos are written, this one included.
    pub done: u32,
    /// How many todos the report writes.
    pub total: u32,
}

/// Why an operation on the list failed. The renderer receives it as the
/// `data` of an `ERR_HANDLER` error, e.g. `{ "NotFound": { "id": 3 } }`.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
pub enum TodoError {
    /// No todo has this id (it was removed, or never existed).
    NotFound {
        /// The id asked for.
        id: u32,
    },
    /// The title is empty or only whitespace.
    EmptyTitle,
    /// The title is longer than [`MAX_TITLE_CHARS`].
    TitleTooLong {
        /// The limit, in characters.
        max: u32,
        /// The length received, in characters.
        length: u32,
    },
}

/// The todo list of the app, kept by the main process.
#[service]
pub trait Todos {
    /// Adds a todo and returns it.
    async fn add(&self, title: String) -> Result<Todo, TodoError>;

    /// Every todo, oldest first: kept by the main process, followed by every
    /// window (`window.todos.todosState`), each change as one new version.
    #[ipc(state)]
    fn todos() -> Vec<Todo>;

    /// Marks a todo done, or not done again; returns it.
    async fn toggle(&self, id: u32) -> Result<Todo, TodoError>;

    /// Changes the title of a todo; returns it.
    async fn rename(&self, id: u32, title: String) -> Result<Todo, TodoError>;

    /// Removes a todo.
    async fn remove(&self, id: u32) -> Result<(), TodoError>;

    /// How many todos there are.
    fn count(&self) -> u32;

    /// Removes every done todo; returns how many were removed.
    async fn clear_completed(&self) -> u32;

    /// A report of the list, written one todo at a time: a long job
    /// ([`REPORT_STEP`] a todo) that the page can cancel with an
    /// `AbortSignal`, which drops it between two steps.
    async fn report(&self) -> String;

    /// The same report, streamed: each line as soon as it is written, with
    /// the progress. The page reads it with `for await`; `break` or an
    /// aborted signal drops the job in Rust between two steps, and a page
    /// that stops reading pauses it.
    fn report_lines(&self) -> Stream<ReportLine>;

    /// Removes every todo; returns how many were removed. Only a window
    /// granted `settings` (the app's settings window) may call it: main
    /// refuses it from any other, whose preload does not even expose it.
    #[ipc(capability = "settings")]
    async fn clear_all(&self) -> u32;

    /// Writes a line to the main process's log, tagged with the page that sent it.
    #[ipc(send)]
    fn log(&self, ctx: &Context, line: String);
}

/// How long [`Todos::report`] takes for each todo (and for an empty list).
pub const REPORT_STEP: std::time::Duration = std::time::Duration::from_millis(250);

/// The list behind [`Todos`].
#[derive(Debug)]
pub struct Store {
    state: Mutex<State>,
    log: Mutex<VecDeque<String>>,
    states: TodosStates,
}

#[derive(Debug, Default)]
struct State {
    todos: Vec<Todo>,
    next_id: u32,
}

impl Store {
    /// An empty list that publishes itself as the state `todos` of `states`.
    pub fn new(states: TodosStates) -> Self {
        Store {
            state: Mutex::new(State {
                todos: Vec::new(),
                next_id: 1,
            }),
            log: Mutex::new(VecDeque::new()),
            states,
        }
    }

    /// Publishes the list as the new version of the state `todos`, under
    /// the list's lock, so versions follow the changes' order. A list of
    /// plain todos always encodes, and with no window yet the value waits
    /// for their first read: nothing to handle.
    fn publish(&self, state: &State) {
        let _ = self.states.todos.set(state.todos.clone());
    }

    /// The lines the renderers logged, oldest first: the last
    /// [`MAX_LOG_LINES`], each cut to [`MAX_LOG_LINE_CHARS`].
    pub fn log_lines(&self) -> Vec<String> {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        log.iter().cloned().collect()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves a consistent list: every
        // change below is a single push, remove or field write.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn check_title(title: &str) -> Result<String, TodoError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(TodoError::EmptyTitle);
    }
    let length = title.chars().count();
    if length > MAX_TITLE_CHARS {
        return Err(TodoError::TitleTooLong {
            max: MAX_TITLE_CHARS as u32,
            length: u32::try_from(length).unwrap_or(u32::MAX),
        });
    }
    Ok(title.to_owned())
}

impl State {
    fn find(&mut self, id: u32) -> Result<&mut Todo, TodoError> {
        self.todos
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or(TodoError::NotFound { id })
    }
}

impl Todos for Store {
    async fn add(&self, title: String) -> Result<Todo, TodoError> {
        let title = check_title(&title)?;
        let mut state = self.state();
        let todo = Todo {
            id: state.next_id,
            title,
            done: false,
        };
        state.next_id += 1;
        state.todos.push(todo.clone());
        self.publish(&state);
        Ok(todo)
    }

    async fn toggle(&self, id: u32) -> Result<Todo, TodoError> {
        let mut state = self.state();
        let todo = state.find(id)?;
        todo.done = !todo.done;
        let todo = todo.clone();
        self.publish(&state);
        Ok(todo)
    }

    async fn rename(&self, id: u32, title: String) -> Result<Todo, TodoError> {
        let title = check_title(&title)?;
        let mut state = self.state();
        let todo = state.find(id)?;
        todo.title = title;
        let todo = todo.clone();
        self.publish(&state);
        Ok(todo)
    }

    async fn remove(&self, id: u32) -> Result<(), TodoError> {
        let mut state = self.state();
        let index = state
            .todos
            .iter()
            .position(|t| t.id == id)
            .ok_or(TodoError::NotFound { id })?;
        state.todos.remove(index);
        self.publish(&state);
        Ok(())
    }

    fn count(&self) -> u32 {
        u32::try_from(self.state().todos.len()).unwrap_or(u32::MAX)
    }

    async fn clear_completed(&self) -> u32 {
        let mut state = self.state();
        let before = state.todos.len();
        state.todos.retain(|t| !t.done);
        let removed = before - state.todos.len();
        if removed > 0 {
            self.publish(&state);
        }
        u32::try_from(removed).unwrap_or(u32::MAX)
    }

    async fn report(&self) -> String {
        // A copy: the lock is not held across the steps below.
        let todos = self.state().todos.clone();
        if todos.is_empty() {
            tokio::time::sleep(REPORT_STEP).await;
            return String::from("Nothing to do.");
        }
        let mut lines = Vec::with_capacity(todos.len());
        for todo in &todos {
            // Each step stands for real work; a cancelled call is dropped
            // here, at its next `.await`.
            tokio::time::sleep(REPORT_STEP).await;
            let mark = if todo.done { "x" } else { " " };
            lines.push(format!("[{mark}] {}", todo.title));
        }
        lines.join("\n")
    }

    fn report_lines(&self) -> Stream<ReportLine> {
        let todos = self.state().todos.clone();
        let total = u32::try_from(todos.len()).unwrap_or(u32::MAX);
        // A step runs only when main pulls the next line: nothing is written
        // ahead of the page, and a dropped stream drops the step in flight.
        let lines =
            futures_util::stream::unfold(todos.into_iter().zip(1..), move |mut rest| async move {
                let (todo, done) = rest.next()?;
                tokio::time::sleep(REPORT_STEP).await;
                let mark = if todo.done { "x" } else { " " };
                let line = format!("[{mark}] {}", todo.title);
                Some((ReportLine { line, done, total }, rest))
            });
        Stream::new(lines)
    }

    async fn clear_all(&self) -> u32 {
        let mut state = self.state();
        let removed = std::mem::take(&mut state.todos).len();
        if removed > 0 {
            self.publish(&state);
        }
        u32::try_from(removed).unwrap_or(u32::MAX)
    }

    fn log(&self, ctx: &Context, line: String) {
        let origin = ctx.sender().map_or("rust", |sender| sender.origin.as_str());
        let line = match line.char_indices().nth(MAX_LOG_LINE_CHARS) {
            Some((cut, _)) => format!("[{origin}] {}…", &line[..cut]),
            None => format!("[{origin}] {line}"),
        };
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        if log.len() == MAX_LOG_LINES {
            log.pop_front();
        }
        log.push_back(line);
    }
}

/// The app's router: the todo service, with its state going through the
/// router's emitter (which the host connects to the windows).
///
/// It is also what the Node-API addon of this crate serves: Electron's main
/// process loads `core.node` and hands it to the generated `registerIpc`.
pub fn router() -> Router {
    let emitter = Emitter::new();
    let store = Store::new(TodosStates::new(emitter.clone(), Vec::new()));
    Router::new()
        .with_emitter(emitter)
        .service(TodosService::new(store))
}

electron_ipc::node_addon!(router);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_a_bounded_tail_of_bounded_lines() {
        let emitter = Emitter::new();
        let store = Store::new(TodosStates::new(emitter, Vec::new()));
        let ctx = Context::new();
        for i in 0..MAX_LOG_LINES + 50 {
            store.log(&ctx, format!("{i} {}", "x".repeat(10_000)));
        }
        let lines = store.log_lines();
        assert_eq!(lines.len(), MAX_LOG_LINES);
        // The oldest lines went first.
        assert!(lines[0].starts_with("[rust] 50 "), "{}", &lines[0][..20]);
        for line in &lines {
            // "[rust] " + the kept characters + "…".
            assert_eq!(
                line.chars().count(),
                "[rust] ".len() + MAX_LOG_LINE_CHARS + 1
            );
            assert!(line.ends_with('…'));
        }
        // A short line is kept whole.
        store.log(&ctx, "short".to_owned());
        assert_eq!(store.log_lines().last().unwrap(), "[rust] short");
    }
}
