use electron_ipc::service;

#[service]
pub trait Store {
    fn get<'a>(&'a self, key: String) -> String;
}

fn main() {}
