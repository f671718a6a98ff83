//! Loads a [`Router`] into Electron's main process as a Node-API addon.
//!
//! Electron apps run their Rust core in the main process as a native addon:
//! Node-API is ABI-stable, so one build works with every Electron version
//! of the same platform. With the `node` feature, the app's crate becomes
//! such an addon in one step, and the object it exports is the
//! `IpcBackend` that the generated main glue calls (see `docs/wire.md`).
//!
//! # Step by step
//!
//! 1. Make the app's Rust crate a `cdylib` with the `node` feature. Keep
//!    `rlib` beside it: the crate's own tests (the schema export among them)
//!    and its other users link the library as Rust.
//!
//!    ```toml
//!    [lib]
//!    crate-type = ["cdylib", "rlib"]
//!
//!    [dependencies]
//!    electron-ipc = { version = "0.1", features = ["node"] }
//!    ```
//!
//!    (Until the crates are published, depend on a checkout instead:
//!    `cargo add --path <checkout>/ipc-runtime --features node`.)
//!
//! 2. In its `lib.rs`, say which function builds the router, once:
//!
//!    ```ignore
//!    use electron_ipc::{Emitter, Router};
//!
//!    fn build_router() -> Router {
//!        // Services that emit events hold clones of the router's emitter.
//!        let emitter = Emitter::new();
//!        let todos = MyTodos::new(TodosEvents::new(emitter.clone()));
//!        Router::new()
//!            .with_emitter(emitter)
//!            .service(TodosService::new(todos))
//!    }
//!
//!    electron_ipc::node_addon!(build_router);
//!    ```
//!
//! 3. Build the `.node` file with `ipc-codegen`, the tool of the
//!    `electron-ipc-codegen` package (`cargo install --path
//!    <checkout>/ipc-codegen` until it is published):
//!
//!    ```text
//!    ipc-codegen build-addon --manifest-path core/Cargo.toml --release --out app/core.node
//!    ```
//!
//!    It runs `cargo build [--release]` and copies the library cargo wrote
//!    (`target/<profile>/libmy_app_core.so`, `libmy_app_core.dylib` on
//!    macOS, `my_app_core.dll` on Windows) to the `--out` path. By hand, the
//!    same two steps work without it.
//!
//! 4. In Electron's `main.js`, hand the addon to the generated glue
//!    (`main.cjs`, or `main.mjs` for an ES-module main process):
//!
//!    ```js
//!    const { registerIpc } = require('./ipc/main.cjs');
//!    const ipc = registerIpc({
//!      backend: require('./core.node'),
//!      allowedOrigins: ['app://bundle'],
//!    });
//!    // on shutdown: ipc.dispose();
//!    ```
//!
//! # What the addon exports
//!
//! - `call(channel, argsJson, sender, buffers?)`: answers the envelope's
//!   JSON text, or `[json, buffers]` when the answer holds bytes.
//!   `sender` is the frame that made the call, as the six values
//!   `[webContentsId, processId, frameId, url, origin, isMainFrame]` (what
//!   the generated glue passes: an array is read by index, far cheaper
//!   than an object's properties by name) or as an `IpcSender` object with
//!   those fields; the handler sees it as [`Context::sender`].
//!   `buffers` are the call's `Uint8Array`s, which `argsJson` names with
//!   placeholders (docs/wire.md, "Bytes"); they are borrowed while the
//!   arguments decode, never copied before a byte type takes them.
//!   A sync handler, or a call refused before any handler runs, answers a
//!   `string` at once, on the JavaScript thread, with no promise. An
//!   `async` handler answers a `Promise<string>`; its future runs on the
//!   addon's multi-threaded tokio runtime (napi-rs's `tokio_rt`), so
//!   handlers can use tokio's timers, channels, I/O and `tokio::spawn`. A
//!   sync handler and `build_router` also run inside that runtime's context,
//!   so they can spawn tasks too. A `sender` in neither form (an array of
//!   another length, a missing field, a wrong type, an id out of range), a
//!   `channel` or `argsJson` that is not a string, answers an
//!   `ERR_BAD_ARGUMENTS` envelope like any other bad input (a `sender`
//!   whose getter throws lets that exception through: `call` throws it,
//!   and serving goes on).
//! - `registerSender(sender)`, `releaseSender(handle)`: a sender decoded
//!   once (with the checks above; `registerSender` throws their message)
//!   and named by a number that `call` takes in its place until it is
//!   released; `call` answers `ERR_BAD_ARGUMENTS` for a handle that is not
//!   registered. The generated glue registers each frame's values once and
//!   releases them when the frame navigates or goes (docs/wire.md, "Sender
//!   handles"). `senderHandles()` counts the registered ones.
//! - `checkEvent(channel, argsJson, buffers?)`: checks the arguments of an event that
//!   main-process JavaScript emits (a service declared with
//!   `implemented_in = "main-js"`) against the Rust types, without sending
//!   it, and answers at once, never a promise: `null` (under the `bigint`
//!   policy the arguments encoded again, `[json, buffers, count]` when they
//!   hold bytes or 64-bit integers), or `ERR_BAD_ARGUMENTS` naming the
//!   argument and path, as [`Router::check_event`](crate::Router::check_event)
//!   does. The generated glue calls it before delivering such an event.
//! - `checkAnswer(channel, answerJson, buffers?, isError?)`: under the
//!   `bigint` policy, checks what a main-process JavaScript handler answered
//!   against the method's Rust type and answers it encoded again, at once,
//!   as [`Router::check_answer`](crate::Router::check_answer) does.
//! - `setEventSink(sink | null)`: connects the router's [`Emitter`] to
//!   `sink(channel, argsJson, target, buffers)` (`buffers`: the event's
//!   bytes, `null` when it has none), with `target` the JavaScript form
//!   of [`Target`] (`{ kind: 'all' }`, `{ kind: 'webContents', id }`,
//!   `{ kind: 'frame', processId, frameId }`). Events may be emitted from
//!   any thread; they are queued without blocking the emitter and delivered
//!   in order on the JavaScript thread. The connection does not keep Node
//!   alive. `null` disconnects: later emits fail with
//!   [`EmitError::NotConnected`]. A sink that throws raises an uncaught
//!   exception in the main process, as a throwing timer callback would.
//!
//! # Failure and shutdown
//!
//! No panic crosses into Node: the router answers `ERR_PANIC` for a
//! panicking handler (sync or async) and keeps serving, and the bridge's
//! own entry points catch unwinding as well. With
//! [`Limits::timeout`](crate::Limits::timeout) set, an `async` handler that
//! runs longer answers `ERR_TIMEOUT` (`data: { timeoutMs }`) and its future
//! is dropped, which cancels it at its current `.await`. The panic message goes where
//! Rust's panic hook sends it (stderr by default), never to the renderer. Each Node environment that
//! loads the addon (the main thread, a worker thread) gets its own router
//! from `build_router`. When the environment shuts down (`app.quit()`, the
//! end of a Node script) the event sink is disconnected and the tokio
//! runtime is stopped, so no thread of the addon keeps the process alive;
//! an async call still pending does, until it settles, like any pending
//! promise of Node's own APIs. An environment may also end at any point
//! while the addon is busy (`worker.terminate()`, a reloaded renderer):
//! events emitted after that find no sink, its calls still in flight
//! finish without reaching it, and an environment that loads the addon
//! afterwards starts the runtime again (`tests/bridge/lifecycle.test.js`).
//!
//! The addon claims napi-rs's module-exports hook (`#[napi(module_exports)]`)
//! to build the router when the addon is loaded; other `#[napi]` functions of
//! the app's crate are exported beside `call`, `checkEvent` and `setEventSink`.
//!
//! # Why `ipc-codegen build-addon` and not `@napi-rs/cli`
//!
//! A `.node` file is the platform's shared library under another name, so
//! `cargo build` plus a copy is all it takes; `ipc-codegen build-addon` reads
//! the library's path from cargo's JSON messages and copies it, so the tool
//! that writes the bindings also builds what they load, with no npm
//! dependency. napi-rs's CLI adds TypeScript generation and cross-compilation
//! packaging that this project does not use: the declarations come from
//! `ipc-codegen`.
//!
//! [`Router`]: crate::Router
//! [`Context::sender`]: crate::Context::sender
//! [`Emitter`]: crate::Emitter
//! [`Target`]: crate::Target
//! [`EmitError::NotConnected`]: crate::EmitError::NotConnected

