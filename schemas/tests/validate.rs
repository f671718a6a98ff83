//! `ServiceSchema::validate`: the names a service gives the generated
//! JavaScript, checked where the runtime builds a schema and where
//! ipc-codegen reads one.

use electron_ipc_schema::names::NameError;
use electron_ipc_schema::{
    ChannelKindSchema, ChannelSchema, Implementation, ParamSchema, ServiceError, ServiceSchema,
};

fn channel(kind: ChannelKindSchema, rust_name: &str, js_name: &str) -> ChannelSchema {
    ChannelSchema {
        kind,
        channel: format!("todos:{js_name}"),
        js_name: js_name.to_owned(),
        rust_name: rust_name.to_owned(),
        docs: None,
        deprecated: None,
        capability: None,
        params: Vec::new(),
        returns: (kind == ChannelKindSchema::Invoke).then(|| "null".to_owned()),
        error: None,
    }
}

fn param(js_name: &str) -> ParamSchema {
    ParamSchema {
        name: js_name.to_owned(),
        js_name: js_name.to_owned(),
        ty: "string".to_owned(),
        incoming: false,
    }
}

fn service(namespace: &str, channels: Vec<ChannelSchema>) -> ServiceSchema {
    ServiceSchema {
        name: "Todos".to_owned(),
        namespace: namespace.to_owned(),
        docs: None,
        implementation: Implementation::Rust,
        capability: None,
        channels,
    }
}

#[test]
fn a_plain_service_is_valid() {
    let mut add = channel(ChannelKindSchema::Invoke, "add", "add");
    // A parameter is no property: `then` is a fine parameter name.
    add.params = vec![param("title"), param("then")];
    let changed = channel(ChannelKindSchema::Event, "changed", "changed");
    assert_eq!(service("todos", vec![add, changed]).validate(), Ok(()));
}

#[test]
fn a_namespace_that_window_already_has_is_refused() {
    let error = service("history", Vec::new()).validate().unwrap_err();
    assert_eq!(
        error,
        ServiceError::Namespace {
            service: "Todos".to_owned(),
            problem: NameError::WindowProperty {
                name: "history".to_owned(),
                declared: "Window.history in lib.dom.d.ts",
            },
        }
    );
    assert_eq!(
        error.to_string(),
        "the namespace of trait Todos: `history` is already a property of `window` \
         (Window.history in lib.dom.d.ts): the preload could not expose it; choose another \
         with #[service(namespace = \"...\")]"
    );
    for namespace in ["crypto", "Event", "toString", "my todos", "then"] {
        assert!(
            matches!(
                service(namespace, Vec::new()).validate(),
                Err(ServiceError::Namespace { .. })
            ),
            "{namespace}"
        );
    }
}

#[test]
fn bad_method_and_parameter_names_are_refused() {
    let bad_method = service(
        "todos",
        vec![channel(ChannelKindSchema::Send, "add", "add;evil()")],
    );
    assert!(matches!(
        bad_method.validate(),
        Err(ServiceError::MethodName {
            problem: NameError::NotIdentifier(_),
            ..
        })
    ));
    let reserved = service(
        "todos",
        vec![channel(ChannelKindSchema::Send, "then", "then")],
    );
    assert!(matches!(
        reserved.validate(),
        Err(ServiceError::MethodName {
            problem: NameError::Reserved(_),
            ..
        })
    ));

    let mut add = channel(ChannelKindSchema::Invoke, "add", "add");
    add.params = vec![param("a-b")];
    let error = service("todos", vec![add.clone()]).validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        "a parameter of method `add` of trait Todos: `a-b` is not a JavaScript identifier: \
         use ASCII letters, digits, `_` and `$`, not starting with a digit"
    );
    add.params = vec![param("title"), param("title")];
    assert!(matches!(
        service("todos", vec![add]).validate(),
        Err(ServiceError::DuplicateParam { param, .. }) if param == "title"
    ));
}

#[test]
fn two_methods_on_one_property_are_refused() {
    // The event `changed` takes `onChanged`.
    let error = service(
        "todos",
        vec![
            channel(ChannelKindSchema::Event, "changed", "changed"),
            channel(ChannelKindSchema::Send, "on_changed", "onChanged"),
        ],
    )
    .validate()
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "methods `changed` and `on_changed` of trait Todos are both exposed as `onChanged`"
    );
}

