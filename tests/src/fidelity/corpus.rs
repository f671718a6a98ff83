//! The corpus: the types users put on the IPC boundary, each with a
//! generator of Rust values and TypeScript mutations that must not compile.
//!
//! Every type here crosses the boundary both ways through the real pipeline:
//! `Outbound` returns it (Rust → page) and `Inbound` takes it as an argument
//! and echoes it (page → Rust → page). Their declarations come from the
//! schema, rendered into `ipc.d.ts` by `ipc-codegen`.

// Nested types are spelled out on purpose: their declaration is written
// inline, unlike a named alias's. The types are the shapes under test and
// their fields and variants are named for what they are; the strategies
// are named after the types they generate.
#![allow(clippy::type_complexity, missing_docs)]

use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use electron_ipc::{service, Bytes, TS};
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use serde::{Deserialize, Serialize};

use super::gen::{
    finite_f32, finite_f64, json_value, safe_i128, safe_i64, safe_isize, safe_u128, safe_u64,
    safe_usize, text,
};

// ---------------------------------------------------------------------------
// Primitives, one field per width.

/// Every unsigned integer width.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Unsigned {
    pub a: u8,
    pub b: u16,
    pub c: u32,
    pub d: u64,
    pub e: u128,
    pub f: usize,
}

/// Every signed integer width.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Signed {
    pub a: i8,
    pub b: i16,
    pub c: i32,
    pub d: i64,
    pub e: i128,
    pub f: isize,
}

/// Both float widths.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Floats {
    pub single: f32,
    pub double: f64,
}

/// The other scalars.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Scalars {
    pub flag: bool,
    pub letter: char,
    pub text: String,
}

// ---------------------------------------------------------------------------
// Options, collections, tuples.

/// `Option` as a field, nested too.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Optionals {
    pub maybe: Option<u32>,
    pub nested: Option<Option<String>>,
    pub list: Option<Vec<bool>>,
}

/// Every byte type as a field: each is a `Uint8Array` (docs/wire.md, "Bytes").
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Attachment {
    /// Not bytes.
    pub name: String,
    /// The runtime's own byte type.
    pub data: Bytes,
    /// A `Vec<u8>` marked for serde_bytes.
    #[serde(with = "serde_bytes")]
    #[ts(type = "Uint8Array")]
    pub raw: Vec<u8>,
    /// `serde_bytes::ByteBuf`.
    #[ts(type = "Uint8Array")]
    pub shared: serde_bytes::ByteBuf,
}

/// Maps keyed by strings and by integers.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Maps {
    pub by_name: HashMap<String, u32>,
    pub by_id: BTreeMap<u64, String>,
    pub by_small: HashMap<i8, bool>,
}

/// A unit struct (serde: `null`).
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Marker;

/// A newtype struct (serde: the inner value).
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Meters(pub f64);

/// A tuple struct (serde: an array).
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Pair(pub i32, pub String);

/// A struct inside structs.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Inner {
    pub id: u32,
    pub label: String,
}

/// Nesting: a struct, a list of them, a newtype and a tuple struct.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Outer {
    pub inner: Inner,
    pub many: Vec<Inner>,
    pub length: Meters,
    pub pair: Pair,
}

// ---------------------------------------------------------------------------
// Enums in the four serde representations.

/// Externally tagged (serde's default).
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub enum Shape {
    Empty,
    Circle { radius: f64 },
    Square(f64),
    Rect(f64, f64),
    Labelled(Inner),
}

/// Internally tagged.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(tag = "type")]
pub enum Input {
    Idle,
    Click { x: i32, y: i32 },
    Key { code: String, repeat: bool },
    Target(Inner),
}

/// Adjacently tagged.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(tag = "t", content = "c")]
pub enum Message {
    Ping,
    Text(String),
    Move(i16, i16),
    Point { x: u8, y: u8 },
}

/// Untagged, with variants of different JSON kinds.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(untagged)]
pub enum Loose {
    Flag(bool),
    Count(u32),
    Word(String),
    Item { id: u32, label: String },
    List(Vec<u8>),
}

// ---------------------------------------------------------------------------
// Renames.

