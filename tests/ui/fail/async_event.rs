use ipc_runtime::service;

#[service]
pub trait Todos {
    #[ipc(event)]
    async fn changed(id: u32);
}

fn main() {}
