//! How generated code reaches the user's types without repeating their
//! errors.
//!
//! A type that cannot cross the boundary (a `Box<dyn Fn()>` argument, a
//! `std::fs::File` returned) must be reported once, at the type, saying
//! what to do. So generated code names a user's type `T` with a bound that
//! can fail in one place only: the assertion for its role (`assert_arg`,
//! `assert_return`, …), whose trait carries the message. Everywhere else it
//! goes through `Probe::<T>::new().arg()` (or `.value()`,
//! `.js_event_arg()`):
//!
//! - when `T` has the traits, the inherent method of [`Probe`] applies and
//!   answers the proof [`Arg<T>`] (or [`Value<T>`], [`JsEventArg<T>`]),
//!   whose methods decode, encode and describe `T`;
//! - when it has not, method resolution skips that method (its bounds do
//!   not hold) and goes on to the `Deref` target of `Probe`,
//!   [`ProbeFallback`], whose method has no bounds and answers
//!   [`Unusable`], which has the same methods and is never run: the crate
//!   does not compile while the assertion fails.
//!
//! So the generated code type-checks either way, and the only error is
//! the assertion's.

use std::any::{Any, TypeId};
use std::marker::PhantomData;
use std::ops::Deref;

use super::{encode, handler_error, ok_with, Encoded, IpcArg, IpcValue};
use crate::args::{decode, decode_only, ArgReader, Args};
use crate::envelope::{ErrorCode, IpcError, Response};
use crate::events::EmitError;
use crate::schema::{Int64, TypeRegistry};

/// The user's type `T`, before anything is known about its traits (see
/// the module documentation).
pub struct Probe<T: ?Sized>(PhantomData<fn(&T)>);

impl<T: ?Sized> Probe<T> {
    /// The probe of `T`.
    #[inline]
    pub const fn new() -> Self {
        Probe(PhantomData)
    }
}

impl<T: ?Sized> Default for Probe<T> {
    fn default() -> Self {
        Probe::new()
    }
}

impl<T: IpcArg> Probe<T> {
    /// `T` as an argument: it decodes.
    #[inline]
    pub const fn arg(&self) -> Arg<T> {
        Arg(PhantomData)
    }
}

impl<T: IpcValue> Probe<T> {
    /// `T` as a value sent to the renderer: it encodes.
    #[inline]
    pub const fn value(&self) -> Value<T> {
        Value(PhantomData)
    }
}

impl<T: IpcArg + IpcValue> Probe<T> {
    /// `T` as an argument of an event emitted from JavaScript: Rust decodes
    /// it to check it, and encodes it when Rust emits it.
    #[inline]
    pub const fn js_event_arg(&self) -> JsEventArg<T> {
        JsEventArg(PhantomData)
    }
}

impl<T: ?Sized> Deref for Probe<T> {
    type Target = ProbeFallback;

    #[inline]
    fn deref(&self) -> &ProbeFallback {
        &ProbeFallback
    }
}

/// What a [`Probe`] answers when its type lacks the traits of a role.
#[derive(Debug)]
pub struct ProbeFallback;

impl ProbeFallback {
    /// The type cannot be an argument.
    #[inline]
    pub const fn arg(&self) -> Unusable {
        Unusable
    }

    /// The type cannot be sent.
    #[inline]
    pub const fn value(&self) -> Unusable {
        Unusable
    }

    /// The type cannot be an argument of an event emitted from JavaScript.
    #[inline]
    pub const fn js_event_arg(&self) -> Unusable {
        Unusable
    }
}

/// Proof that `T` can be an argument.
pub struct Arg<T>(PhantomData<fn() -> T>);

/// Proof that `T` can be sent to the renderer.
pub struct Value<T>(PhantomData<fn(&T)>);

/// Proof that `T` can be an argument of an event emitted from JavaScript.
pub struct JsEventArg<T>(PhantomData<fn(&T) -> T>);

impl<T: IpcArg> Arg<T> {
    /// Decodes the next argument (see [`ArgReader::arg`]).
    #[inline]
    pub fn read(&self, reader: &mut ArgReader<'_>) -> Option<T> {
        reader.arg::<T>()
    }

    /// Decodes the one argument of a method that takes one (see
    /// [`decode_only`]).
    #[inline]
    pub fn read_only(&self, args: &Args<'_>) -> Option<T> {
        decode_only::<T>(args)
    }

