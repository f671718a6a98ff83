use electron_ipc::service;

#[service]
pub trait Raw {
    unsafe fn read(&self, address: u64) -> u8;
    extern "C" fn write(&self, address: u64);
    const fn size(&self) -> u32;
}

fn main() {}