/// `rename_all` and `rename` on a struct.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub user_id: u32,
    pub display_name: String,
    #[serde(rename = "URL")]
    pub home_page: String,
    pub is_admin: bool,
}

/// `rename_all`, `rename_all_fields` and `rename` on an enum.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(rename_all = "kebab-case", rename_all_fields = "camelCase")]
pub enum Playback {
    FastForward,
    SlowMotion {
        frame_rate: u8,
        keep_audio: bool,
    },
    #[serde(rename = "STOP")]
    Stopped {
        at_second: u32,
    },
}

/// `rename_all` on an internally tagged enum, with renamed fields.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Notice {
    WindowOpened { window_id: u32 },
    WindowClosed { window_id: u32, by_user: bool },
}

// ---------------------------------------------------------------------------
// Skipping and defaults.

/// `skip`: never sent, filled with its default on the way in.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Cached {
    pub key: String,
    #[serde(skip)]
    pub cache: Vec<u8>,
}

/// `skip_serializing_if` with `default`: may be absent both ways.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Sparse {
    pub id: u32,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retries: u8,
}

fn is_zero(value: &u8) -> bool {
    *value == 0
}

/// `#[serde(default)]` on the container: every field may be absent on the
/// way in, and all are always sent.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq, Default)]
#[serde(default)]
pub struct Settings {
    pub volume: u8,
    pub muted: bool,
    pub device: Option<String>,
}

// ---------------------------------------------------------------------------
// Flatten.

/// Fields shared by several structs.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Audit {
    pub created_by: String,
    pub revision: u32,
}

/// A struct flattened into another.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    #[serde(flatten)]
    pub audit: Audit,
}

/// An internally tagged enum flattened into a struct.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Job {
    pub id: u32,
    #[serde(flatten)]
    pub state: JobState,
}

/// The state of a [`Job`].
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(tag = "state")]
pub enum JobState {
    Queued,
    Running { progress: u8 },
    Failed { reason: String },
}

// ---------------------------------------------------------------------------
// Recursion and generics.

/// A recursive struct.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Tree {
    pub label: String,
    pub children: Vec<Tree>,
}

/// A recursive enum.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Negate(Box<Expr>),
    Add(Box<Expr>, Box<Expr>),
    Call { name: String, args: Vec<Expr> },
}

/// A generic struct, used at two concrete types.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<u32>,
}

/// A generic struct with two parameters.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Keyed<K, V> {
    pub key: K,
    pub value: V,
}

// ---------------------------------------------------------------------------
// More corner cases.

/// A map flattened into a struct: its other keys.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Extras {
    pub id: String,
    #[serde(flatten)]
    pub rest: HashMap<String, String>,
}

/// `skip_serializing_if` on an `Option` needs `default` too, or ts-rs
/// declares the field required (see [`HintsWithoutDefault`]).
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct Hints {
    pub id: u32,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hint: Option<String>,
}

/// [`Hints`] without `default`: serde omits `hint`, ts-rs declares it
/// required. Not in the services: `docs/type-fidelity.md`.
#[derive(Serialize, TS)]
pub struct HintsWithoutDefault {
    pub id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// `deny_unknown_fields`: extra properties are refused.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Strict {
    pub id: u32,
}

/// An untagged variant after tagged ones.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub enum Mixed {
    Known {
        id: u32,
    },
    #[serde(untagged)]
    Other(String),
}

/// A unit-only enum with `rename_all`.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Level {
    Debug,
    WarnOnce,
    Error,
}

/// `#[serde(transparent)]`, which ts-rs ignores: `#[ts(as = "…")]` says
/// the same to ts-rs (see [`TransparentWithoutAs`]).
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(transparent)]
#[ts(as = "u32")]
pub struct UserId {
    pub raw: u32,
}

/// [`UserId`] without `#[ts(as)]`: serde sends the number, ts-rs declares
/// the struct. Not in the services: `docs/type-fidelity.md`.
#[derive(Serialize, TS)]
#[serde(transparent)]
pub struct TransparentWithoutAs {
    pub raw: u32,
}

// ---------------------------------------------------------------------------
// Declarations no value satisfies, refused when the schema is built, and
// their fixes.

