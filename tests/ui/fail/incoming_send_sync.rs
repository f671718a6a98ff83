use electron_ipc::{service, Incoming};

#[service]
pub trait Files {
    #[ipc(send)]
    fn log(&self, lines: Incoming<String>);
    #[ipc(sync)]
    fn count(&self, numbers: Incoming<u32>) -> u32;
}

fn main() {}
