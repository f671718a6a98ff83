use electron_ipc::service;

#[service(implemented_in = "renderer")]
pub trait Todos {
    fn count(&self) -> u32;
}

fn main() {}
