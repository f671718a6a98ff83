use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(send, event)]
    fn changed(&self, id: u32);
}

fn main() {}
