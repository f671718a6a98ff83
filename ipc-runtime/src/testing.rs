//! Calling a [`Router`] from a Rust test exactly as the page would, without
//! Electron.
//!
//! [`TestClient`] sends JSON arguments through [`Router::dispatch`], the
//! path the Node-API bridge takes for every message from a renderer: the
//! same size limit, argument decoding, error envelope and panic handling.
//! It decodes the answer into the type the test expects, and records the
//! events the services emit, so a handler test needs neither Electron nor
//! the generated JavaScript.
//!
//! ```
//! use electron_ipc::testing::TestClient;
//! use electron_ipc::{service, Emitter, ErrorCode, Router, Target, TS};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, TS, Debug, PartialEq)]
//! pub struct Note { title: String }
//!
//! #[derive(Serialize, Deserialize, TS, Debug, PartialEq)]
//! pub enum NoteError { EmptyTitle }
//!
//! /// Notes.
//! #[service]
//! pub trait Notes {
//!     /// Adds a note.
//!     async fn add(&self, title: String) -> Result<Note, NoteError>;
//!     /// A note was added.
//!     #[ipc(event)]
//!     fn added(note: Note);
//! }
//!
//! struct MyNotes(NotesEvents);
//!
//! impl Notes for MyNotes {
//!     async fn add(&self, title: String) -> Result<Note, NoteError> {
//!         if title.is_empty() {
//!             return Err(NoteError::EmptyTitle);
//!         }
//!         let _ = self.0.added(Target::All, &Note { title: title.clone() });
//!         Ok(Note { title })
//!     }
//! }
//!
//! # futures_util::FutureExt::now_or_never(async {
//! let emitter = Emitter::new();
//! let router = Router::new()
//!     .with_emitter(emitter.clone())
//!     .service(NotesService::new(MyNotes(NotesEvents::new(emitter))));
//! let client = TestClient::new(router);
//!
//! // Arguments as the page passes them: a JSON array (here, a tuple).
//! let note: Note = client.invoke("notes:add", ("milk",)).await.unwrap();
//! assert_eq!(note, Note { title: "milk".into() });
//! let (added,): (Note,) = client.events_on("notes:added").remove(0);
//! assert_eq!(added, note);
//!
//! // The typed error, as the page receives it in `data`.
//! let error = client.invoke::<Note>("notes:add", ("",)).await.unwrap_err();
//! assert_eq!(error.code, ErrorCode::Handler);
//! assert_eq!(error.data_as::<NoteError>().unwrap(), NoteError::EmptyTitle);
//!
//! // What the renderer cannot send either.
//! let refused = client.invoke::<Note>("notes:add", (42,)).await.unwrap_err();
//! assert_eq!(refused.code, ErrorCode::BadArguments);
//! # }).unwrap();
//! ```
//!
//! Async handlers run on whatever executor awaits the client (`#[tokio::test]`
//! for handlers that use Tokio).

use std::sync::{Arc, Mutex, MutexGuard};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::context::{Context, Sender};
use crate::envelope::{ErrorCode, IpcError, Response};
use crate::events::Event;
use crate::router::{Request, Router};

/// Calls a [`Router`] as a renderer would, and records its events.
///
/// Creating it connects a recording sink to the router's
/// [`Emitter`](crate::Emitter), replacing any other: the events the
/// services emit from then on are kept, in order, for [`TestClient::events`].
#[derive(Debug)]
pub struct TestClient {
    router: Router,
    context: Context,
    events: Arc<Mutex<Vec<Event>>>,
}

