use electron_ipc::service;

#[service(namspace = "todos", sandbox = true)]
pub trait Todos {
    fn count(&self) -> u32;
}

fn main() {}