/// Newtype variants of primitives in an internally tagged enum: ts-rs
/// declares `{ "type": "Code" } & string`, and serde cannot serialize them.
/// Not in the services: the schema refuses it (see
/// [`UnsatisfiableTagged`]).
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(tag = "type")]
pub enum TaggedPrimitive {
    Code(String),
    Count(u32),
}

/// [`TaggedPrimitive`] tagged adjacently: the fix the refusal names first.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(tag = "type", content = "value")]
pub enum TaggedAdjacently {
    Code(String),
    Count(u32),
}

/// [`TaggedPrimitive`] with struct variants: the other fix.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
#[serde(tag = "type")]
pub enum TaggedStructs {
    Code { value: String },
    Count { value: u32 },
}

/// A field whose type the values of a map flattened next to it exclude:
/// `{ id: number } & { [key in string]: string }`. Not in the services:
/// the schema refuses it (see [`UnsatisfiableFlatten`]).
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub struct FlattenConflict {
    pub id: u32,
    #[serde(flatten)]
    pub rest: HashMap<String, String>,
}

/// A service returning [`TaggedPrimitive`]: its schema must be refused.
#[service(namespace = "unsatisfiableTagged")]
pub trait UnsatisfiableTagged {
    /// Answers a token.
    fn token(&self) -> TaggedPrimitive;
}

/// A service taking [`FlattenConflict`]: its schema must be refused.
#[service(namespace = "unsatisfiableFlatten")]
pub trait UnsatisfiableFlatten {
    /// Takes the record.
    fn put(&self, record: FlattenConflict);
}

impl UnsatisfiableTagged for Fixture {
    fn token(&self) -> TaggedPrimitive {
        self.take()
    }
}

impl UnsatisfiableFlatten for Fixture {
    fn put(&self, _record: FlattenConflict) {}
}

// ---------------------------------------------------------------------------
// Errors.

/// The typed error of [`Outbound::fallible`], sent as `ERR_HANDLER` data.
#[derive(Serialize, Deserialize, TS, Debug, Clone, PartialEq)]
pub enum Failure {
    NotFound { id: u32 },
    Denied,
    Invalid(String),
}

/// What [`Outbound::fallible`] and [`Outbound::aliased_result`] return.
pub type Fallible = Result<Inner, Failure>;

// ---------------------------------------------------------------------------
// The services.

/// One value per call: the test puts a value in, the outbound handler
/// takes it out and returns it.
#[derive(Default, Clone)]
pub struct Fixture {
    next: Arc<Mutex<Option<Box<dyn Any + Send>>>>,
}

impl Fixture {
    /// Sets the value the next outbound call returns.
    pub fn put(&self, value: Box<dyn Any + Send>) {
        *self.next.lock().unwrap() = Some(value);
    }

    fn take<T: 'static>(&self) -> T {
        let value = self
            .next
            .lock()
            .unwrap()
            .take()
            .expect("a value was put before the call");
        *value
            .downcast::<T>()
            .expect("the value put has the method's return type")
    }
}

/// One corpus entry.
pub struct Case {
    /// The Rust method name on both services.
    pub method: &'static str,
    /// The Rust type, for messages.
    pub rust_type: &'static str,
    /// Generates one Rust value, boxed for [`Fixture::put`].
    pub strategy: BoxedStrategy<Box<dyn Any + Send>>,
    /// TypeScript expressions the declaration must refuse.
    pub mutations: &'static [&'static str],
}

fn boxed<T: Send + std::fmt::Debug + 'static>(
    strategy: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Box<dyn Any + Send>> {
    strategy
        .prop_map(|value| Box::new(value) as Box<dyn Any + Send>)
        .boxed()
}

