use electron_ipc::service;

#[service]
pub trait Prefs {
    #[ipc(relay)]
    fn theme_changed(theme: String) {}
}

fn main() {}
