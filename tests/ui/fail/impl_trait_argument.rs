use ipc_runtime::service;

#[service]
pub trait Todos {
    fn add(&self, title: impl Into<String>);
}

fn main() {}