// In unit tests napi-derive leaves out the registration of the exported
// functions, which then look unused.
#[cfg_attr(test, allow(dead_code))]
mod backend;
#[cfg_attr(test, allow(dead_code))]
mod senders;
#[cfg_attr(test, allow(dead_code))]
mod sink;
#[cfg_attr(test, allow(dead_code))]
mod streams;

/// Makes this crate a Node-API addon serving the router that `build` returns.
///
/// Use it once, in the `lib.rs` of a `crate-type = ["cdylib"]` crate, with a
/// function `fn() -> Router`. It runs when Node loads the addon, once per
/// Node environment. See the [`node`](crate::node) module for the steps.
///
/// ```ignore
/// fn build_router() -> electron_ipc::Router {
///     electron_ipc::Router::new().service(TodosService::new(MyTodos::default()))
/// }
///
/// electron_ipc::node_addon!(build_router);
/// ```
#[macro_export]
macro_rules! node_addon {
    ($build:expr $(,)?) => {
        // A second use in the same module is a duplicate definition of this
        // item; one in another module is reported when the addon loads.
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code)]
        const __ipc_runtime_node_addon: () = {
            // Records the builder before Node registers the module: a static
            // constructor, run when the operating system loads the library.
            $crate::node::__private::ctor::declarative::ctor! {
                #[ctor(unsafe)]
                fn __ipc_runtime_register_router() {
                    $crate::node::__private::register($build);
                }
            }
        };
    };
}

/// What [`node_addon!`](crate::node_addon) expands to. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use napi::ctor;

    pub use super::backend::register;
}
