use electron_ipc::service;

#[service]
pub trait Todos {
    // `new_title` and `newTitle` are both `newTitle` in JavaScript.
    #[allow(non_snake_case)]
    fn rename(&self, new_title: String, newTitle: String);
    // JavaScript names are ASCII.
    fn tag(&self, café: String);
    // `__` has no JavaScript name at all.
    fn clear(&self, __: u32);
}

fn main() {}
