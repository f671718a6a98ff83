use electron_ipc::service;

#[service]
pub trait Names {
    fn first(&self) -> &'static str;
}

fn main() {}
