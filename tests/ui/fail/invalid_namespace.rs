use electron_ipc::service;

#[service(namespace = "my todos")]
pub trait Todos {
    fn count(&self) -> u32;
}

fn main() {}
