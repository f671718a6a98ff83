use electron_ipc::service;

#[service]
pub trait Settings {
    #[ipc(event, sync)]
    fn theme_changed(theme: String);
}

fn main() {}