    /// Decodes argument `index` on its own (see [`decode`]).
    #[inline]
    pub fn decode(&self, args: &Args<'_>, index: usize) -> Result<T, Response> {
        decode::<T>(args, index)
    }

    /// The TypeScript of `T`, registering its declarations.
    pub fn ts(&self, types: &mut TypeRegistry) -> String {
        types.ts::<T>()
    }
}

impl<T: IpcArg + Send> Arg<T> {
    /// The stream of a method's `Incoming<T>` argument, and the feed the
    /// host pushes the page's items into (see [`open_incoming`](super::open_incoming)).
    pub fn incoming(
        &self,
        args: &Args<'_>,
    ) -> (crate::Incoming<T>, std::sync::Arc<dyn crate::IncomingFeed>) {
        crate::Incoming::channel(args.channel())
    }
}

impl<T: IpcValue> Value<T> {
    /// The response for a returned value, under the router's `policy`.
    #[inline]
    pub fn ok(&self, value: &T, policy: Int64) -> Response {
        ok_with(value, policy)
    }

    /// The response for a returned value the handler gave up: a returned
    /// [`Bytes`](crate::Bytes) moves into the answer as its buffer, without
    /// a copy (serde would be handed only a reference, and copy it); any
    /// other value is encoded as [`Value::ok`] encodes it.
    #[inline]
    pub fn ok_owned(&self, value: T, policy: Int64) -> Response {
        // A `TypeId` comparison, settled when `T` is known: any other type
        // goes straight to the encoder, without the slot.
        if TypeId::of::<T>() == TypeId::of::<crate::Bytes>() {
            let mut slot = Some(value);
            let taken = (&mut slot as &mut dyn Any)
                .downcast_mut::<Option<crate::Bytes>>()
                .and_then(Option::take);
            if let Some(bytes) = taken {
                return Response::ok_bytes(bytes.into_vec());
            }
            return match &slot {
                Some(value) => ok_with(value, policy),
                None => unreachable!("only a `Bytes` is taken out of the slot"),
            };
        }
        ok_with(&value, policy)
    }

    /// The response for a handler that returned `Err(error)`.
    #[inline]
    pub fn handler_error(&self, error: &T, policy: Int64) -> Response {
        handler_error(error, policy)
    }

    /// One argument of an event, as JSON, under the emitter's `policy`.
    #[inline]
    pub fn encode(&self, value: &T, policy: Int64) -> Result<Encoded, EmitError> {
        encode(value, policy)
    }

    /// The TypeScript of `T`, registering its declarations.
    pub fn ts(&self, types: &mut TypeRegistry) -> String {
        types.ts::<T>()
    }
}

impl<T: IpcArg + IpcValue> JsEventArg<T> {
    /// The response carrying `value`, decoded from main-process
    /// JavaScript and encoded again under the router's `policy`.
    #[inline]
    pub fn ok(&self, value: &T, policy: Int64) -> Response {
        ok_with(value, policy)
    }

    /// Decodes the next argument (see [`ArgReader::arg`]).
    #[inline]
    pub fn read(&self, reader: &mut ArgReader<'_>) -> Option<T> {
        reader.arg::<T>()
    }

    /// Decodes the one argument of a method that takes one (see
    /// [`decode_only`]).
    #[inline]
    pub fn read_only(&self, args: &Args<'_>) -> Option<T> {
        decode_only::<T>(args)
    }

    /// Decodes argument `index` on its own (see [`decode`]).
    #[inline]
    pub fn decode(&self, args: &Args<'_>, index: usize) -> Result<T, Response> {
        decode::<T>(args, index)
    }

    /// One argument of an event, as JSON, under the emitter's `policy`.
    #[inline]
    pub fn encode(&self, value: &T, policy: Int64) -> Result<Encoded, EmitError> {
        encode(value, policy)
    }

    /// The TypeScript of `T`, registering its declarations.
    pub fn ts(&self, types: &mut TypeRegistry) -> String {
        types.ts::<T>()
    }
}

/// A type that lacks the traits of its role. Its methods mirror those of
/// [`Arg`] and [`Value`] so that the generated code compiles around the
/// one error of the assertion; they never run, since the crate does not
/// compile.
#[derive(Debug)]
pub struct Unusable;

