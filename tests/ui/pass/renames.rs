// Namespace and name overrides, combined keys, raw identifiers.
use electron_ipc::{service, Service};

#[service(namespace = "todoList")]
pub trait Todos {
    #[ipc(name = "create")]
    fn add(&self, title: String);
    #[ipc(send, name = "write")]
    fn log(&self, line: String);
    #[ipc(event, name = "updated")]
    fn changed(id: u32);
    fn r#type(&self, r#in: u32) -> u32;
}

#[service(namespace = "$store_2")]
pub trait HTTPClient {
    fn get(&self, url: String) -> String;
}

fn main() {
    struct Impl;
    let channels: Vec<&str> = <TodosService<Impl> as Service>::CHANNELS
        .iter()
        .map(|c| c.channel)
        .collect();
    assert_eq!(channels, ["todoList:create", "todoList:write", "todoList:updated", "todoList:type"]);
    impl Todos for Impl {
        fn add(&self, _title: String) {}
        fn log(&self, _line: String) {}
        fn r#type(&self, r#in: u32) -> u32 {
            r#in
        }
    }
    assert_eq!(<HTTPClientService<Impl> as Service>::NAMESPACE, "$store_2");
    impl HTTPClient for Impl {
        fn get(&self, url: String) -> String {
            url
        }
    }
}
