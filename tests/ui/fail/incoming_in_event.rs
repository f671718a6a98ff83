use electron_ipc::{service, Incoming};

#[service]
pub trait Files {
    #[ipc(event)]
    fn received(chunks: Incoming<u32>);
}

fn main() {}
