use electron_ipc::service;

// Without events, the service has no `removeAllListeners` of its own.
#[service]
pub trait Todos {
    fn remove_all_listeners(&self);
}

fn main() {}
