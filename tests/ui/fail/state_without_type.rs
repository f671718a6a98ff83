use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(state)]
    fn ready();
}

fn main() {}
