use ipc_runtime::service;

#[service]
pub trait Store<T> {
    fn get(&self, key: String) -> T;
}

fn main() {}
