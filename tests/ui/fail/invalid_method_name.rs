use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(name = "add:todo")]
    fn add(&self, title: String);
    #[ipc(name = "")]
    fn remove(&self, id: u32);
}

fn main() {}
