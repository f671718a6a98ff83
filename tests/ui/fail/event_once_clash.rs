use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(event)]
    fn changed(id: u32);
    fn once_changed(&self, id: u32);
}

fn main() {}
