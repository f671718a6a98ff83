//! The fixed JavaScript and TypeScript of the output, kept as real source
//! files in `ipc-codegen/runtime/` (linted, formatted and tested there) and
//! read here at compile time.

/// The main-process runtime, copied whole into `main-runtime.cjs`.
pub(super) const MAIN_RUNTIME: &str = include_str!("../../runtime/main-runtime.cjs");

/// Its declarations, copied whole into `main-runtime.d.cts`.
pub(super) const MAIN_RUNTIME_DECLARATIONS: &str = include_str!("../../runtime/main-runtime.d.cts");

/// The renderer half of the runtime; `renderer_helpers` is the part the
/// preload and `ipc-api.cjs` carry.
const RENDERER_RUNTIME: &str = include_str!("../../runtime/renderer-runtime.cjs");

/// The capabilities half of the renderer runtime; `grants_helpers` is the
/// part the preload and `ipc-api.cjs` carry when the schema has capabilities.
const GRANTS_RUNTIME: &str = include_str!("../../runtime/grants-runtime.cjs");

/// The relay half of the renderer runtime; `relay_helpers` is the part the
/// preload and `ipc-api.cjs` carry when the schema has relay channels.
const RELAY_RUNTIME: &str = include_str!("../../runtime/relay-runtime.cjs");

/// The declarations of the relay's members, in `ipc.d.ts` when the schema
/// has relay channels.
pub(super) const IPC_RELAY: &str = include_str!("../../runtime/ipc-relay.d.ts");

/// The mock's runtime; `mock_helpers` is the part `ipc-mock.mjs` and
/// `ipc-mock.cjs` carry.
const MOCK_RUNTIME: &str = include_str!("../../runtime/mock-runtime.cjs");

/// The fixed declarations of `ipc-mock.d.cts`, without their opening comment.
const MOCK_DECLARATIONS: &str = include_str!("../../runtime/mock-runtime.d.cts");

/// The errors section of `ipc.d.ts`.
pub(super) const IPC_ERRORS: &str = include_str!("../../runtime/ipc-errors.d.ts");

/// The declaration of a state's store, in `ipc.d.ts` when the schema has a state.
pub(super) const IPC_STATE: &str = include_str!("../../runtime/ipc-state.d.ts");

/// The options of a stream method, in `ipc.d.ts` when the schema has a stream.
pub(super) const IPC_STREAM: &str = include_str!("../../runtime/ipc-stream.d.ts");

/// The names `main-runtime.d.cts` declares (`IpcSender`, `IpcOptions`, …),
/// read from the file itself: `main.d.cts` imports them beside the schema's
/// types, so a schema type may not take one.
pub(crate) fn runtime_type_names() -> Vec<&'static str> {
    exported_names(MAIN_RUNTIME_DECLARATIONS)
}

/// The interfaces and types a declaration file exports.
fn exported_names(file: &'static str) -> Vec<&'static str> {
    file.lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("export interface ")
                .or_else(|| line.strip_prefix("export type "))?;
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
                .unwrap_or(rest.len());
            Some(&rest[..end])
        })
        .filter(|name| !name.is_empty())
        .collect()
}

const COPY_FROM: &str = "// --- ipc-codegen copies from here ---\n";
const COPY_UP_TO: &str = "// --- ipc-codegen copies up to here ---\n";

/// The helpers every service of the preload shares: the part of
/// `renderer-runtime.cjs` between its two marker lines, without the blank
/// lines around it. `incoming`: whether the schema has a method that takes
/// a stream from the page; the page-realm adapter then carries its
/// `incoming` wrapper, with `feedIncoming` in it (the adapter runs in the
/// page's world from its source text, so what it calls must be inside it).
pub(super) fn renderer_helpers(incoming: bool) -> String {
    let helpers = between_markers(RENDERER_RUNTIME);
    let mut lines = Vec::new();
    let mut in_incoming = false;
    let mut after_incoming = false;
    for line in helpers.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with(INCOMING_FROM) {
            in_incoming = true;
            continue;
        }
        if trimmed.starts_with(INCOMING_UP_TO) {
            in_incoming = false;
            after_incoming = true;
            continue;
        }
        // Without the part, one blank line separates what was around it.
        if std::mem::take(&mut after_incoming) && !incoming && line.is_empty() {
            continue;
        }
        if in_incoming && !incoming {
            continue;
        }
        if trimmed.starts_with(FEED_HERE) {
            // feedIncoming, one level in, as a function of the adapter.
            lines.extend(page_feed().lines().map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!("  {line}")
                }
            }));
            continue;
        }
        // The markers of the page's state store, nested in `installPageApi`,
        // are for the generator only.
        if trimmed.starts_with(STORE_MARKER) {
            continue;
        }
        lines.push(line.to_owned());
    }
    lines.join("\n")
}

