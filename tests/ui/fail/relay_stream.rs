use electron_ipc::{service, Stream};

#[service]
pub trait Prefs {
    #[ipc(relay)]
    fn ticks(every: u32) -> Stream<u32>;
}

fn main() {}
