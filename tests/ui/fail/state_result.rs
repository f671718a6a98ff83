use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(state)]
    fn count() -> Result<u32, String>;
}

fn main() {}
