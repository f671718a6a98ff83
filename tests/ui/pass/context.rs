// `&Context` as the first argument, in sync, async and send methods, by its
// plain name and by path.
use electron_ipc::{service, Context, Router};

#[service]
pub trait Windows {
    fn whoami(&self, ctx: &Context) -> Option<u32>;
    async fn origin(&self, ctx: &electron_ipc::Context, fallback: String) -> String;
    #[ipc(send)]
    fn ping(&self, ctx: &Context);
}

struct Impl;

impl Windows for Impl {
    fn whoami(&self, ctx: &Context) -> Option<u32> {
        ctx.sender().map(|s| s.web_contents_id)
    }
    async fn origin(&self, ctx: &Context, fallback: String) -> String {
        ctx.sender().map_or(fallback, |s| s.origin.clone())
    }
    fn ping(&self, _ctx: &Context) {}
}

fn main() {
    let _router = Router::new().service(WindowsService::new(Impl));
}
