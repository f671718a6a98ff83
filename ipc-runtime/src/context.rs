//! Who made a call.

use serde::{Deserialize, Serialize};

/// Information about the caller of one request.
///
/// A handler asks for it by taking `ctx: &Context` as its first argument after
/// `&self`; the context is not part of the wire and does not appear in the
/// TypeScript signature. The main process glue fills it from the IPC event
/// (`event.sender` and `event.senderFrame`); calls made from Rust, such as
/// tests, use [`Context::default`], which has no sender.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Context {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sender: Option<Sender>,
}

impl Context {
    /// A context without a sender, for calls made from Rust.
    pub fn new() -> Self {
        Context::default()
    }

    /// A context for a call from the given sender.
    pub fn from_sender(sender: Sender) -> Self {
        Context {
            sender: Some(sender),
        }
    }

    /// The renderer that made the call, if the call came over IPC.
    pub fn sender(&self) -> Option<&Sender> {
        self.sender.as_ref()
    }
}

/// The renderer frame that sent a message, as Electron reports it.
///
/// Field names follow Electron's `WebContents` and `WebFrameMain`, so the
/// JavaScript glue can fill this in without translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Sender {
    /// `event.sender.id`: the `webContents` the message came from.
    pub web_contents_id: u32,
    /// `event.senderFrame.processId`.
    pub process_id: i32,
    /// `event.senderFrame.routingId`: identifies the frame within its process.
    pub frame_id: i32,
    /// `event.senderFrame.url` when the message was handled.
    pub url: String,
    /// `event.senderFrame.origin` (RFC 6454 serialization, `"null"` for opaque origins).
    pub origin: String,
    /// Whether the frame is the main frame of its `webContents`.
    pub is_main_frame: bool,
}

impl Sender {
    /// A sender with the given identity; `url` and `origin` empty, main frame.
    pub fn new(web_contents_id: u32, process_id: i32, frame_id: i32) -> Self {
        Sender {
            web_contents_id,
            process_id,
            frame_id,
            url: String::new(),
            origin: String::new(),
            is_main_frame: true,
        }
    }

    /// Sets the frame's URL and origin.
    #[must_use]
    pub fn with_location(mut self, url: impl Into<String>, origin: impl Into<String>) -> Self {
        self.url = url.into();
        self.origin = origin.into();
        self
    }

    /// Marks the frame as a subframe (an iframe).
    #[must_use]
    pub fn in_subframe(mut self) -> Self {
        self.is_main_frame = false;
        self
    }
}