#[test]
fn a_method_on_an_events_once_property_is_refused() {
    // The event `changed` also takes `onceChanged`.
    let error = service(
        "todos",
        vec![
            channel(ChannelKindSchema::Invoke, "once_changed", "onceChanged"),
            channel(ChannelKindSchema::Event, "changed", "changed"),
        ],
    )
    .validate()
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "methods `once_changed` and `changed` of trait Todos are both exposed as `onceChanged`"
    );
}

#[test]
fn remove_all_listeners_is_taken_only_in_a_service_with_events() {
    let method = || {
        channel(
            ChannelKindSchema::Send,
            "remove_all_listeners",
            "removeAllListeners",
        )
    };
    assert_eq!(service("todos", vec![method()]).validate(), Ok(()));
    let error = service(
        "todos",
        vec![
            method(),
            channel(ChannelKindSchema::Event, "changed", "changed"),
        ],
    )
    .validate()
    .unwrap_err();
    assert!(
        matches!(&error, ServiceError::ReservedMember { method, .. } if method == "remove_all_listeners"),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("drop every subscription"),
        "{error}"
    );
}

#[test]
fn an_invoke_says_what_it_resolves_with() {
    let mut add = channel(ChannelKindSchema::Invoke, "add", "add");
    add.returns = None;
    assert!(matches!(
        service("todos", vec![add]).validate(),
        Err(ServiceError::MissingReturns { .. })
    ));
}

#[test]
fn capabilities_must_be_capability_names() {
    let mut good = service(
        "prefs",
        vec![channel(ChannelKindSchema::Invoke, "reset", "reset")],
    );
    good.capability = Some("settings".to_owned());
    good.channels[0].capability = Some("admin-tools".to_owned());
    assert_eq!(good.validate(), Ok(()));

    let mut bad_service = good.clone();
    bad_service.capability = Some("Settings".to_owned());
    let error = bad_service.validate().unwrap_err();
    assert!(
        matches!(error, ServiceError::Capability { ref place, .. } if place == "the service"),
        "{error}"
    );

    let mut bad_method = good;
    bad_method.channels[0].capability = Some("admin tools".to_owned());
    let error = bad_method.validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        "the capability of method `reset` of trait Todos: `admin tools` is not a capability name: use \
         lowercase ASCII letters and digits in words joined by `-`, starting with a letter, at most 64 \
         characters (e.g. `settings`, `clear-all`)"
    );
}

#[test]
fn capability_names_are_lowercase_kebab_case() {
    use electron_ipc_schema::names::check_capability;
    for good in ["a", "settings", "clear-all", "v2", "admin-2-tools"] {
        assert_eq!(check_capability(good), Ok(()), "{good}");
    }
    let long = "a".repeat(65);
    for bad in [
        "",
        "Admin",
        "2fa",
        "-a",
        "a-",
        "a--b",
        "a_b",
        "a b",
        "é",
        long.as_str(),
    ] {
        assert!(check_capability(bad).is_err(), "{bad}");
    }
    assert!(check_capability(&"a".repeat(64)).is_ok());
}

#[test]
fn one_incoming_parameter_on_an_invoke_or_a_stream_and_nowhere_else() {
    let incoming = |name: &str| ParamSchema {
        incoming: true,
        ..param(name)
    };
    for kind in [ChannelKindSchema::Invoke, ChannelKindSchema::Stream] {
        let mut upload = channel(kind, "upload", "upload");
        upload.returns = Some("null".to_owned());
        upload.params = vec![param("name"), incoming("chunks")];
        assert_eq!(service("files", vec![upload.clone()]).validate(), Ok(()));
        upload.params.push(incoming("more"));
        assert!(matches!(
            service("files", vec![upload]).validate(),
            Err(ServiceError::Incoming { count: 2, .. })
        ));
    }
    for kind in [ChannelKindSchema::Send, ChannelKindSchema::Event] {
        let mut other = channel(kind, "other", "other");
        other.params = vec![incoming("chunks")];
        let error = service("files", vec![other]).validate().unwrap_err();
        assert!(
            error
                .to_string()
                .contains("only `invoke` and `stream` channels take one"),
            "{error}"
        );
    }
}
