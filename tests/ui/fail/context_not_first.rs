use electron_ipc::{service, Context};

#[service]
pub trait Todos {
    fn add(&self, title: String, ctx: &Context);
}

fn main() {}
