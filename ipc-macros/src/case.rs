//! Names: the rules shared with the runtime and ipc-codegen
//! (`electron_ipc_schema::names`), and "did you mean" hints for attributes.

pub(crate) use electron_ipc_schema::names::{
    check_capability, check_identifier, check_js_name, check_namespace, event_listener,
    event_once_listener, relay_answerer, snake_to_lower_camel, state_store, upper_to_lower_camel,
    NameError, RELAY_ANSWER_SUFFIX, REMOVE_ALL_LISTENERS,
};

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
