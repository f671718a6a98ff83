//! How Rust names become JavaScript names, and which names cannot be used.
//!
//! One definition for the three parts that name things: the `#[service]`
//! macro (which names the channels, and refuses a bad name on the tokens
//! that wrote it), the runtime (which checks every service it puts in a
//! schema) and `ipc-codegen` (which checks the schemas it reads: they are
//! editable build input).
//!
//! Methods and parameters are snake_case and follow serde's
//! `rename_all = "camelCase"`, so a parameter and a struct field with the
//! same Rust name get the same JavaScript name. Trait names are
//! UpperCamelCase; a leading acronym is lowered as a whole
//! (`HTTPClient` → `httpClient`), because `hTTPClient` is not a name anyone
//! would write by hand. Every name is then checked: an ASCII JavaScript
//! identifier, none of [`RESERVED_NAMES`], and, for a namespace, no
//! property `window` already has ([`window_property`]).

use crate::window_properties::WINDOW_PROPERTIES;

/// `set_title` → `setTitle`, `r#type` → `type`, `_private` → `private`:
/// serde's `rename_all = "camelCase"` for a field.
pub fn snake_to_lower_camel(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let mut out = String::with_capacity(name.len());
    let mut capitalize = false;
    for ch in name.chars() {
        if ch == '_' {
            // A leading underscore starts no word: `_private` → `private`.
            capitalize = !out.is_empty();
        } else if capitalize {
            out.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else if out.is_empty() {
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// `TodoStore` → `todoStore`, `HTTPClient` → `httpClient`, `IO` → `io`:
/// the namespace of a trait.
pub fn upper_to_lower_camel(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let chars: Vec<char> = name.chars().collect();
    let upper_run = chars.iter().take_while(|c| c.is_ascii_uppercase()).count();
    // In `HTTPClient` the run is `HTTPC`; its last letter starts the next
    // word when a lowercase letter follows.
    let lowered =
        if upper_run > 1 && upper_run < chars.len() && chars[upper_run].is_ascii_lowercase() {
            upper_run - 1
        } else {
            upper_run
        };
    chars
        .iter()
        .enumerate()
        .map(|(i, ch)| {
            if i < lowered {
                ch.to_ascii_lowercase()
            } else {
                *ch
            }
        })
        .collect()
}

/// `todoStore` → `TodoStore`: the prefix of the names generated for a
/// namespace (`TodoStoreApi`), and the tail of an event's listener.
pub fn pascal_case(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The renderer's subscription function for an event: `changed` →
/// `onChanged`. It is the property the event occupies on
/// `window.<namespace>`.
pub fn event_listener(js_name: &str) -> String {
    format!("on{}", pascal_case(js_name))
}

/// The renderer's one-delivery subscription function for an event:
/// `changed` → `onceChanged`, the second property the event occupies.
pub fn event_once_listener(js_name: &str) -> String {
    format!("once{}", pascal_case(js_name))
}

/// The property of `window.<namespace>` that holds a state's store:
/// `todos` → `todosState`.
pub fn state_store(js_name: &str) -> String {
    format!("{js_name}State")
}

/// The receiving window's answering function for a relay request:
/// `confirm` → `answerConfirm` (docs/wire.md, "Window-to-window messages").
/// A one-way relay's receiver is [`event_listener`]'s `onX`.
pub fn relay_answerer(js_name: &str) -> String {
    format!("answer{}", pascal_case(js_name))
}

/// What the router's route checking a relay request's answer appends to
/// the request's channel (`prefs:confirm` → `prefs:confirm#answer`): `#` is
/// in no channel name `#[service]` writes, so the two never collide.
pub const RELAY_ANSWER_SUFFIX: &str = "#answer";

/// The property of `window.<namespace>` that drops every subscription of a
/// service that has events; no method of such a service may take it.
pub const REMOVE_ALL_LISTENERS: &str = "removeAllListeners";

/// Names refused for a namespace or a method: each would break
/// the object the preload exposes (`then` makes it a thenable that `await`
/// unwraps; the others are the prototype machinery).
pub const RESERVED_NAMES: &[&str] = &["__proto__", "constructor", "prototype", "then"];

/// The TypeScript names the generated declarations declare besides the
/// schema's types (`ipc.d.ts`'s own, and those of its parts for states,
/// streams and relays): a Rust type may not take one.
pub const GENERATED_TYPE_NAMES: &[&str] = &[
    "IpcError",
    "IpcErrorBase",
    "IpcErrorCode",
    "IpcBadArgumentsData",
    "IpcCallOptions",
    "IpcCancelledData",
    "IpcChannel",
    "IpcRateLimitedData",
    "IpcRelay",
    "IpcRelayOptions",
    "IpcRelayRequest",
    "IpcResult",
    "IpcRole",
    "IpcRoleData",
    "IpcSchemaMismatchData",
    "IpcState",
    "IpcStreamOptions",
];

/// Why a name cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NameError {
    /// The name is empty.
    #[error("the name is empty")]
    Empty,
    /// The name is not an ASCII JavaScript identifier.
    #[error(
        "`{0}` is not a JavaScript identifier: use ASCII letters, digits, `_` and `$`, \
         not starting with a digit"
    )]
    NotIdentifier(String),
    /// The name is one of [`RESERVED_NAMES`].
    #[error("`{0}` is reserved: it would break the object the preload exposes to the page")]
    Reserved(String),
    /// A namespace that `window` already has: `contextBridge.exposeInMainWorld`
    /// throws for it, and the preload stops there.
    #[error(
        "`{name}` is already a property of `window` ({declared}): the preload could not expose it"
    )]
    WindowProperty {
        /// The namespace.
        name: String,
        /// Where TypeScript's DOM and ECMAScript declarations define it,
        /// e.g. `Window.history in lib.dom.d.ts`.
        declared: &'static str,
    },
    /// A capability name that is not lowercase kebab-case of at most
    /// [`MAX_CAPABILITY_LENGTH`] characters.
    #[error(
        "`{0}` is not a capability name: use lowercase ASCII letters and digits in words joined \
         by `-`, starting with a letter, at most 64 characters (e.g. `settings`, `clear-all`)"
    )]
    NotCapability(String),
}

