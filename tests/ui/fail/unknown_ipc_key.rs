use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(evnt)]
    fn changed(id: u32);
    #[ipc(stream)]
    fn watch(&self);
}

fn main() {}
