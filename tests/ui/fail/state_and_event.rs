use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(state, event)]
    fn count() -> u32;
}

fn main() {}
