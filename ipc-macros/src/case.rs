//! Rust names to JavaScript names.
//!
//! Methods and parameters are snake_case and follow serde's
//! `rename_all = "camelCase"`, so a parameter and a struct field with the
//! same Rust name get the same JavaScript name. Trait names are UpperCamelCase;
//! a leading acronym is lowered as a whole (`HTTPClient` → `httpClient`),
//! because `hTTPClient` is not a name anyone would write by hand.

/// `set_title` → `setTitle`, `r#type` → `type`.
pub(crate) fn snake_to_lower_camel(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let mut out = String::with_capacity(name.len());
    let mut capitalize = false;
    for ch in name.chars() {
        if ch == '_' {
            // A leading underscore starts no word: `_private` → `private`.
            capitalize = !out.is_empty();
        } else if capitalize {
            out.extend(ch.to_uppercase());
            capitalize = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// `TodoStore` → `todoStore`, `HTTPClient` → `httpClient`, `IO` → `io`.
pub(crate) fn upper_to_lower_camel(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let chars: Vec<char> = name.chars().collect();
    let upper_run = chars.iter().take_while(|c| c.is_uppercase()).count();
    // In `HTTPClient` the run is `HTTPC`; its last letter starts the next
    // word when a lowercase letter follows.
    let lowered = if upper_run > 1 && upper_run < chars.len() && chars[upper_run].is_lowercase() {
        upper_run - 1
    } else {
        upper_run
    };
    let mut out = String::with_capacity(name.len());
    for (i, ch) in chars.iter().enumerate() {
        if i < lowered {
            out.extend(ch.to_lowercase());
        } else {
            out.push(*ch);
        }
    }
    out
}

/// The name of the renderer's subscription function for an event:
/// `changed` → `onChanged`.
pub(crate) fn event_listener(js_name: &str) -> String {
    let mut chars = js_name.chars();
    let mut out = String::from("on");
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
    out
}

/// Whether `name` is usable as a namespace or JavaScript name: an ASCII
/// JavaScript identifier that does not break the object the preload exposes.
pub(crate) fn js_name_problem(name: &str) -> Option<String> {
    const RESERVED: &[&str] = &["__proto__", "constructor", "prototype", "then"];
    if name.is_empty() {
        return Some(String::from("the name is empty"));
    }
    let mut chars = name.chars();
    let valid = match chars.next() {
        Some(first) => {
            (first.is_ascii_alphabetic() || first == '_' || first == '$')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        }
        None => false,
    };
    if !valid {
        return Some(format!(
            "`{name}` is not a JavaScript identifier: use letters, digits, `_` and `$`, not starting with a digit"
        ));
    }
    if RESERVED.contains(&name) {
        return Some(format!(
            "`{name}` is reserved: it would break the object the preload exposes to the page"
        ));
    }
    None
}

/// Levenshtein distance, for "did you mean" hints on short keys.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The closest of `candidates` to `word`, if it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2 && *d < c.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
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
    }

    #[test]
    fn traits_lower_their_first_word() {
        assert_eq!(upper_to_lower_camel("Todos"), "todos");
        assert_eq!(upper_to_lower_camel("TodoStore"), "todoStore");
        assert_eq!(upper_to_lower_camel("HTTPClient"), "httpClient");
        assert_eq!(upper_to_lower_camel("IO"), "io");
        assert_eq!(upper_to_lower_camel("A"), "a");
    }

    #[test]
    fn listeners_are_prefixed() {
        assert_eq!(event_listener("changed"), "onChanged");
        assert_eq!(event_listener("x"), "onX");
    }

    #[test]
    fn js_names_are_checked() {
        assert!(js_name_problem("todos").is_none());
        assert!(js_name_problem("$x_1").is_none());
        assert!(js_name_problem("").is_some());
        assert!(js_name_problem("1x").is_some());
        assert!(js_name_problem("a b").is_some());
        assert!(js_name_problem("a:b").is_some());
        assert!(js_name_problem("é").is_some());
        assert!(js_name_problem("__proto__").unwrap().contains("reserved"));
        assert!(js_name_problem("then").unwrap().contains("reserved"));
    }

    #[test]
    fn suggestions_are_close() {
        assert_eq!(
            did_you_mean("namspace", &["namespace", "crate"]),
            Some("namespace")
        );
        assert_eq!(
            did_you_mean("evnt", &["send", "event", "name"]),
            Some("event")
        );
        assert_eq!(did_you_mean("banana", &["send", "event", "name"]), None);
    }
}
