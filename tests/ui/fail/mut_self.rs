use electron_ipc::service;

#[service]
pub trait Counter {
    fn increment(&mut self) -> u32;
}

fn main() {}
