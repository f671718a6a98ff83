use electron_ipc::service;

#[service]
pub trait Jobs {
    fn schedule(&self, job: Box<dyn Fn()>);
}

fn main() {}
