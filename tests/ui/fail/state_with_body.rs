use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(state)]
    fn count() -> u32 {
        0
    }
}

fn main() {}
