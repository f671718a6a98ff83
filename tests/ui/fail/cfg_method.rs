use electron_ipc::service;

#[service]
pub trait Todos {
    #[cfg(test)]
    fn dump(&self) -> String;
}

fn main() {}
