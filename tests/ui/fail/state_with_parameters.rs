use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(state)]
    fn todo(id: u32) -> String;
}

fn main() {}