macro_rules! corpus {
    ($( $method:ident : $ty:ty = $strategy:expr, refuses [$($mutation:expr),* $(,)?]; )*) => {
        /// Every corpus type as a return value.
        #[service(namespace = "outbound")]
        pub trait Outbound {
            $( fn $method(&self) -> $ty; )*

            /// A method that fails with a typed error.
            fn fallible(&self) -> Result<Inner, Failure>;

            /// A `Result` behind a type alias: an ordinary value to the macro.
            fn aliased_result(&self) -> Fallible;
        }

        /// Every corpus type as an argument, echoed back.
        #[service(namespace = "inbound")]
        pub trait Inbound {
            $( fn $method(&self, value: $ty) -> $ty; )*
        }

        impl Outbound for Fixture {
            $( fn $method(&self) -> $ty { self.take() } )*

            fn fallible(&self) -> Result<Inner, Failure> {
                self.take()
            }

            fn aliased_result(&self) -> Fallible {
                self.take()
            }
        }

        impl Inbound for Fixture {
            $( fn $method(&self, value: $ty) -> $ty { value } )*
        }

        /// The corpus, in declaration order.
        pub fn cases() -> Vec<Case> {
            vec![$(
                Case {
                    method: stringify!($method),
                    rust_type: stringify!($ty),
                    strategy: boxed::<$ty>($strategy),
                    mutations: &[$($mutation),*],
                },
            )*]
        }
    };
}

/// Strategies for the corpus's named types.
pub mod strategies {
    use super::*;
    use proptest::collection::{btree_map, hash_map, vec};

    pub fn inner() -> impl Strategy<Value = Inner> {
        (any::<u32>(), text()).prop_map(|(id, label)| Inner { id, label })
    }

    pub fn unsigned() -> impl Strategy<Value = Unsigned> {
        (
            any::<u8>(),
            any::<u16>(),
            any::<u32>(),
            safe_u64(),
            safe_u128(),
            safe_usize(),
        )
            .prop_map(|(a, b, c, d, e, f)| Unsigned { a, b, c, d, e, f })
    }

    pub fn signed() -> impl Strategy<Value = Signed> {
        (
            any::<i8>(),
            any::<i16>(),
            any::<i32>(),
            safe_i64(),
            safe_i128(),
            safe_isize(),
        )
            .prop_map(|(a, b, c, d, e, f)| Signed { a, b, c, d, e, f })
    }

    pub fn floats() -> impl Strategy<Value = Floats> {
        (finite_f32(), finite_f64()).prop_map(|(single, double)| Floats { single, double })
    }

    pub fn scalars() -> impl Strategy<Value = Scalars> {
        (any::<bool>(), any::<char>(), text()).prop_map(|(flag, letter, text)| Scalars {
            flag,
            letter,
            text,
        })
    }

    pub fn optionals() -> impl Strategy<Value = Optionals> {
        (
            proptest::option::of(any::<u32>()),
            proptest::option::of(proptest::option::of(text())),
            proptest::option::of(vec(any::<bool>(), 0..4)),
        )
            .prop_map(|(maybe, nested, list)| Optionals {
                maybe,
                nested,
                list,
            })
    }

    pub fn attachment() -> impl Strategy<Value = Attachment> {
        (
            text(),
            vec(any::<u8>(), 0..8),
            vec(any::<u8>(), 0..8),
            vec(any::<u8>(), 0..8),
        )
            .prop_map(|(name, data, raw, shared)| Attachment {
                name,
                data: data.into(),
                raw,
                shared: serde_bytes::ByteBuf::from(shared),
            })
    }

    pub fn maps() -> impl Strategy<Value = Maps> {
        (
            hash_map(text(), any::<u32>(), 0..4),
            btree_map(safe_u64(), text(), 0..4),
            hash_map(any::<i8>(), any::<bool>(), 0..4),
        )
            .prop_map(|(by_name, by_id, by_small)| Maps {
                by_name,
                by_id,
                by_small,
            })
    }

    pub fn meters() -> impl Strategy<Value = Meters> {
        finite_f64().prop_map(Meters)
    }

    pub fn pair() -> impl Strategy<Value = Pair> {
        (any::<i32>(), text()).prop_map(|(a, b)| Pair(a, b))
    }

    pub fn outer() -> impl Strategy<Value = Outer> {
        (inner(), vec(inner(), 0..3), meters(), pair()).prop_map(|(inner, many, length, pair)| {
            Outer {
                inner,
                many,
                length,
                pair,
            }
        })
    }

