use electron_ipc::service;

#[service]
pub trait Stats {
    fn sum(&self, values: &[u32]) -> u32;
}

fn main() {}