impl Unusable {
    /// Never decodes.
    #[inline]
    pub fn read<T>(&self, _: &mut ArgReader<'_>) -> Option<T> {
        None
    }

    /// Never decodes.
    #[inline]
    pub fn read_only<T>(&self, _: &Args<'_>) -> Option<T> {
        None
    }

    /// Never decodes.
    #[inline]
    pub fn decode<T>(&self, _: &Args<'_>, _: usize) -> Result<T, Response> {
        Err(Response::err(unusable()))
    }

    /// Answers `ERR_BAD_RESPONSE`.
    #[inline]
    pub fn ok<T: ?Sized>(&self, _: &T, _: Int64) -> Response {
        Response::err(unusable())
    }

    /// Answers `ERR_BAD_RESPONSE`.
    #[inline]
    pub fn ok_owned<T>(&self, _: T, _: Int64) -> Response {
        Response::err(unusable())
    }

    /// Answers `ERR_BAD_RESPONSE`.
    #[inline]
    pub fn handler_error<T: ?Sized>(&self, _: &T, _: Int64) -> Response {
        Response::err(unusable())
    }

    /// Never encodes.
    #[inline]
    pub fn encode<T: ?Sized>(&self, _: &T, _: Int64) -> Result<Encoded, EmitError> {
        Err(EmitError::Serialize(unusable().message))
    }

    /// No TypeScript.
    pub fn ts(&self, _: &mut TypeRegistry) -> String {
        String::from("never")
    }

    /// A stream that never yields, and a feed that refuses every item.
    pub fn incoming<T>(
        &self,
        _: &Args<'_>,
    ) -> (crate::Incoming<T>, std::sync::Arc<dyn crate::IncomingFeed>) {
        crate::incoming::unusable()
    }
}

fn unusable() -> IpcError {
    IpcError::new(
        ErrorCode::BadResponse,
        "a type of this method cannot cross IPC (the crate should not have compiled)",
    )
}

/// The role assertions take the proof ([`Arg`], [`Value`], …) or
/// [`Unusable`] as `Verdict`; this second implementation of each keeps
/// the compiler from inferring the verdict from the only other one, so that
/// an unusable type is reported as the trait not implemented, with its
/// message.
#[derive(Debug)]
pub enum Undecided {}

// One trait and one assertion per role. The trait is implemented for
// every type with that role's proof as `Verdict` (and with `Undecided`), so
// `T: IpcArgument<Unusable>` fails, with the trait's message at `T`.
// Generated code spells `T` from the user's tokens, so the error underlines
// the type as they wrote it.

/// `Self` can be an argument of an invoke or send method.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an IPC argument",
    label = "arguments are decoded from the renderer's JSON: this type must implement `serde::Deserialize` and `ts_rs::TS`",
    note = "derive `Deserialize` and `TS` on a type of your own, or use one that has them (`String`, numbers, `Vec<T>`, `Option<T>`, ...): a function, a trait object, a file or a handle cannot come from a renderer"
)]
pub trait IpcArgument<Verdict> {}
impl<T> IpcArgument<Arg<T>> for T {}
impl<T: ?Sized> IpcArgument<Undecided> for T {}

/// Compiles only if `verdict` is the proof that `T` has the traits of
/// [`IpcArgument`].
#[inline]
pub fn assert_arg<T: ?Sized + IpcArgument<Verdict>, Verdict>(verdict: Verdict) {
    let _ = verdict;
}

/// `Self` can be returned by an invoke method.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned over IPC",
    label = "return values are sent to the renderer as JSON: this type must implement `serde::Serialize` and `ts_rs::TS`",
    note = "derive `Serialize` and `TS` on a type of your own, or use one that has them (`String`, numbers, `Vec<T>`, `Option<T>`, ...): a file, a handle or a trait object cannot reach a renderer; return what the renderer needs to know of it"
)]
pub trait IpcReturn<Verdict> {}
impl<T> IpcReturn<Value<T>> for T {}
impl<T: ?Sized> IpcReturn<Undecided> for T {}

/// Compiles only if `verdict` is the proof that `T` has the traits of
/// [`IpcReturn`].
#[inline]
pub fn assert_return<T: ?Sized + IpcReturn<Verdict>, Verdict>(verdict: Verdict) {
    let _ = verdict;
}

