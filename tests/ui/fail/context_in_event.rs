use ipc_runtime::service;

#[service]
pub trait Todos {
    #[ipc(event)]
    fn changed(ctx: &ipc_runtime::Context, id: u32);
}

fn main() {}
