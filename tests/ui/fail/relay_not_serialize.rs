use electron_ipc::{service, TS};
use serde::Deserialize;

/// Decodes from the sending page, but cannot be encoded again for the receiving one.
#[derive(Deserialize, TS)]
pub struct Theme {
    name: String,
}

#[service]
pub trait Prefs {
    #[ipc(relay)]
    fn theme_changed(theme: Theme);
}

fn main() {}
