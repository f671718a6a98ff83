// A capability on the service and on methods of every kind.
use electron_ipc::{service, Router};

#[service(capability = "settings")]
pub trait Preferences {
    fn theme(&self) -> String;
    #[ipc(capability = "admin")]
    fn reset(&self);
    #[ipc(send, capability = "admin")]
    fn log(&self, line: String);
    #[ipc(sync, capability = "admin-tools")]
    fn flag(&self) -> bool;
    #[ipc(event, capability = "admin")]
    fn reset_done();
}

struct Impl;

impl Preferences for Impl {
    fn theme(&self) -> String {
        "dark".to_owned()
    }
    fn reset(&self) {}
    fn log(&self, _line: String) {}
    fn flag(&self) -> bool {
        true
    }
}

fn main() {
    let _router = Router::new().service(PreferencesService::new(Impl));
}
