use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc = "send"]
    fn log(&self, line: String);
    #[ipc(name = 3)]
    fn count(&self) -> u32;
}

fn main() {}
