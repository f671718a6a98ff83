use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(state)]
    fn count(&self) -> u32;
}

fn main() {}