/// `Self` can be the error of a method returning `Result<T, Self>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an IPC error",
    label = "the error is sent to the renderer as the `data` of `ERR_HANDLER`: this type must implement `serde::Serialize` and `ts_rs::TS`",
    note = "derive `Serialize` and `TS` on an error enum of your own and convert to it with `.map_err(...)`, or send the message as a `String`"
)]
pub trait IpcHandlerError<Verdict> {}
impl<T> IpcHandlerError<Value<T>> for T {}
impl<T: ?Sized> IpcHandlerError<Undecided> for T {}

/// Compiles only if `verdict` is the proof that `T` has the traits of
/// [`IpcHandlerError`].
#[inline]
pub fn assert_error<T: ?Sized + IpcHandlerError<Verdict>, Verdict>(verdict: Verdict) {
    let _ = verdict;
}

/// `Self` can be an argument of an event emitted from Rust.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an event argument",
    label = "event arguments are sent to the renderers as JSON: this type must implement `serde::Serialize` and `ts_rs::TS`",
    note = "derive `Serialize` and `TS` on a type of your own, or use one that has them (`String`, numbers, `Vec<T>`, `Option<T>`, ...)"
)]
pub trait IpcEventArgument<Verdict> {}
impl<T> IpcEventArgument<Value<T>> for T {}
impl<T: ?Sized> IpcEventArgument<Undecided> for T {}

/// Compiles only if `verdict` is the proof that `T` has the traits of
/// [`IpcEventArgument`].
#[inline]
pub fn assert_event_arg<T: ?Sized + IpcEventArgument<Verdict>, Verdict>(verdict: Verdict) {
    let _ = verdict;
}

/// `Self` can be an argument of an event emitted from main-process
/// JavaScript, which Rust checks before it is sent.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an argument of an event emitted from JavaScript",
    label = "Rust decodes it to check it before it is sent: this type must implement `serde::Serialize`, `serde::Deserialize` and `ts_rs::TS`",
    note = "derive `Serialize`, `Deserialize` and `TS` on it"
)]
pub trait IpcJsEventArgument<Verdict> {}
impl<T> IpcJsEventArgument<JsEventArg<T>> for T {}
impl<T: ?Sized> IpcJsEventArgument<Undecided> for T {}

/// Compiles only if `verdict` is the proof that `T` has the traits of
/// [`IpcJsEventArgument`].
#[inline]
pub fn assert_js_event_arg<T: ?Sized + IpcJsEventArgument<Verdict>, Verdict>(verdict: Verdict) {
    let _ = verdict;
}

/// `Self` can be the payload or the answer of a relay between windows
/// (`#[ipc(relay)]`), which Rust decodes from the sending page and encodes
/// again for the receiving one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot travel between windows in a relay",
    label = "Rust decodes it from the sending page and encodes it again for the receiving one: this type must implement `serde::Serialize`, `serde::Deserialize` and `ts_rs::TS`",
    note = "derive `Serialize`, `Deserialize` and `TS` on it"
)]
pub trait IpcRelayValue<Verdict> {}
impl<T> IpcRelayValue<JsEventArg<T>> for T {}
impl<T: ?Sized> IpcRelayValue<Undecided> for T {}

/// Compiles only if `verdict` is the proof that `T` has the traits of
/// [`IpcRelayValue`].
#[inline]
pub fn assert_relay_value<T: ?Sized + IpcRelayValue<Verdict>, Verdict>(verdict: Verdict) {
    let _ = verdict;
}

/// `Self` can be an argument of a method implemented in main-process
/// JavaScript, which Rust decodes to check it and, under the `bigint`
/// policy, encodes again for the handler.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an argument of a method implemented in main-process JavaScript",
    label = "Rust decodes it to check it, then encodes it again for the JavaScript handler: this type must implement `serde::Serialize`, `serde::Deserialize` and `ts_rs::TS`",
    note = "derive `Serialize`, `Deserialize` and `TS` on it"
)]
pub trait IpcJsArgument<Verdict> {}
impl<T> IpcJsArgument<JsEventArg<T>> for T {}
impl<T: ?Sized> IpcJsArgument<Undecided> for T {}