const INCOMING_FROM: &str = "// --- ipc-codegen copies the page's incoming streams from here";
const INCOMING_UP_TO: &str = "// --- ipc-codegen copies the page's incoming streams up to here";
const FEED_HERE: &str = "// ipc-codegen puts feedIncoming here";
const FEED_FROM: &str = "// --- incoming: the page's feed, which ipc-codegen puts in the page-realm adapter (for schemas with incoming parameters) ---\n";
const FEED_UP_TO: &str = "// --- incoming: up to here ---\n";

/// `feedIncoming`, the page's reader of a stream it sends: the part of
/// `renderer-runtime.cjs` between its incoming markers.
fn page_feed() -> &'static str {
    let after_start = RENDERER_RUNTIME
        .split_once(FEED_FROM)
        .map_or("", |(_, rest)| rest);
    let body = after_start
        .split_once(FEED_UP_TO)
        .map_or(after_start, |(body, _)| body);
    body.trim_matches('\n')
}

const STATE_FROM: &str =
    "// --- ipc-codegen copies the state helpers from here (for schemas with a state) ---\n";
const STATE_UP_TO: &str = "// --- ipc-codegen copies the state helpers up to here ---\n";

/// The preload's half of shared state (`connectStates`), which only a
/// preload whose schema has a state carries: the part of
/// `renderer-runtime.cjs` between its state markers.
pub(super) fn renderer_state_helpers() -> &'static str {
    let after_start = RENDERER_RUNTIME
        .split_once(STATE_FROM)
        .map_or("", |(_, rest)| rest);
    let body = after_start
        .split_once(STATE_UP_TO)
        .map_or(after_start, |(body, _)| body);
    body.trim_matches('\n')
}

const STREAMS_FROM: &str =
    "// --- streams: copied after the part above, only for a schema with stream channels ---\n";
const STREAMS_UP_TO: &str = "// --- streams: up to here ---\n";

/// The preload's half of streams (`connectStreams`), which only a preload
/// whose schema has a stream channel carries: the part of
/// `renderer-runtime.cjs` between its streams markers.
pub(super) fn renderer_stream_helpers() -> &'static str {
    let after_start = RENDERER_RUNTIME
        .split_once(STREAMS_FROM)
        .map_or("", |(_, rest)| rest);
    let body = after_start
        .split_once(STREAMS_UP_TO)
        .map_or(after_start, |(body, _)| body);
    body.trim_matches('\n')
}

const STORE_MARKER: &str = "// --- ipc-codegen copies the page's state store";
const STORE_FROM: &str = "  // --- ipc-codegen copies the page's state store from here (into ipc-mock, for schemas with a state) ---\n";
const STORE_UP_TO: &str = "  // --- ipc-codegen copies the page's state store up to here ---\n";

/// The page's half of shared state (`createStateStore`, nested in
/// `installPageApi`), which the mock builds each state's store with, as the
/// page-realm adapter does: taken out one level of indentation.
pub(super) fn page_state_store() -> String {
    let after_start = RENDERER_RUNTIME
        .split_once(STORE_FROM)
        .map_or("", |(_, rest)| rest);
    let body = after_start
        .split_once(STORE_UP_TO)
        .map_or(after_start, |(body, _)| body);
    body.trim_matches('\n')
        .lines()
        .map(|line| line.strip_prefix("  ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `grantsOf`: how the preload learns its window's capabilities.
pub(super) fn grants_helpers() -> &'static str {
    between_markers(GRANTS_RUNTIME)
}

/// `connectRelays`: the preload's half of the window-to-window relay.
pub(super) fn relay_helpers() -> &'static str {
    between_markers(RELAY_RUNTIME)
}

/// The mock's fixed part: `mock-runtime.cjs` between its marker lines.
pub(super) fn mock_helpers() -> &'static str {
    between_markers(MOCK_RUNTIME)
}

