use ipc_runtime::service;

#[service]
pub trait Todos {
    #[cfg(test)]
    fn dump(&self) -> String;
}

fn main() {}
