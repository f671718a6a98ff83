use electron_ipc::service;

pub struct Oops;

#[service]
pub trait Todos {
    async fn remove(&self, id: u32) -> Result<(), Oops>;
}

fn main() {}
