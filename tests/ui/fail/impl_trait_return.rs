use ipc_runtime::service;

#[service]
pub trait Todos {
    fn titles(&self) -> impl Iterator<Item = String>;
}

fn main() {}
