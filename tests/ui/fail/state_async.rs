use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(state)]
    async fn count() -> u32;
}

fn main() {}
