use ipc_runtime::service;

#[service]
pub trait Store {
    fn get(&self, key: String) -> String
    where
        Self: Sized;
}

fn main() {}
