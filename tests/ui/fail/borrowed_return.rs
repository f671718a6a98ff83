use ipc_runtime::service;

#[service]
pub trait Names {
    fn first(&self) -> &'static str;
}

fn main() {}
