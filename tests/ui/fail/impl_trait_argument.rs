use electron_ipc::service;

#[service]
pub trait Todos {
    fn add(&self, title: impl Into<String>);
}

fn main() {}
