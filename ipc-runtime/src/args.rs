//! A call's arguments: the JSON array as received, decoded into the
//! declared parameter types, and the `ERR_BAD_ARGUMENTS` error that names
//! the argument (and the path inside it) when they do not decode.
//!
//! Generated code reads all arguments in one pass ([`ArgReader`]); only
//! when that fails are they split and decoded one by one ([`decode`]), to
//! name the culprit. The arity is checked on that path too, so a wrong
//! count never decodes.

use std::cell::OnceCell;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::envelope::{BadArguments, ErrorCode, IpcError, Response};
use crate::schema::Int64;
use crate::wire::{self, Buffers};

/// The positional arguments of one call: the JSON array as received.
///
/// Generated code decodes all of them in one pass over the array; only
/// when that fails are they split and decoded one by one, to name the
/// argument and the path at fault.
#[derive(Debug)]
pub struct Args<'a> {
    text: &'a str,
    params: &'static [&'static str],
    channel: &'static str,
    split: OnceCell<Result<Vec<&'a RawValue>, IpcError>>,
    /// The bytes that came beside the JSON, if any (docs/wire.md, "Bytes").
    buffers: Option<&'a Buffers<'a>>,
    /// The app's policy for 64-bit integers, which the arguments are
    /// decoded with and the answer is encoded with.
    int64: Int64,
}

impl<'a> Args<'a> {
    pub(crate) fn new(
        text: &'a str,
        params: &'static [&'static str],
        channel: &'static str,
    ) -> Self {
        Args {
            text,
            params,
            channel,
            split: OnceCell::new(),
            buffers: None,
            int64: Int64::Number,
        }
    }

    /// The same arguments, decoded under `policy` (the router's).
    pub(crate) fn with_int64(mut self, policy: Int64) -> Self {
        self.int64 = policy;
        self
    }

    /// The app's policy for 64-bit integers ([`Router::int64`](crate::Router::int64)):
    /// the arguments are decoded with it, and generated code encodes the
    /// answer with it.
    pub fn int64(&self) -> Int64 {
        self.int64
    }

    /// The same arguments, with the buffers their placeholders name.
    pub(crate) fn with_buffers(mut self, buffers: &'a Buffers<'a>) -> Self {
        if !buffers.is_empty() {
            self.buffers = Some(buffers);
        }
        self
    }

    /// The JSON array of the arguments, as received.
    pub fn json(&self) -> &'a str {
        self.text
    }

    /// The arguments, one raw JSON value each, once their count matches the
    /// declared parameters; otherwise the `ERR_BAD_ARGUMENTS` error to answer.
    pub fn values(&self) -> Result<&[&'a RawValue], &IpcError> {
        self.split
            .get_or_init(|| {
                let values = wire::split_array(self.text).map_err(|error| {
                    bad_arguments(
                        format!("the arguments must be a JSON array: {error}"),
                        BadArguments::default(),
                    )
                })?;
                if values.len() != self.params.len() {
                    return Err(arity_error(self.channel, self.params, values.len()));
                }
                // Decoding starts over: every buffer is to be taken again.
                if let Some(buffers) = self.buffers {
                    buffers.reset();
                }
                Ok(values)
            })
            .as_ref()
            .map(Vec::as_slice)
    }

    /// The raw JSON of argument `index`, if the arguments are well formed.
    pub fn raw(&self, index: usize) -> Option<&'a RawValue> {
        self.values().ok()?.get(index).copied()
    }

    /// The channel the arguments were sent on.
    pub fn channel(&self) -> &'static str {
        self.channel
    }

    /// Declared parameter names, in order.
    pub fn params(&self) -> &'static [&'static str] {
        self.params
    }

    /// Declared name of parameter `index`.
    pub fn param_name(&self, index: usize) -> &'static str {
        self.params.get(index).copied().unwrap_or("?")
    }
}

/// An `ERR_BAD_ARGUMENTS` error with its `data`.
fn bad_arguments(message: String, data: BadArguments) -> IpcError {
    IpcError::new(ErrorCode::BadArguments, message).with_data(&data)
}

