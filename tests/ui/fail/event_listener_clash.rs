use ipc_runtime::service;

#[service]
pub trait Todos {
    #[ipc(event)]
    fn changed(id: u32);
    fn on_changed(&self, id: u32);
}

fn main() {}
