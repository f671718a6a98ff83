use electron_ipc::service;

#[service]
pub trait Store {
    type Item;
    const LIMIT: usize;
    fn count(&self) -> u32;
}

fn main() {}
