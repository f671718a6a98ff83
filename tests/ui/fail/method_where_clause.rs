use electron_ipc::service;

#[service]
pub trait Store {
    fn get(&self, key: String) -> String
    where
        Self: Sized;
}

fn main() {}
