use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(name = "then")]
    fn and_then(&self) -> u32;
}

#[service]
pub trait Constructor {
    fn count(&self) -> u32;
}

fn main() {}
