use electron_ipc::service;

#[service]
pub trait Prefs {
    #[ipc(relay)]
    async fn confirm(question: String) -> bool;
}

fn main() {}
