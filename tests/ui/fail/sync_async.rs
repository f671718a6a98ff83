use electron_ipc::service;

#[service]
pub trait Settings {
    #[ipc(sync)]
    async fn theme(&self) -> String;
}

fn main() {}