/// The longest capability name.
pub const MAX_CAPABILITY_LENGTH: usize = 64;

/// Whether `name` can be a capability (`#[service(capability = "…")]`,
/// `#[ipc(capability = "…")]`): lowercase kebab-case, `[a-z][a-z0-9]*`
/// words joined by single `-`, at most [`MAX_CAPABILITY_LENGTH`]
/// characters. The same text is what the app grants in main, so it is kept
/// to names that read the same in Rust, JSON and JavaScript.
///
/// ```
/// use electron_ipc_schema::names::check_capability;
///
/// assert!(check_capability("settings").is_ok());
/// assert!(check_capability("clear-all").is_ok());
/// assert!(check_capability("Admin").is_err());
/// assert!(check_capability("a--b").is_err());
/// ```
pub fn check_capability(name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    let well_formed = name.len() <= MAX_CAPABILITY_LENGTH
        && name.as_bytes()[0].is_ascii_lowercase()
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if well_formed {
        Ok(())
    } else {
        Err(NameError::NotCapability(name.to_owned()))
    }
}

/// Whether `name` can be a parameter's JavaScript name: an ASCII
/// JavaScript identifier (`[A-Za-z_$][A-Za-z0-9_$]*`). A parameter is no
/// property of the exposed object, so [`RESERVED_NAMES`] are allowed.
pub fn check_identifier(name: &str) -> Result<(), NameError> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err(NameError::Empty);
    };
    let is_identifier = (first.is_ascii_alphabetic() || first == '_' || first == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if !is_identifier {
        return Err(NameError::NotIdentifier(name.to_owned()));
    }
    Ok(())
}

/// Whether `name` can be a method's JavaScript name (a property of
/// `window.<namespace>`): an identifier ([`check_identifier`]), none of
/// [`RESERVED_NAMES`].
pub fn check_js_name(name: &str) -> Result<(), NameError> {
    check_identifier(name)?;
    if RESERVED_NAMES.contains(&name) {
        return Err(NameError::Reserved(name.to_owned()));
    }
    Ok(())
}

/// Whether `name` can be a namespace: a JavaScript name
/// ([`check_js_name`]) that `window` does not already have
/// ([`window_property`]).
pub fn check_namespace(name: &str) -> Result<(), NameError> {
    check_js_name(name)?;
    match window_property(name) {
        Some(declared) => Err(NameError::WindowProperty {
            name: name.to_owned(),
            declared,
        }),
        None => Ok(()),
    }
}

