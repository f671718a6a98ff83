use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(event)]
    fn changed(id: u32);
    fn remove_all_listeners(&self);
}

fn main() {}
