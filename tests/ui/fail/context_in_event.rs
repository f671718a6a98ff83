use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(event)]
    fn changed(ctx: &electron_ipc::Context, id: u32);
}

fn main() {}
