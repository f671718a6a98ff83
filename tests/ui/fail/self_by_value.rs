use electron_ipc::service;

#[service]
pub trait Counter {
    fn take(self) -> u32;
}

fn main() {}
