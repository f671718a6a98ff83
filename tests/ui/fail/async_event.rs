use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(event)]
    async fn changed(id: u32);
}

fn main() {}
