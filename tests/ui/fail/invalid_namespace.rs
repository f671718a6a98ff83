use ipc_runtime::service;

#[service(namespace = "my todos")]
pub trait Todos {
    fn count(&self) -> u32;
}

fn main() {}
