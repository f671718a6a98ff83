use electron_ipc::service;

#[service]
pub trait Store {
    fn get<T: Default>(&self, key: String) -> T;
}

fn main() {}