/// Where `window.<name>` is already defined before any preload runs, if it
/// is: a member of TypeScript's `Window` interface or of one of its base
/// interfaces, a global of the DOM or ECMAScript libraries, or a member of
/// `Object.prototype` (the preload's `contextBridge.exposeInMainWorld`
/// refuses a key the window has, inherited ones included).
///
/// ```
/// use electron_ipc_schema::names::window_property;
///
/// assert_eq!(window_property("history"), Some("Window.history in lib.dom.d.ts"));
/// assert_eq!(window_property("todos"), None);
/// ```
///
/// The list is generated from the `typescript` package pinned in
/// `package.json` by `schemas/scripts/window-globals.js`.
pub fn window_property(name: &str) -> Option<&'static str> {
    WINDOW_PROPERTIES
        .binary_search_by(|(property, _)| (*property).cmp(name))
        .ok()
        .map(|index| WINDOW_PROPERTIES[index].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_follow_serde_camel_case() {
        assert_eq!(snake_to_lower_camel("add"), "add");
        assert_eq!(snake_to_lower_camel("set_title"), "setTitle");
        assert_eq!(
            snake_to_lower_camel("clear_completed_v2"),
            "clearCompletedV2"
        );
        assert_eq!(snake_to_lower_camel("r#type"), "type");
        assert_eq!(snake_to_lower_camel("_private"), "private");
        assert_eq!(snake_to_lower_camel("type_"), "type");
        assert_eq!(snake_to_lower_camel("a__b"), "aB");
        assert_eq!(snake_to_lower_camel("__"), "");
    }

    /// The same names serde gives the fields of
    /// `#[serde(rename_all = "camelCase")]`, odd spellings included.
    #[test]
    fn methods_match_serde_exactly() {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        #[allow(non_snake_case)]
        struct Fields {
            set_title: u8,
            _private: u8,
            Upper_start: u8,
            a__b: u8,
            v_2: u8,
            r#type: u8,
        }
        let value = serde_json::to_value(Fields {
            set_title: 0,
            _private: 0,
            Upper_start: 0,
            a__b: 0,
            v_2: 0,
            r#type: 0,
        })
        .unwrap();
        let mut serde_names: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        serde_names.sort_unstable();
        let mut ours: Vec<String> = [
            "set_title",
            "_private",
            "Upper_start",
            "a__b",
            "v_2",
            "r#type",
        ]
        .map(snake_to_lower_camel)
        .into();
        ours.sort_unstable();
        assert_eq!(ours, serde_names);
    }

    #[test]
    fn traits_lower_their_first_word() {
        assert_eq!(upper_to_lower_camel("Todos"), "todos");
        assert_eq!(upper_to_lower_camel("TodoStore"), "todoStore");
        assert_eq!(upper_to_lower_camel("HTTPClient"), "httpClient");
        assert_eq!(upper_to_lower_camel("HTTP2Client"), "http2Client");
        assert_eq!(upper_to_lower_camel("IO"), "io");
        assert_eq!(upper_to_lower_camel("A"), "a");
    }

    #[test]
    fn listeners_are_prefixed() {
        assert_eq!(event_listener("changed"), "onChanged");
        assert_eq!(event_listener("x"), "onX");
        assert_eq!(event_listener("$x"), "on$x");
        assert_eq!(event_once_listener("changed"), "onceChanged");
        assert_eq!(event_once_listener("$x"), "once$x");
        assert_eq!(pascal_case("todoStore"), "TodoStore");
    }

    #[test]
    fn js_names_are_checked() {
        assert!(check_js_name("todos").is_ok());
        assert!(check_js_name("$x_1").is_ok());
        assert_eq!(check_js_name(""), Err(NameError::Empty));
        assert!(matches!(
            check_js_name("1x"),
            Err(NameError::NotIdentifier(_))
        ));
        assert!(check_js_name("a b").is_err());
        assert!(check_js_name("a:b").is_err());
        assert!(check_js_name("é").is_err());
        assert!(check_js_name("__proto__")
            .unwrap_err()
            .to_string()
            .contains("reserved"));
        assert!(check_js_name("then")
            .unwrap_err()
            .to_string()
            .contains("reserved"));
        // A method may shadow a window property: it lives on the service.
        assert!(check_js_name("history").is_ok());
        // A parameter is no property: only the identifier rule applies.
        assert!(check_identifier("then").is_ok());
        assert!(check_identifier("é").is_err());
        assert_eq!(check_identifier(""), Err(NameError::Empty));
    }

    #[test]
    fn namespaces_that_window_already_has_are_refused() {
        for name in ["history", "crypto", "status", "location", "name", "event"] {
            assert!(
                matches!(check_namespace(name), Err(NameError::WindowProperty { .. })),
                "{name}"
            );
        }
        // Inherited from a base interface of `Window`, a global of the DOM
        // or ECMAScript libraries, or `Object.prototype`.
        assert_eq!(
            window_property("dispatchEvent"),
            Some("EventTarget.dispatchEvent in lib.dom.d.ts")
        );
        assert!(window_property("onclick")
            .unwrap()
            .starts_with("GlobalEventHandlers."));
        assert!(window_property("Event").unwrap().contains("lib.dom.d.ts"));
        assert!(window_property("JSON").unwrap().contains("lib.es5.d.ts"));
        assert_eq!(
            window_property("hasOwnProperty"),
            Some("Object.prototype.hasOwnProperty in lib.es5.d.ts")
        );
        assert_eq!(
            check_namespace("history").unwrap_err().to_string(),
            "`history` is already a property of `window` (Window.history in lib.dom.d.ts): \
             the preload could not expose it"
        );
        for name in ["todos", "todoStore", "files", "counter", "titleBar"] {
            assert_eq!(check_namespace(name), Ok(()), "{name}");
        }
        assert_eq!(
            check_namespace("then"),
            Err(NameError::Reserved("then".into()))
        );
    }

    #[test]
    fn the_window_properties_are_sorted_and_unique() {
        assert!(WINDOW_PROPERTIES.len() > 900, "{}", WINDOW_PROPERTIES.len());
        for pair in WINDOW_PROPERTIES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} before {:?}", pair[0], pair[1]);
        }
    }
}
