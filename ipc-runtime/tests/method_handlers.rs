//! The router calls a method through the handler `#[service]` generates
//! for it (`Service::__handler`), and through `Service::call` with the
//! method's index for a service without one: both answer every call, its
//! errors included, the same.

use std::sync::Arc;

use electron_ipc::schema::{ServiceSchema, TypeRegistry};
use electron_ipc::{
    service, Args, ChannelDef, Context, ErrorCode, Reply, Router, Service, StreamReply,
};
use serde::{Deserialize, Serialize};

/// A typed error, answered as `ERR_HANDLER`.
#[derive(Debug, Clone, Serialize, Deserialize, electron_ipc::TS)]
pub struct TooBig {
    /// The limit.
    pub limit: u32,
}

/// A service with a method of each shape the router calls.
#[service]
pub trait Calc {
    /// Adds.
    fn add(&self, a: i32, b: i32) -> i32;
    /// Halves an even number.
    fn half(&self, n: u32) -> Result<u32, TooBig>;
    /// Whether the call carries a sender.
    fn has_sender(&self, ctx: &Context) -> bool;
    /// Answers later.
    async fn later(&self, text: String) -> String;
    /// Panics.
    fn boom(&self);
    /// One way.
    #[ipc(send)]
    fn note(&self, text: String);
    /// An event (no route).
    #[ipc(event)]
    fn noted(text: String);
}

struct Impl;

impl Calc for Impl {
    fn add(&self, a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }
    fn half(&self, n: u32) -> Result<u32, TooBig> {
        if n > 100 {
            Err(TooBig { limit: 100 })
        } else {
            Ok(n / 2)
        }
    }
    fn has_sender(&self, ctx: &Context) -> bool {
        ctx.sender().is_some()
    }
    async fn later(&self, text: String) -> String {
        text.to_uppercase()
    }
    fn boom(&self) {
        panic!("boom")
    }
    fn note(&self, _text: String) {}
}

/// `S` without its generated handlers: the router calls `Service::call`.
struct ByIndex<S>(S);

impl<S: Service> Service for ByIndex<S> {
    const NAMESPACE: &'static str = S::NAMESPACE;
    const CHANNELS: &'static [ChannelDef] = S::CHANNELS;
    const CHECKS_EVENTS: bool = S::CHECKS_EVENTS;
    fn describe(types: &mut TypeRegistry) -> ServiceSchema {
        S::describe(types)
    }
    fn call(&self, method: u32, args: Args<'_>, ctx: Context) -> Reply {
        self.0.call(method, args, ctx)
    }
    fn open(&self, method: u32, args: Args<'_>, ctx: Context) -> StreamReply {
        self.0.open(method, args, ctx)
    }
}

fn answer(reply: Reply) -> String {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
        .block_on(reply.into_response())
        .into_json()
}

#[test]
fn every_call_answers_the_same_through_the_handler_and_through_call() {
    let handlers = Router::new().service(CalcService::new(Impl));
    let by_index = Router::new().service(ByIndex(CalcService::new(Impl)));
    let calls: &[(&str, &str)] = &[
        ("calc:add", "[1,2]"),
        ("calc:add", "[2147483647,1]"),
        ("calc:add", "[1]"),
        ("calc:add", "[1,2,3]"),
        ("calc:add", r#"[1,"2"]"#),
        ("calc:add", "[1.5,2]"),
        ("calc:add", "{}"),
        ("calc:add", "not json"),
        ("calc:half", "[10]"),
        ("calc:half", "[101]"),
        ("calc:half", "[-1]"),
        ("calc:hasSender", "[]"),
        ("calc:hasSender", "[1]"),
        ("calc:later", r#"["abc"]"#),
        ("calc:later", "[1]"),
        ("calc:boom", "[]"),
        ("calc:note", r#"["x"]"#),
        ("calc:noted", r#"["x"]"#),
        ("calc:nothing", "[]"),
    ];
    for &(channel, args) in calls {
        let expected = answer(by_index.call(channel, args, Context::default()));
        let got = answer(handlers.call(channel, args, Context::default()));
        assert_eq!(got, expected, "{channel} {args}");
    }
    // The answers are the ones each case is there for.
    let add = answer(handlers.call("calc:add", "[1,2]", Context::default()));
    assert_eq!(add, r#"{"ok":true,"value":3}"#);
    let boom = handlers.call("calc:boom", "[]", Context::default());
    let Reply::Ready(boom) = boom else {
        panic!("a sync method answers at once");
    };
    assert_eq!(boom.error().map(|e| e.code), Some(ErrorCode::Panic));
    let arity = answer(handlers.call("calc:add", "[1]", Context::default()));
    assert!(arity.contains("ERR_BAD_ARGUMENTS"), "{arity}");
}

/// A service written by hand whose method 0 has a handler of its own,
/// answering `"handler"`, where `call` answers `"call"`.
struct Marked;

const MARKED: &[ChannelDef] = &[
    ChannelDef {
        channel: "marked:withHandler",
        kind: electron_ipc::ChannelKind::Invoke,
        params: &[],
        method: 0,
    },
    ChannelDef {
        channel: "marked:without",
        kind: electron_ipc::ChannelKind::Invoke,
        params: &[],
        method: 1,
    },
];

struct WithHandler;

impl electron_ipc::__private::Method<Marked> for WithHandler {
    fn call(_: &Marked, _: Args<'_>, _: Context) -> Reply {
        Reply::Ready(electron_ipc::Response::ok(
            serde_json::value::to_raw_value("handler").expect("a string"),
        ))
    }
}

impl Service for Marked {
    const NAMESPACE: &'static str = "marked";
    const CHANNELS: &'static [ChannelDef] = MARKED;
    fn describe(_: &mut TypeRegistry) -> ServiceSchema {
        unreachable!("not described")
    }
    fn call(&self, method: u32, _: Args<'_>, _: Context) -> Reply {
        let value = format!("call {method}");
        Reply::Ready(electron_ipc::Response::ok(
            serde_json::value::to_raw_value(&value).expect("a string"),
        ))
    }
    fn __handler(service: &Arc<Self>, method: u32) -> Option<electron_ipc::__private::Handler> {
        (method == 0).then(|| electron_ipc::__private::handler::<Self, WithHandler>(service))
    }
}

#[test]
fn the_router_calls_a_methods_own_handler_and_call_for_the_others() {
    let router = Router::new().service(Marked);
    let with = answer(router.call("marked:withHandler", "[]", Context::default()));
    assert_eq!(with, r#"{"ok":true,"value":"handler"}"#);
    let without = answer(router.call("marked:without", "[]", Context::default()));
    assert_eq!(without, r#"{"ok":true,"value":"call 1"}"#);
}
