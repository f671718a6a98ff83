//! The service the security suite attacks: one method per parameter kind,
//! plus handlers that fail in every way a handler can.
//!
//! Used by the Rust tests (`tests/tests/security_*.rs`, through
//! `Router::call`) and by the test addon (`tests/security/addon`, through
//! the generated preload and main glue in the Electron harness), so both
//! halves of the bad-input table hit the same code. The coverage-guided
//! fuzz target (`fuzz/`, outside the workspace) includes this file.

use std::collections::BTreeMap;
use std::time::Duration;

use electron_ipc::{service, Bytes, Context, Emitter, Router, Target};
use serde::{Deserialize, Serialize, Serializer};
use ts_rs::TS;

/// A nested struct: the inner half of [`Outer`].
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Inner {
    /// A name.
    pub name: String,
    /// Some tags.
    pub tags: Vec<String>,
}

/// A struct holding a struct.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Outer {
    /// The nested struct.
    pub inner: Inner,
    /// A count.
    pub count: u32,
}

/// A struct that refuses fields it does not declare.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Strict {
    /// A name.
    pub name: String,
    /// A flag.
    pub flag: bool,
}

/// A struct that ignores fields it does not declare (serde's default).
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Lenient {
    /// A name.
    pub name: String,
    /// An optional note: absent and `null` both decode as `None`.
    #[serde(default)]
    pub note: Option<String>,
}

/// An externally tagged enum (serde's default representation).
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub enum External {
    /// A unit variant: `"Unit"`.
    Unit,
    /// A newtype variant: `{ "Number": 1 }`.
    Number(u32),
    /// A struct variant: `{ "Point": { "x": 1, "y": 2 } }`.
    Point {
        /// Horizontal.
        x: i32,
        /// Vertical.
        y: i32,
    },
}

/// An internally tagged enum: `{ "type": "Circle", "radius": 1 }`.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(tag = "type")]
pub enum Internal {
    /// A circle.
    Circle {
        /// Its radius.
        radius: f64,
    },
    /// A square.
    Square {
        /// Its side.
        side: f64,
    },
}

/// An adjacently tagged enum: `{ "t": "Text", "c": "…" }`.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(tag = "t", content = "c")]
pub enum Adjacent {
    /// Some text.
    Text(String),
    /// A count.
    Count(u32),
}

/// An untagged enum: the first variant that decodes wins.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(untagged)]
pub enum Untagged {
    /// A number.
    Number(u32),
    /// A labelled value.
    Labelled {
        /// The label.
        label: String,
    },
}

/// The typed error of [`Hostile::leaky_error`]: the app's deliberate data.
#[derive(Serialize, TS, Debug)]
pub enum StoreError {
    /// The database could not be opened.
    Unavailable {
        /// Where the database lives.
        path: String,
    },
}

/// A value whose `Serialize` fails with a message naming an internal path.
#[derive(TS, Debug)]
pub struct Unserializable {
    /// Never serialized.
    pub secret: u32,
}

impl Serialize for Unserializable {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom(
            "cannot read /srv/internal/secrets.db: permission denied",
        ))
    }
}

/// What [`Hostile::whoami`] answers: the sender as the handler sees it.
#[derive(Serialize, TS, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Caller {
    /// `senderFrame.origin`.
    pub origin: String,
    /// `senderFrame.url`.
    pub url: String,
    /// Whether the caller is a main frame.
    pub is_main_frame: bool,
}

