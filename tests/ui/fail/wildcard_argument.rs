use ipc_runtime::service;

#[service]
pub trait Geometry {
    fn area(&self, _: u32) -> u32;
}

fn main() {}
