use ipc_runtime::service;

#[service]
pub struct Todos {
    count: u32,
}

fn main() {}