/// The fixed declarations of the mock, after the comment that opens the file.
pub(super) fn mock_declarations() -> &'static str {
    let start = MOCK_DECLARATIONS.find("\n\n").map_or(0, |i| i + 2);
    MOCK_DECLARATIONS[start..].trim_matches('\n')
}

/// The names the mock's declarations take, fixed or per schema: a schema
/// type of one of these names would clash in `ipc-mock.d.cts`.
pub(crate) fn mock_type_names() -> Vec<&'static str> {
    let mut names = exported_names(MOCK_DECLARATIONS);
    names.extend(["IpcMock", "IpcMockHandlers"]);
    names
}

fn between_markers(file: &'static str) -> &'static str {
    let after_start = file.split_once(COPY_FROM).map_or(file, |(_, rest)| rest);
    let body = after_start
        .split_once(COPY_UP_TO)
        .map_or(after_start, |(body, _)| body);
    body.trim_matches('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_renderer_runtime_marks_the_streams_part() {
        let streams = renderer_stream_helpers();
        assert!(
            streams.contains("function connectStreams(ipcRenderer)"),
            "{streams}"
        );
        assert!(!streams.contains("module.exports"));
        assert!(!streams.contains("--- streams"));
    }

    #[test]
    fn the_page_realm_adapter_carries_feed_incoming_only_for_incoming_parameters() {
        let with = renderer_helpers(true);
        let without = renderer_helpers(false);
        assert!(
            with.contains("  async function feedIncoming(source, writer, signal) {"),
            "{with}"
        );
        assert!(with.contains("kinds.incoming = incoming;"));
        assert!(!without.contains("feedIncoming"), "{without}");
        assert!(!without.contains("kinds.incoming"));
        for helpers in [&with, &without] {
            assert!(!helpers.contains("--- ipc-codegen copies the page's"));
            assert!(!helpers.contains("ipc-codegen puts feedIncoming here"));
        }
        // The module-level copy stays where the tests read it, outside the part copied whole.
        assert_eq!(with.matches("async function feedIncoming").count(), 1);
    }

    #[test]
    fn the_renderer_runtime_marks_the_part_the_preload_carries() {
        let from = RENDERER_RUNTIME.find(COPY_FROM).expect("the start marker");
        let to = RENDERER_RUNTIME.find(COPY_UP_TO).expect("the end marker");
        assert!(from < to);
        let helpers = renderer_helpers(false);
        assert!(helpers.starts_with("/**"), "{helpers}");
        assert!(helpers.trim_end().ends_with('}'), "{helpers}");
        assert!(!helpers.contains("module.exports"));
        assert!(!helpers.contains("require("));
    }

    /// Every code of the wire contract, in the contract's order, as
    /// `ipc-errors.d.ts` spells `IpcErrorCode`.
    fn declared_codes(file: &str) -> Vec<String> {
        let start = file
            .find("export type IpcErrorCode =")
            .expect("IpcErrorCode is declared");
        let union = &file[start..];
        let union = &union[..union.find(';').expect("the union ends")];
        union
            .lines()
            .skip(1)
            .map(|line| {
                line.trim()
                    .trim_start_matches("| ")
                    .trim_matches('"')
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn the_fixed_declarations_list_every_error_code() {
        let codes: Vec<String> = electron_ipc_schema::ErrorCode::ALL
            .iter()
            .map(|code| code.as_str().to_owned())
            .collect();
        assert_eq!(declared_codes(IPC_ERRORS), codes, "runtime/ipc-errors.d.ts");
        // The main-process declarations name the same union, not a copy.
        assert!(
            !MAIN_RUNTIME_DECLARATIONS.contains("export type IpcErrorCode ="),
            "runtime/main-runtime.d.cts declares IpcErrorCode again: import it from ./ipc.js"
        );
        assert!(
            MAIN_RUNTIME_DECLARATIONS.contains("import type { IpcErrorCode } from \"./ipc.js\";")
        );
        for code in &codes {
            assert!(
                IPC_ERRORS.contains(&format!("IpcErrorBase<\"{code}\">")),
                "IpcError has no member for {code}"
            );
        }
    }
}
