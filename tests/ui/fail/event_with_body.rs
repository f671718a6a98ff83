use electron_ipc::service;

#[service]
pub trait Todos {
    #[ipc(event)]
    fn changed(id: u32) {
        let _ = id;
    }
}

fn main() {}
