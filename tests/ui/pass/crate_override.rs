// A crate that re-exports the runtime under another path.
mod rt {
    pub use electron_ipc::*;
}

mod app {
    use crate::rt::{service, Context};

    #[service(crate = "crate::rt")]
    pub trait Todos {
        async fn count(&self, ctx: &Context) -> u32;
        #[ipc(event)]
        fn changed(id: u32);
    }
}

struct Impl;

impl app::Todos for Impl {
    async fn count(&self, _ctx: &rt::Context) -> u32 {
        0
    }
}

fn main() {
    let _router = rt::Router::new().service(app::TodosService::new(Impl));
    let _events = app::TodosEvents::new(rt::Emitter::new());
}
