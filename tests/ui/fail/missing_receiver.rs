use electron_ipc::service;

#[service]
pub trait Clock {
    fn now() -> u64;
}

fn main() {}
