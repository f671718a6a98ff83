use electron_ipc::service;

#[service]
pub trait Settings {
    #[ipc(sync, send)]
    fn theme(&self) -> String;
}

fn main() {}
