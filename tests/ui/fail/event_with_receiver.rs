use ipc_runtime::service;

#[service]
pub trait Todos {
    #[ipc(event)]
    fn changed(&self, id: u32);
}

fn main() {}
