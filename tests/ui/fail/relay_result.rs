use electron_ipc::service;

#[service]
pub trait Prefs {
    #[ipc(relay)]
    fn confirm(question: String) -> Result<bool, String>;
}

fn main() {}
