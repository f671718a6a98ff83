use electron_ipc::service;

#[service]
pub trait Files {
    fn open(&self, path: String) -> std::fs::File;
}

fn main() {}