impl TestClient {
    /// A client of `router`, calling without a sender (as [`Context::default`]).
    pub fn new(router: Router) -> Self {
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&events);
        router.emitter().connect(move |event: Event| {
            lock(&sink).push(event);
        });
        TestClient {
            router,
            context: Context::default(),
            events,
        }
    }

    /// Calls from `sender`, as the main glue fills it from the IPC event:
    /// handlers that take `ctx: &Context` see it.
    #[must_use]
    pub fn from_sender(mut self, sender: Sender) -> Self {
        self.context = Context::from_sender(sender);
        self
    }

    /// The router under test.
    pub fn router(&self) -> &Router {
        &self.router
    }

    /// Calls `channel` with `args`, which must serialize to the JSON array
    /// of the arguments (a tuple such as `("milk",)`, a `Vec`, or
    /// `serde_json::json!([…])`; `()` for none), and answers the envelope.
    /// Arguments that do not serialize answer [`ErrorCode::BadArguments`]
    /// without reaching the router.
    pub async fn call(&self, channel: &str, args: impl Serialize) -> Response {
        match serde_json::to_string(&args) {
            // `()` serializes as `null`: the call without arguments.
            Ok(json) if json == "null" => self.call_json(channel, "[]").await,
            Ok(json) => self.call_json(channel, json).await,
            Err(error) => Response::err(IpcError::new(
                ErrorCode::BadArguments,
                format!("the test's arguments for `{channel}` cannot be serialized: {error}"),
            )),
        }
    }

    /// Calls `channel` with arguments already written as a JSON array, as
    /// the main glue hands them to the router, e.g. `r#"["milk"]"#`.
    pub async fn call_json(&self, channel: &str, args: impl Into<String>) -> Response {
        let request = Request::new(channel, args).with_context(self.context.clone());
        self.router.dispatch(request).await
    }

    /// Calls an invoke channel and decodes its value as `T`, or answers
    /// the [`IpcError`] the page's promise would reject with. A value that
    /// does not decode as `T` answers [`ErrorCode::BadResponse`], naming
    /// the channel and the decode error.
    pub async fn invoke<T: DeserializeOwned>(
        &self,
        channel: &str,
        args: impl Serialize,
    ) -> Result<T, IpcError> {
        let response = self.call(channel, args).await;
        let bigints = response.bigints();
        let value = response.into_result()?;
        let bad = |message: String| IpcError::new(ErrorCode::BadResponse, message);
        let json = bigints_as_digits(value.get(), bigints)
            .map_err(|problem| bad(format!("`{channel}` answered {}: {problem}", value.get())))?;
        serde_json::from_str(&json).map_err(|error| {
            bad(format!(
                "`{channel}` answered {}, which does not decode as the type the test asked for: {error}",
                value.get()
            ))
        })
    }

    /// Calls a send channel. A send answers nothing to the page; the
    /// result says whether the router accepted the call, as the main glue's
    /// `onError` would hear it.
    pub async fn send(&self, channel: &str, args: impl Serialize) -> Result<(), IpcError> {
        self.call(channel, args).await.into_result().map(|_| ())
    }

    /// Every event emitted since the client was made (or last
    /// [`take_events`](TestClient::take_events)), oldest first.
    pub fn events(&self) -> Vec<Event> {
        lock(&self.events).clone()
    }

    /// The events so far, forgetting them.
    pub fn take_events(&self) -> Vec<Event> {
        std::mem::take(&mut *lock(&self.events))
    }

    /// The arguments of every event on `channel` so far, each decoded as
    /// `T`: a tuple of the event's parameters, e.g. `(Todo,)`.
    ///
    /// # Panics
    ///
    /// When an event's arguments do not decode as `T`: the test asked for
    /// the wrong type.
    #[track_caller]
    pub fn events_on<T: DeserializeOwned>(&self, channel: &str) -> Vec<T> {
        lock(&self.events)
            .iter()
            .filter(|event| event.channel == channel)
            .map(|event| {
                let json = bigints_as_digits(&event.args, event.bigints).unwrap_or_else(|problem| {
                    panic!("the arguments of `{channel}`, {}: {problem}", event.args)
                });
                serde_json::from_str(&json).unwrap_or_else(|error| {
                    panic!(
                        "the arguments of `{channel}`, {}, do not decode as the type asked for: {error}",
                        event.args
                    )
                })
            })
            .collect()
    }
}

/// `json` with each of its `expected` bigint placeholders
/// `{"$ipcBigInt":"<decimal>"}` (docs/wire.md, "64-bit integers") replaced
/// by its digits, which serde reads into the 64- and 128-bit integer types
/// exactly, as the main glue revives them into `BigInt`s; an error when
/// the text does not hold exactly `expected` of them, as the glue answers
/// `ERR_BAD_RESPONSE` then. The placeholders are found in the compact text
/// the encoder writes: inside a JSON string a `"` is escaped, so the
/// pattern cannot start there.
fn bigints_as_digits(json: &str, expected: usize) -> Result<String, String> {
    const OPEN: &str = "{\"$ipcBigInt\":\"";
    if expected == 0 {
        return Ok(json.to_owned());
    }
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    let mut found = 0;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        let end = after
            .find("\"}")
            .ok_or_else(|| "a bigint placeholder is not closed".to_owned())?;
        let digits = &after[..end];
        let unsigned = digits.strip_prefix('-').unwrap_or(digits);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("the bigint placeholder holds {digits:?}"));
        }
        out.push_str(digits);
        found += 1;
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if found != expected {
        return Err(format!(
            "it holds {found} bigint placeholders, not the {expected} it counts"
        ));
    }
    Ok(out)
}

fn lock(events: &Mutex<Vec<Event>>) -> MutexGuard<'_, Vec<Event>> {
    events.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::bigints_as_digits;

    #[test]
    fn placeholders_become_digits_only_when_counted_exactly() {
        let json = r#"[{"$ipcBigInt":"18446744073709551615"},{"a":{"$ipcBigInt":"-1"}},"{\"$ipcBigInt\":\"5\"}"]"#;
        assert_eq!(
            bigints_as_digits(json, 2).unwrap(),
            r#"[18446744073709551615,{"a":-1},"{\"$ipcBigInt\":\"5\"}"]"#
        );
        assert_eq!(bigints_as_digits(json, 0).unwrap(), json);
        assert!(bigints_as_digits(json, 1).unwrap_err().contains("holds 2"));
        assert!(bigints_as_digits(r#"{"$ipcBigInt":"1e3"}"#, 1).is_err());
        assert!(bigints_as_digits(r#"{"$ipcBigInt":""}"#, 1).is_err());
    }
}
