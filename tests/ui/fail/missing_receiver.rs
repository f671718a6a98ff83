use ipc_runtime::service;

#[service]
pub trait Clock {
    fn now() -> u64;
}

fn main() {}
