use electron_ipc::service;

#[service]
pub trait Logger {
    #[ipc(send)]
    fn log(&self, line: String) -> bool;
}

fn main() {}
