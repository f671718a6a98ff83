use ipc_runtime::service;

#[service]
pub trait Todos {
    fn count(&self) -> u32 {
        0
    }
}

fn main() {}