    pub fn shape() -> impl Strategy<Value = Shape> {
        prop_oneof![
            Just(Shape::Empty),
            finite_f64().prop_map(|radius| Shape::Circle { radius }),
            finite_f64().prop_map(Shape::Square),
            (finite_f64(), finite_f64()).prop_map(|(w, h)| Shape::Rect(w, h)),
            inner().prop_map(Shape::Labelled),
        ]
    }

    pub fn input() -> impl Strategy<Value = Input> {
        prop_oneof![
            Just(Input::Idle),
            (any::<i32>(), any::<i32>()).prop_map(|(x, y)| Input::Click { x, y }),
            (text(), any::<bool>()).prop_map(|(code, repeat)| Input::Key { code, repeat }),
            inner().prop_map(Input::Target),
        ]
    }

    pub fn message() -> impl Strategy<Value = Message> {
        prop_oneof![
            Just(Message::Ping),
            text().prop_map(Message::Text),
            (any::<i16>(), any::<i16>()).prop_map(|(x, y)| Message::Move(x, y)),
            (any::<u8>(), any::<u8>()).prop_map(|(x, y)| Message::Point { x, y }),
        ]
    }

    pub fn loose() -> impl Strategy<Value = Loose> {
        prop_oneof![
            any::<bool>().prop_map(Loose::Flag),
            any::<u32>().prop_map(Loose::Count),
            text().prop_map(Loose::Word),
            (any::<u32>(), text()).prop_map(|(id, label)| Loose::Item { id, label }),
            vec(any::<u8>(), 0..4).prop_map(Loose::List),
        ]
    }

    pub fn account() -> impl Strategy<Value = Account> {
        (any::<u32>(), text(), text(), any::<bool>()).prop_map(
            |(user_id, display_name, home_page, is_admin)| Account {
                user_id,
                display_name,
                home_page,
                is_admin,
            },
        )
    }

    pub fn playback() -> impl Strategy<Value = Playback> {
        prop_oneof![
            Just(Playback::FastForward),
            (any::<u8>(), any::<bool>()).prop_map(|(frame_rate, keep_audio)| {
                Playback::SlowMotion {
                    frame_rate,
                    keep_audio,
                }
            }),
            any::<u32>().prop_map(|at_second| Playback::Stopped { at_second }),
        ]
    }

    pub fn notice() -> impl Strategy<Value = Notice> {
        prop_oneof![
            any::<u32>().prop_map(|window_id| Notice::WindowOpened { window_id }),
            (any::<u32>(), any::<bool>())
                .prop_map(|(window_id, by_user)| Notice::WindowClosed { window_id, by_user }),
        ]
    }

    pub fn cached() -> impl Strategy<Value = Cached> {
        (text(), vec(any::<u8>(), 0..4)).prop_map(|(key, cache)| Cached { key, cache })
    }

    pub fn sparse() -> impl Strategy<Value = Sparse> {
        (
            any::<u32>(),
            proptest::option::of(text()),
            vec(text(), 0..3),
            prop_oneof![Just(0u8), any::<u8>()],
        )
            .prop_map(|(id, note, tags, retries)| Sparse {
                id,
                note,
                tags,
                retries,
            })
    }

    pub fn settings() -> impl Strategy<Value = Settings> {
        (any::<u8>(), any::<bool>(), proptest::option::of(text())).prop_map(
            |(volume, muted, device)| Settings {
                volume,
                muted,
                device,
            },
        )
    }

    pub fn document() -> impl Strategy<Value = Document> {
        (text(), text(), any::<u32>()).prop_map(|(title, created_by, revision)| Document {
            title,
            audit: Audit {
                created_by,
                revision,
            },
        })
    }

    pub fn job() -> impl Strategy<Value = Job> {
        let state = prop_oneof![
            Just(JobState::Queued),
            any::<u8>().prop_map(|progress| JobState::Running { progress }),
            text().prop_map(|reason| JobState::Failed { reason }),
        ];
        (any::<u32>(), state).prop_map(|(id, state)| Job { id, state })
    }

