//! The trait the `#[service]` macro implements.

use std::cell::OnceCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde_json::value::RawValue;

use crate::context::Context;
use crate::envelope::{BadArguments, ErrorCode, IpcError, Response};
use crate::schema::{ServiceSchema, TypeRegistry};
use crate::wire;

/// How a channel travels, after the three patterns of Electron's IPC tutorial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    /// Renderer to main with a reply: `ipcRenderer.invoke` / `ipcMain.handle`.
    Invoke,
    /// Renderer to main, one-way: `ipcRenderer.send` / `ipcMain.on`.
    Send,
    /// Main to renderer: `webContents.send` / `ipcRenderer.on`.
    Event,
}

/// The routing facts of one channel, known at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelDef {
    /// Wire name, e.g. `todos:add`.
    pub channel: &'static str,
    /// How it travels.
    pub kind: ChannelKind,
    /// Declared parameter names, in order (the context excluded).
    pub params: &'static [&'static str],
    /// Index passed back to [`Service::call`]; for events, used only when
    /// the service checks them ([`Service::CHECKS_EVENTS`]).
    pub method: u32,
}

/// A handler's answer: ready now, or later.
///
/// Sync handlers and calls rejected before the handler runs answer
/// [`Reply::Ready`], so a host can reply without scheduling anything.
pub enum Reply {
    /// The response is available immediately.
    Ready(Response),
    /// The handler is async; the future resolves to the response.
    Pending(Pin<Box<dyn Future<Output = Response> + Send + 'static>>),
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Ready(response) => f.debug_tuple("Ready").field(response).finish(),
            Reply::Pending(_) => f.write_str("Pending(..)"),
        }
    }
}

impl Reply {
    /// Waits for the response (immediately for [`Reply::Ready`]).
    pub async fn into_response(self) -> Response {
        match self {
            Reply::Ready(response) => response,
            Reply::Pending(future) => future.await,
        }
    }
}

impl From<Response> for Reply {
    fn from(response: Response) -> Self {
        Reply::Ready(response)
    }
}

/// The positional arguments of one call: the JSON array as received.
///
/// Generated code decodes all of them in one pass
/// (`__private::decode_args`); only when that fails are they split and
/// decoded one by one, to name the argument and the path at fault. The
/// arity is checked on that path too, so a wrong count never decodes.
#[derive(Debug)]
pub struct Args<'a> {
    text: &'a str,
    params: &'static [&'static str],
    channel: &'static str,
    split: OnceCell<Result<Vec<&'a RawValue>, IpcError>>,
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
        }
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
                let values = wire::split_args(self.text)?;
                if values.len() != self.params.len() {
                    return Err(arity_error(self.channel, self.params, values.len()));
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

fn arity_error(channel: &str, params: &[&str], received: usize) -> IpcError {
    let expected = params.len();
    let plural = if expected == 1 { "" } else { "s" };
    let names = params.join(", ");
    IpcError::new(
        ErrorCode::BadArguments,
        format!("`{channel}` takes {expected} argument{plural} ({names}), got {received}"),
    )
    .with_data(&BadArguments {
        expected: Some(expected),
        received: Some(received),
        ..BadArguments::default()
    })
}

/// A set of IPC channels backed by one implementation.
///
/// Implemented by the `<Trait>Service<T>` type that `#[service]` generates;
/// hand-written implementations are possible but not the intended use.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an IPC service",
    note = "wrap your implementation in the service type generated by `#[service]`, e.g. `TodosService::new(my_impl)`"
)]
pub trait Service: Send + Sync + 'static {
    /// The service's namespace, e.g. `todos`.
    const NAMESPACE: &'static str;

    /// Every channel of the service, events included.
    const CHANNELS: &'static [ChannelDef];

    /// Whether [`Service::call`] also takes the [`ChannelDef::method`] of
    /// the event channels, to check an event's arguments against the
    /// declared types (answering `null` or `ERR_BAD_ARGUMENTS`) without
    /// sending it. `true` for services implemented in main-process
    /// JavaScript, whose events are emitted from JavaScript; `false` (the
    /// default) for services whose events Rust emits, typed by construction.
    /// See [`Router::check_event`](crate::Router::check_event).
    const CHECKS_EVENTS: bool = false;

    /// Describes the service for the schema, registering the TypeScript
    /// declarations of every type it uses in `types`.
    fn describe(types: &mut TypeRegistry) -> ServiceSchema
    where
        Self: Sized;

    /// Calls method `method` (from [`ChannelDef::method`]) with the
    /// arguments as received; decoding them (and checking their count) is
    /// the service's job, done by the code `#[service]` generates.
    fn call(&self, method: u32, args: Args<'_>, ctx: Context) -> Reply;
}
