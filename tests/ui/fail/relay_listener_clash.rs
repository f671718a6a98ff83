use electron_ipc::service;

#[service]
pub trait Prefs {
    #[ipc(relay)]
    fn theme_changed(theme: String);
    #[ipc(name = "onThemeChanged")]
    fn listen(&self) -> bool;
}

fn main() {}