/// Every parameter kind, every way to fail.
#[service(namespace = "hostile")]
pub trait Hostile {
    /// No parameters.
    fn nothing(&self) -> bool;
    /// Two parameters, for arity.
    fn pair(&self, first: u32, second: String) -> String;
    /// `pair` as a blocking call (`ipcRenderer.sendSync`).
    #[ipc(sync)]
    fn sync_pair(&self, first: u32, second: String) -> String;
    /// A string.
    fn string(&self, value: String) -> String;
    /// A `u8`.
    fn u8(&self, value: u8) -> u8;
    /// An `i8`.
    fn i8(&self, value: i8) -> i8;
    /// A `u16`.
    fn u16(&self, value: u16) -> u16;
    /// An `i16`.
    fn i16(&self, value: i16) -> i16;
    /// A `u32`.
    fn u32(&self, value: u32) -> u32;
    /// An `i32`.
    fn i32(&self, value: i32) -> i32;
    /// A `u64`.
    fn u64(&self, value: u64) -> u64;
    /// An `i64`.
    fn i64(&self, value: i64) -> i64;
    /// An `f32`.
    fn f32(&self, value: f32) -> f32;
    /// An `f64`.
    fn f64(&self, value: f64) -> f64;
    /// A `bool`.
    fn boolean(&self, value: bool) -> bool;
    /// An `Option`.
    fn option(&self, value: Option<u32>) -> Option<u32>;
    /// A `Vec`.
    fn list(&self, value: Vec<u32>) -> Vec<u32>;
    /// A map with string keys.
    fn map(&self, value: BTreeMap<String, u32>) -> BTreeMap<String, u32>;
    /// A nested struct.
    fn nested(&self, value: Outer) -> Outer;
    /// A struct with `deny_unknown_fields`.
    fn strict(&self, value: Strict) -> Strict;
    /// A struct without it.
    fn lenient(&self, value: Lenient) -> Lenient;
    /// An externally tagged enum.
    fn external(&self, value: External) -> External;
    /// An internally tagged enum.
    fn internal(&self, value: Internal) -> Internal;
    /// An adjacently tagged enum.
    fn adjacent(&self, value: Adjacent) -> Adjacent;
    /// An untagged enum.
    fn untagged(&self, value: Untagged) -> Untagged;
    /// Any JSON at all.
    fn any(&self, value: serde_json::Value) -> serde_json::Value;
    /// Bytes, beside the JSON.
    fn bytes(&self, value: Bytes) -> Bytes;
    /// How many bytes arrived.
    fn byte_length(&self, value: Bytes) -> usize;
    /// The sender, as the handler sees it.
    fn whoami(&self, ctx: &Context) -> Option<Caller>;
    /// Echoes `nonce` after `delay_ms` milliseconds of tokio timer.
    async fn echo_later(&self, nonce: String, delay_ms: u32) -> String;
    /// Panics.
    fn panic_now(&self) -> u32;
    /// Panics after awaiting.
    async fn panic_later(&self) -> u32;
    /// Never answers.
    async fn hang(&self) -> u32;
    /// Answers a typed error naming an internal path (deliberate data).
    fn leaky_error(&self) -> Result<u32, StoreError>;
    /// Answers a value whose serialization fails with an internal path.
    fn unserializable(&self) -> Unserializable;
    /// Answers an integer JavaScript cannot hold.
    fn huge(&self) -> u64;
    /// Records a line (a send).
    #[ipc(send)]
    fn note(&self, line: String);
    /// Emits `ping(n)` to every window, and `other:ping` too.
    fn ping_all(&self, n: u32) -> bool;
    /// Emits `ping(n)` to the calling frame.
    fn ping_me(&self, ctx: &Context, n: u32) -> bool;
    /// Emits `ping(n)` to one frame.
    fn ping_frame(&self, process_id: i32, frame_id: i32, n: u32) -> bool;
    /// The lines `note` received so far.
    fn notes(&self) -> Vec<String>;
    /// A ping.
    #[ipc(event)]
    fn ping(n: u32);
}

/// A second service, to check that one service's listeners never hear
/// another's events.
#[service(namespace = "other")]
pub trait Other {
    /// Answers `true`.
    fn hello(&self) -> bool;
    /// The other service's ping.
    #[ipc(event)]
    fn ping(n: u32);
}

/// The implementation of [`Hostile`].
#[derive(Debug)]
pub struct Victim {
    events: HostileEvents,
    other: OtherEvents,
    notes: std::sync::Mutex<Vec<String>>,
}

