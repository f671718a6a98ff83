use electron_ipc::service;

#[service]
pub trait Greeter {
    fn greet(&self, name: &str) -> String;
}

struct English;

// No follow-on error here: the trait is still emitted as written.
impl Greeter for English {
    fn greet(&self, name: &str) -> String {
        format!("Hello, {name}")
    }
}

fn main() {
    let _ = GreeterService::new(English);
}
