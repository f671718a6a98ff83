use electron_ipc::service;

// Every mistake is reported in one compilation.
#[service(namespace = "todo-list")]
pub trait Todos {
    fn add(&mut self, title: &str);
    #[ipc(send)]
    fn log(&self, line: String) -> bool;
    #[ipc(event)]
    fn changed(&self, id: u32);
    #[ipc(sned)]
    fn clear(&self);
}

fn main() {}
