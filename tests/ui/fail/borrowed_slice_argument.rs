use ipc_runtime::service;

#[service]
pub trait Stats {
    fn sum(&self, values: &[u32]) -> u32;
}

fn main() {}
