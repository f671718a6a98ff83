use electron_ipc::service;

#[service]
pub trait Todos {
    fn count(&self) -> u32 {
        0
    }
}

fn main() {}
