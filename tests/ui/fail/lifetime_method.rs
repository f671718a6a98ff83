use ipc_runtime::service;

#[service]
pub trait Store {
    fn get<'a>(&'a self, key: String) -> String;
}

fn main() {}
