use electron_ipc::service;

#[service]
pub trait Geometry {
    fn area(&self, _: u32) -> u32;
}

fn main() {}
