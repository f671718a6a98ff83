use electron_ipc::service;

#[service]
pub trait Geometry {
    fn area(&self, (width, height): (u32, u32)) -> u32;
}

fn main() {}