impl Victim {
    /// The lines received by `note`, so far.
    pub fn notes(&self) -> Vec<String> {
        self.notes.lock().map(|n| n.clone()).unwrap_or_default()
    }
}

impl Hostile for Victim {
    fn nothing(&self) -> bool {
        true
    }
    fn pair(&self, first: u32, second: String) -> String {
        format!("{first}:{second}")
    }
    fn sync_pair(&self, first: u32, second: String) -> String {
        format!("{first}:{second}")
    }
    fn string(&self, value: String) -> String {
        value
    }
    fn u8(&self, value: u8) -> u8 {
        value
    }
    fn i8(&self, value: i8) -> i8 {
        value
    }
    fn u16(&self, value: u16) -> u16 {
        value
    }
    fn i16(&self, value: i16) -> i16 {
        value
    }
    fn u32(&self, value: u32) -> u32 {
        value
    }
    fn i32(&self, value: i32) -> i32 {
        value
    }
    fn u64(&self, value: u64) -> u64 {
        value
    }
    fn i64(&self, value: i64) -> i64 {
        value
    }
    fn f32(&self, value: f32) -> f32 {
        value
    }
    fn f64(&self, value: f64) -> f64 {
        value
    }
    fn boolean(&self, value: bool) -> bool {
        value
    }
    fn option(&self, value: Option<u32>) -> Option<u32> {
        value
    }
    fn list(&self, value: Vec<u32>) -> Vec<u32> {
        value
    }
    fn map(&self, value: BTreeMap<String, u32>) -> BTreeMap<String, u32> {
        value
    }
    fn nested(&self, value: Outer) -> Outer {
        value
    }
    fn strict(&self, value: Strict) -> Strict {
        value
    }
    fn lenient(&self, value: Lenient) -> Lenient {
        value
    }
    fn external(&self, value: External) -> External {
        value
    }
    fn internal(&self, value: Internal) -> Internal {
        value
    }
    fn adjacent(&self, value: Adjacent) -> Adjacent {
        value
    }
    fn untagged(&self, value: Untagged) -> Untagged {
        value
    }
    fn any(&self, value: serde_json::Value) -> serde_json::Value {
        value
    }
    fn bytes(&self, value: Bytes) -> Bytes {
        value
    }
    fn byte_length(&self, value: Bytes) -> usize {
        value.len()
    }
    fn whoami(&self, ctx: &Context) -> Option<Caller> {
        ctx.sender().map(|sender| Caller {
            origin: sender.origin.clone(),
            url: sender.url.clone(),
            is_main_frame: sender.is_main_frame,
        })
    }
    async fn echo_later(&self, nonce: String, delay_ms: u32) -> String {
        tokio::time::sleep(Duration::from_millis(u64::from(delay_ms))).await;
        nonce
    }
    fn panic_now(&self) -> u32 {
        panic!("secret state at /srv/internal/state.json is corrupt");
    }
    async fn panic_later(&self) -> u32 {
        tokio::task::yield_now().await;
        panic!("secret state at /srv/internal/state.json is corrupt (later)");
    }
    async fn hang(&self) -> u32 {
        std::future::pending::<()>().await;
        0
    }
    fn leaky_error(&self) -> Result<u32, StoreError> {
        Err(StoreError::Unavailable {
            path: String::from("/srv/internal/store.db"),
        })
    }
    fn unserializable(&self) -> Unserializable {
        Unserializable { secret: 7 }
    }
    fn huge(&self) -> u64 {
        u64::MAX
    }
    fn note(&self, line: String) {
        if let Ok(mut notes) = self.notes.lock() {
            notes.push(line);
        }
    }
    fn ping_all(&self, n: u32) -> bool {
        let mine = self.events.ping(Target::All, &n).is_ok();
        let theirs = self.other.ping(Target::All, &n).is_ok();
        mine && theirs
    }
    fn ping_me(&self, ctx: &Context, n: u32) -> bool {
        Target::caller(ctx).is_some_and(|target| self.events.ping(target, &n).is_ok())
    }
    fn ping_frame(&self, process_id: i32, frame_id: i32, n: u32) -> bool {
        let target = Target::Frame {
            process_id,
            frame_id,
        };
        self.events.ping(target, &n).is_ok()
    }
    fn notes(&self) -> Vec<String> {
        Victim::notes(self)
    }
}

