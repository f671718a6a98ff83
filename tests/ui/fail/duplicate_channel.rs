use electron_ipc::service;

#[service]
pub trait Todos {
    fn add(&self, title: String);
    #[ipc(name = "add")]
    fn add_todo(&self, title: String);
}

fn main() {}
