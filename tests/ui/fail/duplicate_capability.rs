// A method names at most one capability.
use electron_ipc::service;

#[service]
pub trait Preferences {
    #[ipc(capability = "settings", capability = "admin")]
    fn clear(&self);
}

fn main() {}