/// The implementation of [`Other`].
#[derive(Debug)]
pub struct OtherImpl;

impl Other for OtherImpl {
    fn hello(&self) -> bool {
        true
    }
}

/// A service that only windows granted `vault` see and use: the subject of
/// the capability matrix (tests/security/capabilities.test.js).
#[service(namespace = "vault", capability = "vault")]
pub trait Vault {
    /// Answers the secret.
    fn read(&self) -> String;
    /// Stores a line, one-way.
    #[ipc(send)]
    fn stash(&self, line: String);
    /// Answers the secret at once (`sendSync`).
    #[ipc(sync)]
    fn peek(&self) -> String;
    /// Empties the stash: needs `admin` besides `vault`.
    #[ipc(capability = "admin")]
    fn wipe(&self) -> bool;
    /// The vault was opened (emitted by `vaultDoor.openFrame`).
    #[ipc(event)]
    fn opened(n: u32);
}

/// What needs no capability around the vault: what the tests observe it with.
#[service(namespace = "vaultDoor")]
pub trait VaultDoor {
    /// Emits `vault.opened(n)` to one frame.
    fn open_frame(&self, process_id: i32, frame_id: i32, n: u32) -> bool;
    /// The lines `vault.stash` received so far.
    fn stashed(&self) -> Vec<String>;
}

/// The implementation of [`Vault`] and [`VaultDoor`], sharing the stash.
#[derive(Debug, Clone)]
pub struct VaultImpl {
    events: VaultEvents,
    stash: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Vault for VaultImpl {
    fn read(&self) -> String {
        "secret".to_owned()
    }
    fn stash(&self, line: String) {
        if let Ok(mut stash) = self.stash.lock() {
            stash.push(line);
        }
    }
    fn peek(&self) -> String {
        "secret".to_owned()
    }
    fn wipe(&self) -> bool {
        self.stash.lock().map(|mut s| s.clear()).is_ok()
    }
}

impl VaultDoor for VaultImpl {
    fn open_frame(&self, process_id: i32, frame_id: i32, n: u32) -> bool {
        let target = Target::Frame {
            process_id,
            frame_id,
        };
        self.events.opened(target, &n).is_ok()
    }
    fn stashed(&self) -> Vec<String> {
        self.stash.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// Messages between windows, routed by main (tests/electron/relay.test.js
/// and the relay rows of the security suite).
#[service(namespace = "desk")]
pub trait Desk {
    /// A note for the windows of a role.
    #[ipc(relay)]
    fn note(text: String, n: u32);
    /// A yes-or-no question one window of a role answers.
    #[ipc(relay)]
    fn ask(question: String) -> bool;
    /// A note only windows granted `vault` may send and receive.
    #[ipc(relay, capability = "vault")]
    fn secret(code: String);
    /// Bytes between windows.
    #[ipc(relay)]
    fn blob(data: Bytes);
}

/// [`Desk`] has nothing to implement: its relays are declarations.
#[derive(Debug)]
pub struct DeskImpl;

impl Desk for DeskImpl {}

/// The router under attack.
pub fn build_router() -> Router {
    let emitter = Emitter::new();
    let target = Victim {
        events: HostileEvents::new(emitter.clone()),
        other: OtherEvents::new(emitter.clone()),
        notes: std::sync::Mutex::new(Vec::new()),
    };
    let vault = VaultImpl {
        events: VaultEvents::new(emitter.clone()),
        stash: std::sync::Arc::default(),
    };
    Router::new()
        .with_emitter(emitter)
        .service(HostileService::new(target))
        .service(OtherService::new(OtherImpl))
        .service(VaultService::new(vault.clone()))
        .service(VaultDoorService::new(vault))
        .service(DeskService::new(DeskImpl))
}
