//! `electron_ipc::testing::TestClient`: what it sends, what it records.

use std::collections::BTreeMap;

use electron_ipc::testing::TestClient;
use electron_ipc::{service, Context, Emitter, ErrorCode, Event, Router, Sender, Target};

/// A service that says who called, and announces each call.
#[service]
pub trait Echo {
    /// The caller's origin, or "rust".
    fn origin(&self, ctx: &Context) -> String;
    /// Answers its arguments joined.
    async fn join(&self, a: String, b: u32) -> String;
    /// Something happened.
    #[ipc(event)]
    fn happened(what: String, count: u32);
}

struct Impl(EchoEvents);

impl Echo for Impl {
    fn origin(&self, ctx: &Context) -> String {
        let origin = ctx
            .sender()
            .map_or("rust", |s| s.origin.as_str())
            .to_owned();
        let _ = self.0.happened(Target::All, &origin, &1);
        origin
    }
    async fn join(&self, a: String, b: u32) -> String {
        format!("{a}{b}")
    }
}

fn router() -> Router {
    let emitter = Emitter::new();
    Router::new()
        .with_emitter(emitter.clone())
        .service(EchoService::new(Impl(EchoEvents::new(emitter))))
}

#[tokio::test]
async fn calls_carry_the_sender_it_is_given() {
    let client = TestClient::new(router());
    assert_eq!(
        client.invoke::<String>("echo:origin", ()).await.unwrap(),
        "rust"
    );
    let page = Sender::new(1, 1, 1).with_location("app://main/", "app://main");
    let client = client.from_sender(page);
    assert_eq!(
        client.invoke::<String>("echo:origin", ()).await.unwrap(),
        "app://main"
    );
    assert_eq!(
        client
            .invoke::<String>("echo:join", ("a", 7))
            .await
            .unwrap(),
        "a7"
    );
}

#[tokio::test]
async fn it_records_events_in_order_and_forgets_them_when_taken() {
    let client = TestClient::new(router());
    client.invoke::<String>("echo:origin", ()).await.unwrap();
    client.invoke::<String>("echo:origin", ()).await.unwrap();
    let events: Vec<Event> = client.events();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].channel, "echo:happened");
    assert_eq!(events[0].args, r#"["rust",1]"#);
    assert_eq!(
        client.events_on::<(String, u32)>("echo:happened"),
        [("rust".to_owned(), 1), ("rust".to_owned(), 1)]
    );
    assert_eq!(client.take_events().len(), 2);
    assert!(client.events().is_empty());
}

#[tokio::test]
async fn arguments_that_cannot_be_json_are_refused_before_the_router() {
    let client = TestClient::new(router());
    // A map with non-string keys has no JSON form.
    let keys: BTreeMap<(u8, u8), u8> = BTreeMap::from([((1, 2), 3)]);
    let refused = client.call("echo:join", (keys, 1)).await;
    let error = refused.error().unwrap();
    assert_eq!(error.code, ErrorCode::BadArguments);
    assert!(error.message.contains("echo:join"), "{}", error.message);
}

#[tokio::test]
async fn an_answer_of_another_type_names_the_channel() {
    let client = TestClient::new(router());
    let error = client
        .invoke::<u32>("echo:join", ("a", 1))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::BadResponse);
    assert!(
        error.message.contains("`echo:join` answered \"a1\""),
        "{}",
        error.message
    );
}

#[test]
#[should_panic(expected = "the arguments of `echo:happened`")]
fn events_asked_for_as_the_wrong_type_panic_with_the_channel() {
    let client = TestClient::new(router());
    client
        .router()
        .emitter()
        .emit_raw(Target::All, "echo:happened", r#"["x",1]"#.to_owned())
        .unwrap();
    let _ = client.events_on::<(u32,)>("echo:happened");
}
