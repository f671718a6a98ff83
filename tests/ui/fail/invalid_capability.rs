// A capability is lowercase kebab-case: the app grants it by that name.
use electron_ipc::service;

#[service(capability = "Settings")]
pub trait Preferences {
    #[ipc(capability = "clear all")]
    fn clear(&self);
    #[ipc(capability = "")]
    fn reset(&self);
    #[ipc(capability = "admin--tools")]
    fn wipe(&self);
}

fn main() {}
