use ipc_runtime::service;

pub struct Oops;

#[service]
pub trait Todos {
    async fn remove(&self, id: u32) -> Result<(), Oops>;
}

fn main() {}
