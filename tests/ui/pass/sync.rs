// Blocking calls: a value, a typed error, nothing, the context; and in a
// service implemented in main-process JavaScript.
use electron_ipc::{service, Context, Router};

#[service]
pub trait Settings {
    #[ipc(sync)]
    fn theme(&self) -> String;
    #[ipc(sync)]
    fn get(&self, key: String) -> Result<u32, String>;
    #[ipc(sync, name = "touch")]
    fn touch_now(&self, ctx: &Context);
}

#[service(implemented_in = "main-js")]
pub trait Shell {
    #[ipc(sync)]
    fn is_maximized(&self) -> bool;
}

struct Impl;

impl Settings for Impl {
    fn theme(&self) -> String {
        "dark".to_owned()
    }
    fn get(&self, _key: String) -> Result<u32, String> {
        Ok(1)
    }
    fn touch_now(&self, _ctx: &Context) {}
}

fn main() {
    let _router = Router::new()
        .service(SettingsService::new(Impl))
        .service(ShellService::new());
}
