// Events with no, one and several arguments; a trait with only events; an
// argument named like the emitter's target parameter.
use electron_ipc::{service, Emitter, Target, TS};
use serde::Serialize;

#[derive(Serialize, TS)]
pub struct Todo {
    id: u32,
}

#[service]
pub trait Todos {
    fn count(&self) -> u32;
    #[ipc(event)]
    fn cleared();
    #[ipc(event)]
    fn changed(todo: Todo);
    #[ipc(event)]
    fn moved(id: u32, from: u32, to: u32, titles: Vec<String>);
    #[ipc(event)]
    fn retargeted(target: String);
}

#[service]
pub trait Clock {
    #[ipc(event)]
    fn tick(now: u64);
}

fn main() {
    let events = TodosEvents::new(Emitter::new());
    let _ = events.cleared(Target::All);
    let _ = events.changed(Target::WebContents { id: 1 }, &Todo { id: 1 });
    let _ = events.moved(Target::All, &1, &2, &3, &vec![String::from("a")]);
    let _ = events.retargeted(Target::All, &String::from("x"));
    let clock = ClockEvents::new(events.emitter().clone());
    let _: Result<(), electron_ipc::EmitError> = clock.tick(Target::All, &0);
    // A trait with only events still gets a service type to register.
    struct NoHandlers;
    impl Clock for NoHandlers {}
    let _router = electron_ipc::Router::new().service(ClockService::new(NoHandlers));
}