fn arity_error(channel: &str, params: &[&str], received: usize) -> IpcError {
    let expected = params.len();
    let plural = if expected == 1 { "" } else { "s" };
    let names = params.join(", ");
    bad_arguments(
        format!("`{channel}` takes {expected} argument{plural} ({names}), got {received}"),
        BadArguments {
            expected: Some(expected),
            received: Some(received),
            ..BadArguments::default()
        },
    )
}

/// Decodes one argument, naming it and serde's path to the bad field on failure.
fn decode_arg<T: DeserializeOwned>(
    raw: &RawValue,
    index: usize,
    name: &str,
    buffers: Option<&Buffers<'_>>,
    policy: Int64,
) -> Result<T, IpcError> {
    let bad = |message: String, path: Option<String>| {
        bad_arguments(
            message,
            BadArguments {
                index: Some(index),
                argument: Some(name.to_owned()),
                path,
                ..BadArguments::default()
            },
        )
    };
    // The fast path: plain serde_json. Only a failure pays for the path.
    let before = buffers.map(Buffers::taken);
    if let Ok(value) = wire::from_str::<T>(raw.get(), buffers, policy) {
        return Ok(value);
    }
    // Decoding again takes this argument's buffers again.
    if let (Some(buffers), Some(before)) = (buffers, before) {
        buffers.restore(before);
    }
    match wire::from_str_with_path::<T>(raw.get(), buffers, policy) {
        Err(error) => {
            let path = error.path().to_string();
            let inner = error.into_inner();
            let message = if path == "." {
                format!("invalid argument `{name}`: {inner}")
            } else {
                format!("invalid argument `{name}` at `{path}`: {inner}")
            };
            Err(bad(message, Some(path)))
        }
        // Cannot happen for a deterministic `Deserialize`; answer with what
        // the fast path said rather than trusting it.
        Ok(_) => Err(bad(format!("invalid argument `{name}`"), None)),
    }
}

/// Decodes argument `index` of `args` on its own (the slow path of
/// [`ArgReader`], and what hand-written services call).
#[inline]
pub fn decode<T: DeserializeOwned>(args: &Args<'_>, index: usize) -> Result<T, Response> {
    let values = args
        .values()
        .map_err(|error| Response::err(error.clone()))?;
    let raw = values.get(index).ok_or_else(|| {
        Response::err(IpcError::new(
            ErrorCode::BadArguments,
            format!("missing argument `{}`", args.param_name(index)),
        ))
    })?;
    let value = decode_arg(raw, index, args.param_name(index), args.buffers, args.int64)
        .map_err(Response::err)?;
    if index + 1 == values.len() {
        check_buffers_taken(args, values).map_err(Response::err)?;
    }
    Ok(value)
}

/// Once every argument decoded: each buffer must have been taken by a byte
/// type. One that was not is a `Uint8Array` sent where the Rust type takes
/// no bytes (a `Vec<u8>`, a `serde_json::Value`, an ignored field): refused
/// with the argument and the path to it.
fn check_buffers_taken(args: &Args<'_>, values: &[&RawValue]) -> Result<(), IpcError> {
    let Some(buffers) = args.buffers else {
        return Ok(());
    };
    let Some(left) = buffers.first_left() else {
        return Ok(());
    };
    for (index, raw) in values.iter().enumerate() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(raw.get()) else {
            continue;
        };
        for (path, buffer) in wire::bytes::placeholders(&value) {
            if !buffers.is_taken(buffer) {
                let name = args.param_name(index);
                let at = if path == "." {
                    String::new()
                } else {
                    format!(" at `{path}`")
                };
                return Err(bad_arguments(
                    format!(
                        "invalid argument `{name}`{at}: a Uint8Array was sent where the Rust                          type takes no bytes"
                    ),
                    BadArguments {
                        index: Some(index),
                        argument: Some(name.to_owned()),
                        path: Some(path),
                        ..BadArguments::default()
                    },
                ));
            }
        }
    }
    Err(bad_arguments(
        format!("buffer {left} of the call is named by no placeholder"),
        BadArguments::default(),
    ))
}