/// Compiles only if `verdict` is the proof that `T` has the traits of
/// [`IpcJsArgument`].
#[inline]
pub fn assert_js_arg<T: ?Sized + IpcJsArgument<Verdict>, Verdict>(verdict: Verdict) {
    let _ = verdict;
}

/// `Self` can be returned (or be the error) of a method implemented in
/// main-process JavaScript, whose answer Rust checks under the `bigint`
/// policy.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be answered by a method implemented in main-process JavaScript",
    label = "Rust decodes the handler's answer to check it, then encodes it again for the renderer: this type must implement `serde::Serialize`, `serde::Deserialize` and `ts_rs::TS`",
    note = "derive `Serialize`, `Deserialize` and `TS` on it"
)]
pub trait IpcJsAnswer<Verdict> {}
impl<T> IpcJsAnswer<JsEventArg<T>> for T {}
impl<T: ?Sized> IpcJsAnswer<Undecided> for T {}

/// Compiles only if `verdict` is the proof that `T` has the traits of
/// [`IpcJsAnswer`].
#[inline]
pub fn assert_js_answer<T: ?Sized + IpcJsAnswer<Verdict>, Verdict>(verdict: Verdict) {
    let _ = verdict;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_answers_the_proof_when_the_traits_hold_and_unusable_otherwise() {
        fn name<V>(_: V) -> &'static str {
            std::any::type_name::<V>()
        }
        struct Opaque;
        assert!(name(Probe::<String>::new().arg()).contains("Arg<"));
        assert!(name(Probe::<String>::new().value()).contains("Value<"));
        assert!(name(Probe::<String>::new().js_event_arg()).contains("JsEventArg<"));
        assert!(name(Probe::<Opaque>::new().arg()).ends_with("Unusable"));
        assert!(name(Probe::<Opaque>::new().value()).ends_with("Unusable"));
        assert!(name(Probe::<std::fs::File>::new().value()).ends_with("Unusable"));
        assert_arg::<String, _>(Probe::<String>::new().arg());
        assert_return::<u32, _>(Probe::<u32>::new().value());
    }

    #[test]
    fn the_proofs_do_what_the_plain_functions_do() {
        let args = Args::new(r#"[7, "x"]"#, &["a", "b"], "t:m");
        let mut reader = ArgReader::new(&args);
        assert_eq!(Probe::<u8>::new().arg().read(&mut reader), Some(7));
        assert_eq!(
            Probe::<String>::new().js_event_arg().read(&mut reader),
            Some("x".to_owned())
        );
        assert!(reader.end());
        assert_eq!(Probe::<u8>::new().arg().decode(&args, 0).unwrap(), 7);
        let value = Probe::<Vec<u8>>::new().value();
        assert_eq!(
            value.ok(&vec![1], Int64::Number).to_json(),
            r#"{"ok":true,"value":[1]}"#
        );
        assert_eq!(
            value
                .handler_error(&vec![1], Int64::Number)
                .error()
                .unwrap()
                .code,
            ErrorCode::Handler
        );
        assert_eq!(value.encode(&vec![1], Int64::Number).unwrap().get(), "[1]");
        let mut types = TypeRegistry::new();
        assert_eq!(value.ts(&mut types), "Array<number>");
    }

    #[test]
    fn a_returned_bytes_moves_into_the_answer_without_a_copy() {
        let bytes = crate::Bytes::from(vec![7_u8; 4096]);
        let encoded = Probe::<crate::Bytes>::new()
            .value()
            .ok(&bytes, Int64::BigInt);
        let address = bytes.as_ptr();
        let moved = Probe::<crate::Bytes>::new()
            .value()
            .ok_owned(bytes, Int64::BigInt);
        assert_eq!(
            moved, encoded,
            "the same envelope and buffers as encoding it"
        );
        assert_eq!(moved.to_json(), r#"{"ok":true,"value":{"$ipcBytes":0}}"#);
        assert_eq!(
            moved.buffers()[0].as_ptr(),
            address,
            "the handler's own buffer"
        );
        // Any other type is encoded from a reference, as before.
        let other = Probe::<Vec<u8>>::new()
            .value()
            .ok_owned(vec![1], Int64::Number);
        assert_eq!(other.to_json(), r#"{"ok":true,"value":[1]}"#);
    }
}
