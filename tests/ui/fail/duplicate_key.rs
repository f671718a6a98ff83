use electron_ipc::service;

#[service(namespace = "a", namespace = "b")]
pub trait Todos {
    #[ipc(name = "x", name = "y")]
    fn count(&self) -> u32;
    #[ipc(send)]
    #[ipc(send)]
    fn log(&self, line: String);
}

fn main() {}