/// For a method without parameters: the arguments must be `[]`.
#[inline]
pub fn no_args(args: &Args<'_>) -> Result<(), Response> {
    if ArgReader::new(args).end() {
        return Ok(());
    }
    let values = args
        .values()
        .map_err(|error| Response::err(error.clone()))?;
    check_buffers_taken(args, values).map_err(Response::err)
}

/// Decodes the one argument of a method that takes one: what generated
/// code tries first for such a method. The call's JSON is `[`, the value
/// and `]` (whitespace allowed around each), so the value between the
/// brackets is decoded as a whole text, the way `serde_json::from_str`
/// decodes, with the checks of docs/wire.md; any text that decodes so is
/// an array of exactly one value. `None` when anything is wrong (a bad
/// value, no value or more than one, not an array) and for a call that
/// came with buffers: generated code then decodes with [`decode`], which
/// names the culprit and checks that each buffer was taken once, so the
/// errors are the same whichever path found them.
///
/// Always inlined into the method's arm, with the deserializer it sets
/// up: the decoded value is then built in the arm's own frame instead of
/// being returned through another (20 instructions fewer per call of a
/// one-argument method, BENCHMARKS.md section 1).
#[inline(always)]
pub fn decode_only<T: DeserializeOwned>(args: &Args<'_>) -> Option<T> {
    if args.buffers.is_some() {
        return None;
    }
    wire::from_str_checked::<T>(between_brackets(args.text)?, args.int64)
}

/// The text between the brackets of `[…]`, with nothing but whitespace
/// outside them; `None` for any other text.
#[inline]
fn between_brackets(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let is_whitespace = |byte: &u8| matches!(byte, b' ' | b'\n' | b'\r' | b'\t');
    let open = bytes.iter().position(|byte| !is_whitespace(byte))?;
    let close = bytes.iter().rposition(|byte| !is_whitespace(byte))?;
    if open >= close || bytes[open] != b'[' || bytes[close] != b']' {
        return None;
    }
    text.get(open + 1..close)
}

/// Reads the arguments of a call in one pass over the JSON array: each
/// `arg` decodes the following element in place, and `end` checks that
/// nothing follows. Any failure (a bad value, a wrong count, not an array)
/// makes the generated code fall back to [`decode`], argument by argument,
/// which names the culprit; so the errors are the same whichever path
/// found them, and only a failing call pays for the second pass. A call
/// that came with buffers is decoded by [`decode`] from the start, which
/// checks that each buffer was taken once.
#[derive(Debug)]
pub struct ArgReader<'a> {
    text: &'a str,
    pos: usize,
    index: usize,
    failed: bool,
    int64: Int64,
}

impl<'a> ArgReader<'a> {
    /// Starts reading `args`: expects `[`.
    #[inline]
    pub fn new(args: &Args<'a>) -> Self {
        let mut reader = ArgReader {
            text: args.json(),
            pos: 0,
            index: 0,
            failed: false,
            int64: args.int64,
        };
        reader.failed = args.buffers.is_some() || !reader.expect(b'[');
        reader
    }

    /// Decodes the next argument, or `None` once anything went wrong.
    #[inline]
    pub fn arg<T: DeserializeOwned>(&mut self) -> Option<T> {
        if self.failed {
            return None;
        }
        let value = self.read::<T>();
        self.failed = value.is_none();
        self.index += 1;
        value
    }

    /// Whether the array ends here, with nothing but whitespace after it.
    #[inline]
    pub fn end(&mut self) -> bool {
        if self.failed || !self.expect(b']') {
            return false;
        }
        if self.pos != self.text.len() {
            self.skip_whitespace();
        }
        self.pos == self.text.len()
    }

