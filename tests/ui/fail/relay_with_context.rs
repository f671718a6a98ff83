use electron_ipc::{service, Context};

#[service]
pub trait Prefs {
    #[ipc(relay)]
    fn theme_changed(ctx: &Context, theme: String);
}

fn main() {}
