use electron_ipc::service;

#[service]
pub trait Settings {
    fn load(&self) -> Result<u32, Box<dyn std::error::Error>>;
}

fn main() {}
