use electron_ipc::service;

#[service]
pub trait Todos {
    fn titles(&self) -> impl Iterator<Item = String>;
}

fn main() {}
