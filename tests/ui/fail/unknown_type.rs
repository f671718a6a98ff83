use electron_ipc::service;

#[service]
pub trait Todos {
    fn add(&self, todo: Todoo) -> Todoo;
    #[ipc(event)]
    fn added(todo: Todoo);
}

fn main() {}
