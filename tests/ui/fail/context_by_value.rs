use electron_ipc::{service, Context};

#[service]
pub trait Todos {
    fn add(&self, ctx: Context, title: String);
    fn remove(&self, ctx: &mut Context, id: u32);
}

fn main() {}
