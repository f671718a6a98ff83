use electron_ipc::service;

#[service]
pub struct Todos {
    count: u32,
}

fn main() {}