    pub fn tree() -> impl Strategy<Value = Tree> {
        let leaf = text().prop_map(|label| Tree {
            label,
            children: Vec::new(),
        });
        leaf.prop_recursive(4, 24, 4, |tree| {
            (text(), vec(tree, 0..4)).prop_map(|(label, children)| Tree { label, children })
        })
    }

    pub fn expr() -> impl Strategy<Value = Expr> {
        let leaf = finite_f64().prop_map(Expr::Number);
        leaf.prop_recursive(4, 24, 3, |expr| {
            prop_oneof![
                expr.clone().prop_map(|e| Expr::Negate(Box::new(e))),
                (expr.clone(), expr.clone()).prop_map(|(a, b)| Expr::Add(Box::new(a), Box::new(b))),
                (text(), vec(expr, 0..3)).prop_map(|(name, args)| Expr::Call { name, args }),
            ]
        })
    }

    pub fn page<T: std::fmt::Debug>(
        item: impl Strategy<Value = T> + 'static,
    ) -> impl Strategy<Value = Page<T>> {
        (vec(item, 0..4), proptest::option::of(any::<u32>()))
            .prop_map(|(items, next)| Page { items, next })
    }

    pub fn extras() -> impl Strategy<Value = Extras> {
        (text(), hash_map(text(), text(), 0..3)).prop_map(|(id, rest)| Extras { id, rest })
    }

    pub fn hints() -> impl Strategy<Value = Hints> {
        (any::<u32>(), proptest::option::of(text())).prop_map(|(id, hint)| Hints { id, hint })
    }

    pub fn mixed() -> impl Strategy<Value = Mixed> {
        prop_oneof![
            any::<u32>().prop_map(|id| Mixed::Known { id }),
            text().prop_map(Mixed::Other),
        ]
    }

    pub fn level() -> impl Strategy<Value = Level> {
        prop_oneof![
            Just(Level::Debug),
            Just(Level::WarnOnce),
            Just(Level::Error)
        ]
    }

    pub fn tagged_adjacently() -> impl Strategy<Value = TaggedAdjacently> {
        prop_oneof![
            text().prop_map(TaggedAdjacently::Code),
            any::<u32>().prop_map(TaggedAdjacently::Count),
        ]
    }

    pub fn tagged_structs() -> impl Strategy<Value = TaggedStructs> {
        prop_oneof![
            text().prop_map(|value| TaggedStructs::Code { value }),
            any::<u32>().prop_map(|value| TaggedStructs::Count { value }),
        ]
    }

    pub fn fallible() -> impl Strategy<Value = Fallible> {
        prop_oneof![
            inner().prop_map(Ok),
            any::<u32>().prop_map(|id| Err(Failure::NotFound { id })),
            Just(Err(Failure::Denied)),
            text().prop_map(|reason| Err(Failure::Invalid(reason))),
        ]
    }
}

use proptest::collection::{btree_map, hash_map, vec};
use strategies::*;

