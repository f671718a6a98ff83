use ipc_runtime::service;

#[service]
pub trait Store {
    fn get<T: Default>(&self, key: String) -> T;
}

fn main() {}
