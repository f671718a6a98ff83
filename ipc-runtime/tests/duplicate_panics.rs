//! A router refuses two services on one namespace with a panic, and the
//! panic points at the app's own `.service(…)` or `.merge(…)` call, not at
//! the router's source.
//!
//! A file of its own: the test installs a panic hook, which is global to
//! the process.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use electron_ipc::{service, Router};

/// One service.
#[service(namespace = "shared")]
pub trait First {
    /// A method.
    fn ping(&self) -> u32;
}

/// Another service on the same namespace.
#[service(namespace = "shared")]
pub trait Second {
    /// A method.
    fn pong(&self) -> u32;
}

struct Impl;

impl First for Impl {
    fn ping(&self) -> u32 {
        1
    }
}

impl Second for Impl {
    fn pong(&self) -> u32 {
        2
    }
}

thread_local! {
    /// Where the last panic on this thread happened, and its message.
    static LAST_PANIC: RefCell<Option<(String, u32, String)>> = const { RefCell::new(None) };
}

/// Runs `f`, which must panic, and returns the file, line and message of
/// its panic.
fn panic_of(f: impl FnOnce()) -> (String, u32, String) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let location = info.location().map(|l| (l.file().to_owned(), l.line()));
            let message = info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            if let Some((file, line)) = location {
                LAST_PANIC.with(|last| *last.borrow_mut() = Some((file, line, message)));
            }
            previous(info);
        }));
    });
    LAST_PANIC.with(|last| last.borrow_mut().take());
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    assert!(outcome.is_err(), "expected a panic");
    LAST_PANIC
        .with(|last| last.borrow_mut().take())
        .expect("the hook saw the panic")
}

#[test]
fn a_duplicate_namespace_panics_at_the_callers_service_call() {
    let mut expected_line = 0;
    let (file, line, message) = panic_of(|| {
        let router = Router::new().service(FirstService::new(Impl));
        expected_line = line!() + 1;
        let _ = router.service(SecondService::new(Impl));
    });
    assert_eq!(file, file!(), "{message}");
    assert_eq!(line, expected_line, "{message}");
    assert!(message.contains("namespace `shared`"), "{message}");
}

#[test]
fn a_duplicate_namespace_panics_at_the_callers_merge_call() {
    let mut expected_line = 0;
    let (file, line, message) = panic_of(|| {
        let first = Router::new().service(FirstService::new(Impl));
        let second = Router::new().service(SecondService::new(Impl));
        expected_line = line!() + 1;
        let _ = first.merge(second);
    });
    assert_eq!(file, file!(), "{message}");
    assert_eq!(line, expected_line, "{message}");
    assert!(message.contains("namespace `shared`"), "{message}");
}