corpus! {
    unsigned: Unsigned = unsigned(), refuses [
        r#"{ a: 1, b: 2, c: 3, d: 4, e: 5 }"#,
        r#"{ a: "1", b: 2, c: 3, d: 4, e: 5, f: 6 }"#,
        r#"{ a: 1, b: 2, c: 3, d: 4n, e: 5, f: 6 }"#,
    ];
    signed: Signed = signed(), refuses [
        r#"{ a: 1, b: 2, c: 3, d: 4, e: null, f: 6 }"#,
        r#"{ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }"#,
    ];
    floats: Floats = floats(), refuses [
        r#"{ single: 1 }"#,
        r#"{ single: 1, double: "2" }"#,
    ];
    scalars: Scalars = scalars(), refuses [
        r#"{ flag: 1, letter: "a", text: "" }"#,
        r#"{ flag: true, letter: 97, text: "" }"#,
    ];
    optionals: Optionals = optionals(), refuses [
        r#"{ maybe: null, nested: null }"#,
        r#"{ maybe: undefined, nested: null, list: null }"#,
        r#"{ maybe: null, nested: null, list: [null] }"#,
    ];
    option_arg: Option<String> = proptest::option::of(text()), refuses [
        r#"undefined"#,
        r#"1"#,
    ];
    numbers: Vec<i32> = vec(any::<i32>(), 0..8), refuses [
        r#"[1, "2"]"#,
        r#"null"#,
    ];
    bytes: Vec<u8> = vec(any::<u8>(), 0..16), refuses [
        r#"new Uint8Array([1, 2])"#,
        r#"[1, null]"#,
    ];
    binary: Bytes = vec(any::<u8>(), 0..16).prop_map(Bytes::from), refuses [
        r#"[1, 2]"#,
        r#""AQI=""#,
        r#"new Uint16Array([1, 2])"#,
    ];
    attachment: Attachment = attachment(), refuses [
        r#"{ name: "a", data: [1], raw: new Uint8Array([1]), shared: new Uint8Array([]) }"#,
        r#"{ name: "a", data: new Uint8Array([1]), raw: [1], shared: new Uint8Array([]) }"#,
        r#"{ name: "a", data: new Uint8Array([1]), raw: new Uint8Array([1]), shared: null }"#,
    ];
    string_map: HashMap<String, u32> = hash_map(text(), any::<u32>(), 0..6), refuses [
        r#"{ a: "1" }"#,
        r#"{ a: null }"#,
    ];
    int_map: BTreeMap<u32, Inner> = btree_map(any::<u32>(), inner(), 0..4), refuses [
        r#"{ 1: { id: 1 } }"#,
        r#"{ abc: { id: 1, label: "" } }"#,
    ];
    maps: Maps = maps(), refuses [
        r#"{ byName: {}, byId: {}, bySmall: {} }"#,
        r#"{ by_name: { a: true }, by_id: {}, by_small: {} }"#,
    ];
    tuple: (u8, String, bool) = (any::<u8>(), text(), any::<bool>()), refuses [
        r#"[1, "a"]"#,
        r#"[1, "a", true, 2]"#,
        r#"["a", 1, true]"#,
    ];
    unit: () = Just(()), refuses [
        r#"undefined"#,
        r#"{}"#,
    ];
    marker: Marker = Just(Marker), refuses [
        r#"{}"#,
        r#""Marker""#,
    ];
    meters: Meters = meters(), refuses [
        r#"[1]"#,
        r#"{ 0: 1 }"#,
    ];
    pair: Pair = pair(), refuses [
        r#"{ 0: 1, 1: "a" }"#,
        r#"[1]"#,
    ];
    outer: Outer = outer(), refuses [
        r#"{ inner: { id: 1, label: "" }, many: [], length: 1 }"#,
        r#"{ inner: { id: 1, label: "" }, many: [{ id: 1 }], length: 1, pair: [1, ""] }"#,
    ];
    shape: Shape = shape(), refuses [
        r#"{ "Circle": { radius: "1" } }"#,
        r#"{ "Triangle": 1 }"#,
        r#""Circle""#,
        r#"{ "Rect": [1] }"#,
    ];
    input: Input = input(), refuses [
        r#"{ type: "Scroll" }"#,
        r#"{ type: "Click", x: 1 }"#,
        r#"{ type: "Target", id: 1 }"#,
        r#"{ Idle: null }"#,
    ];
    message: Message = message(), refuses [
        r#"{ t: "Text", c: 1 }"#,
        r#"{ t: "Ping", c: null, d: 1 }"#,
        r#"{ t: "Move", c: [1] }"#,
        r#"{ type: "Ping" }"#,
    ];
    loose: Loose = loose(), refuses [
        r#"null"#,
        r#"{ id: 1 }"#,
        r#"["a"]"#,
    ];
    account: Account = account(), refuses [
        r#"{ user_id: 1, displayName: "", URL: "", isAdmin: true }"#,
        r#"{ userId: 1, displayName: "", homePage: "", isAdmin: true }"#,
    ];
    playback: Playback = playback(), refuses [
        r#""FastForward""#,
        r#"{ "slow-motion": { frame_rate: 1, keepAudio: true } }"#,
        r#"{ "stopped": { atSecond: 1 } }"#,
    ];
    notice: Notice = notice(), refuses [
        r#"{ kind: "WindowOpened", windowId: 1 }"#,
        r#"{ kind: "window_closed", windowId: 1 }"#,
    ];
    cached: Cached = cached(), refuses [
        r#"{}"#,
        r#"{ key: "", cache: [] }"#,
    ];
    sparse: Sparse = sparse(), refuses [
        r#"{ note: "" }"#,
        r#"{ id: 1, note: 1 }"#,
        r#"{ id: 1, tags: [1] }"#,
    ];
    settings: Settings = settings(), refuses [
        r#"{ volume: 1, muted: false }"#,
        r#"{ volume: "1", muted: false, device: null }"#,
    ];
    document: Document = document(), refuses [
        r#"{ title: "", audit: { created_by: "", revision: 1 } }"#,
        r#"{ title: "", created_by: "" }"#,
    ];
    job: Job = job(), refuses [
        r#"{ id: 1 }"#,
        r#"{ id: 1, state: "Running" }"#,
        r#"{ id: 1, state: { state: "Queued" } }"#,
    ];
    tree: Tree = tree(), refuses [
        r#"{ label: "", children: [{ label: "" }] }"#,
        r#"{ label: "", children: [null] }"#,
    ];
    expr: Expr = expr(), refuses [
        r#"{ "Add": [{ "Number": 1 }] }"#,
        r#"{ "Negate": { "Number": "1" } }"#,
        r#"{ "Call": { name: "f", args: [1] } }"#,
    ];
    page_of_strings: Page<String> = page(text()), refuses [
        r#"{ items: [1], next: null }"#,
        r#"{ items: [] }"#,
    ];
    page_of_inner: Page<Inner> = page(inner()), refuses [
        r#"{ items: ["a"], next: null }"#,
        r#"{ items: [{ id: 1 }], next: 1 }"#,
    ];
    keyed: Keyed<String, Vec<Option<u16>>> = (text(), vec(proptest::option::of(any::<u16>()), 0..4))
        .prop_map(|(key, value)| Keyed { key, value }), refuses [
        r#"{ key: 1, value: [] }"#,
        r#"{ key: "", value: ["a"] }"#,
    ];
    nested_collections: Vec<Option<HashMap<String, Vec<(u16, bool)>>>> =
        vec(proptest::option::of(hash_map(text(), vec((any::<u16>(), any::<bool>()), 0..3), 0..3)), 0..3),
        refuses [
        r#"[{ a: [[1]] }]"#,
        r#"[{ a: [[true, 1]] }]"#,
    ];
    extras: Extras = extras(), refuses [
        r#"{ rest: {} }"#,
        r#"{ id: 1 }"#,
    ];
    hints: Hints = hints(), refuses [
        r#"{ hint: "" }"#,
        r#"{ id: 1, hint: 1 }"#,
    ];
    strict: Strict = any::<u32>().prop_map(|id| Strict { id }), refuses [
        r#"{ id: 1, other: 2 }"#,
        r#"{}"#,
    ];
    mixed: Mixed = mixed(), refuses [
        r#"{ "Known": { id: "1" } }"#,
        r#"{ "Other": "a" }"#,
    ];
    level: Level = level(), refuses [
        r#""WarnOnce""#,
        r#""WARN""#,
    ];
    user_id: UserId = any::<u32>().prop_map(|raw| UserId { raw }), refuses [
        r#"{ raw: 1 }"#,
        r#""1""#,
    ];
    fixed: [u8; 4] = any::<[u8; 4]>(), refuses [
        r#"[1, 2, 3]"#,
        r#"[1, 2, 3, 4, 5]"#,
    ];
    set: std::collections::BTreeSet<u16> = proptest::collection::btree_set(any::<u16>(), 0..5), refuses [
        r#"["1"]"#,
        r#"new Set([1])"#,
    ];
    tagged_adjacently: TaggedAdjacently = tagged_adjacently(), refuses [
        r#"{ type: "Code" }"#,
        r#"{ type: "Code", value: 1 }"#,
        r#""x""#,
    ];
    tagged_structs: TaggedStructs = tagged_structs(), refuses [
        r#"{ type: "Count" }"#,
        r#"{ type: "Code", value: 1 }"#,
    ];
    json: serde_json::Value = json_value(), refuses [
        r#"undefined"#,
        r#"[1n]"#,
    ];
}