    #[inline]
    fn read<T: DeserializeOwned>(&mut self) -> Option<T> {
        if self.index > 0 && !self.expect(b',') {
            return None;
        }
        self.skip_whitespace();
        let (value, length) = wire::from_str_prefix::<T>(&self.text[self.pos..], self.int64)?;
        self.pos += length;
        Some(value)
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> bool {
        // Most arguments come without whitespace (the main glue writes
        // them with `JSON.stringify`): the byte is looked at first.
        if self.text.as_bytes().get(self.pos) == Some(&byte) {
            self.pos += 1;
            return true;
        }
        self.skip_whitespace();
        if self.text.as_bytes().get(self.pos) == Some(&byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn skip_whitespace(&mut self) {
        let bytes = self.text.as_bytes();
        while matches!(bytes.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_one<T: DeserializeOwned>(json: &str) -> Result<T, IpcError> {
        let raw = RawValue::from_string(json.to_owned()).unwrap();
        decode_arg::<T>(&raw, 0, "value", None, Int64::Number)
    }

    #[test]
    fn an_unsafe_integer_is_a_bad_argument() {
        let error =
            decode_one::<Vec<serde_json::Value>>(r#"[1, {"a": [9007199254740993]}]"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::BadArguments);
        assert!(
            error.message.contains("beyond ±(2^53-1)"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_bad_argument_is_named_with_the_path_inside_it() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Sample {
            single: f32,
            double: f64,
        }
        let raw = RawValue::from_string(r#"{"single":1e39,"double":1e300}"#.into()).unwrap();
        let error = decode_arg::<Sample>(&raw, 2, "sample", None, Int64::Number).unwrap_err();
        assert_eq!(error.code, ErrorCode::BadArguments);
        assert!(error.message.contains("32-bit float"), "{}", error.message);
        assert!(error.message.contains("`single`"), "{}", error.message);
        let data: BadArguments = serde_json::from_str(error.data.unwrap().get()).unwrap();
        assert_eq!(
            data,
            BadArguments {
                index: Some(2),
                argument: Some("sample".into()),
                path: Some("single".into()),
                ..BadArguments::default()
            }
        );
    }

    #[test]
    fn the_one_argument_is_read_between_the_brackets() {
        let only = |json: &str| decode_only::<Vec<u64>>(&Args::new(json, &["values"], "t:m"));
        assert_eq!(only("[[1, 2]]"), Some(vec![1, 2]));
        assert_eq!(only(" \n[ [1, 2] ]\t "), Some(vec![1, 2]));
        // Not one value in an array: the slow path says what is wrong.
        for json in [
            "[]",
            "[[1], [2]]",
            "[[1]] x",
            "[1]]",
            "[[1]",
            "[1, 2]",
            "{[1]}",
            "[[1], ]",
            " ",
            "]",
            "[",
        ] {
            assert_eq!(only(json), None, "{json}");
            assert!(decode::<Vec<u64>>(&Args::new(json, &["values"], "t:m"), 0).is_err());
        }
        // The checks apply: an integer JavaScript rounded.
        assert_eq!(only("[[9007199254740993]]"), None);
        // A string may hold brackets.
        assert_eq!(
            decode_only::<String>(&Args::new(r#"["a]["]"#, &["text"], "t:m")),
            Some("a][".to_owned())
        );
    }

    #[test]
    fn the_reader_and_the_slow_path_agree() {
        let args = Args::new(r#" [ "a" , [1, 2] ] "#, &["name", "values"], "t:m");
        let mut reader = ArgReader::new(&args);
        assert_eq!(reader.arg::<String>().as_deref(), Some("a"));
        assert_eq!(reader.arg::<Vec<u8>>(), Some(vec![1, 2]));
        assert!(reader.end());
        assert_eq!(decode::<Vec<u8>>(&args, 1).unwrap(), vec![1, 2]);

        let short = Args::new(r#"["a"]"#, &["name", "values"], "t:m");
        let mut reader = ArgReader::new(&short);
        assert!(reader.arg::<String>().is_some());
        assert!(reader.arg::<Vec<u8>>().is_none());
        let error = decode::<String>(&short, 0).unwrap_err();
        assert!(
            error
                .to_json()
                .contains("takes 2 arguments (name, values), got 1"),
            "{}",
            error.to_json()
        );
    }
}
