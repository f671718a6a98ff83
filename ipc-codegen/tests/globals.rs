//! The generated declarations name a few global TypeScript types
//! (`Promise<T>` for every invoke, `Array<T>` from ts-rs, `Record`): a Rust
//! type of the same name would shadow them and the declarations would not
//! compile. `generate` refuses such a name with a message that says how to
//! rename it. The globals are found by reading the generated declarations,
//! so one the emitter starts to use is covered without editing this test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use electron_ipc_schema::Schema;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The schemas of the `multi` fixture: a Rust service and one implemented
/// in main-process JavaScript.
fn multi() -> Vec<serde_json::Value> {
    ["prefs.json", "todo-app.json"]
        .iter()
        .map(|name| {
            let path = root()
                .join("ipc-codegen/tests/fixtures/multi/schemas")
                .join(name);
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
        })
        .collect()
}

/// The schema of the `streams` fixture: stream channels.
fn streams() -> serde_json::Value {
    let path = root().join("ipc-codegen/tests/fixtures/streams/schemas/feed-app.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The schema of a fixture, `fixtures/<case>/schemas/<file>`.
fn fixture(case: &str, file: &str) -> serde_json::Value {
    let path = root()
        .join("ipc-codegen/tests/fixtures")
        .join(case)
        .join("schemas")
        .join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The schema of the `incoming` fixture: methods that take a stream from the page.
fn incoming() -> serde_json::Value {
    fixture("incoming", "uploads-app.json")
}

/// The seed-patterns example's schema: main-process services with events.
fn seed_patterns() -> serde_json::Value {
    let path = root().join("examples/seed-patterns/schema/seed-patterns.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn schemas(values: &[serde_json::Value]) -> Vec<Schema> {
    values
        .iter()
        .map(|value| serde_json::from_value(value.clone()).unwrap())
        .collect()
}

/// Identifiers and punctuation, with comments and string literals left out.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            tokens.push("\"\"".to_owned());
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else {
            if !c.is_whitespace() {
                tokens.push(c.to_string());
            }
            i += 1;
        }
    }
    tokens
}

/// The global types a declaration file refers to: capitalised names it
/// neither declares, imports, exports from elsewhere nor takes as type
/// parameters, and that are not property or method names.
fn globals_of(text: &str) -> BTreeSet<String> {
    let tokens = tokens(text);
    let at = |i: usize| tokens.get(i).map(String::as_str).unwrap_or("");
    let mut local = BTreeSet::new();
    let mut referenced = BTreeSet::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = at(i);
        // `import type { A, B } from`, `export { A } from`: names of elsewhere.
        if matches!(token, "import" | "export") {
            let mut j = i + 1;
            if at(j) == "type" {
                j += 1;
            }
            if at(j) == "{" {
                while j < tokens.len() && at(j) != "}" {
                    local.insert(at(j).to_owned());
                    j += 1;
                }
                i = j;
                continue;
            }
        }
        if matches!(token, "type" | "interface" | "class" | "function" | "const")
            && i + 1 < tokens.len()
        {
            local.insert(at(i + 1).to_owned());
            // Type parameters: `<T>`, `<C extends …>`, `<E = never>`.
            if at(i + 2) == "<" {
                let mut j = i + 3;
                let mut depth = 1;
                let mut expect_name = true;
                while j < tokens.len() && depth > 0 {
                    match at(j) {
                        "<" => depth += 1,
                        ">" => depth -= 1,
                        "," if depth == 1 => expect_name = true,
                        name if expect_name && depth == 1 => {
                            local.insert(name.to_owned());
                            expect_name = false;
                        }
                        _ => {}
                    }
                    j += 1;
                }
            }
        }
        // `infer A`, and a method's `<K extends …>`: type parameters too.
        if token == "infer" {
            local.insert(at(i + 1).to_owned());
        }
        if at(i + 1) == "extends" && i > 0 && matches!(at(i - 1), "<" | ",") {
            local.insert(token.to_owned());
        }
        let is_name = token.starts_with(|c: char| c.is_ascii_uppercase());
        let is_key = matches!(at(i + 1), ":" | "?" | "(");
        if is_name && !is_key {
            referenced.insert(token.to_owned());
        }
        i += 1;
    }
    referenced.difference(&local).cloned().collect()
}

/// Every global the declarations of these schemas refer to.
fn globals(values: &[serde_json::Value]) -> BTreeSet<String> {
    let files = electron_ipc_codegen::render_schemas(&schemas(values)).unwrap();
    files
        .iter()
        .filter(|file| {
            [".d.ts", ".d.cts", ".d.mts"]
                .iter()
                .any(|end| file.name.ends_with(end))
                && file.name != "main-runtime.d.cts"
        })
        .flat_map(|file| globals_of(&file.contents))
        .collect()
}

/// `schemas` with a type named `name` added to the first one, used by the
/// return value of its first invoke channel (of a main-process service in
/// `multi`, so `main.d.cts` imports it too).
fn with_type_named(mut values: Vec<serde_json::Value>, name: &str) -> Vec<serde_json::Value> {
    let schema = &mut values[0];
    schema["types"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "name": name, "declaration": format!("type {name} = {{ value: string, }};") }));
    let invoke = schema["services"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|service| service["channels"].as_array_mut().unwrap().iter_mut())
        .find(|c| c["kind"] == "invoke")
        .unwrap();
    invoke["returns"] = serde_json::Value::String(name.to_owned());
    values
}

#[test]
fn the_declarations_refer_to_the_globals_everyone_knows() {
    let mut found = globals(&multi());
    found.extend(globals(&[seed_patterns()]));
    found.extend(globals(&[streams()]));
    found.extend(globals(&[incoming()]));
    // Read from the output, so a new one shows here.
    assert_eq!(
        found.iter().map(String::as_str).collect::<Vec<_>>(),
        [
            "AbortSignal",
            "Array",
            "AsyncIterable",
            "AsyncIterableIterator",
            "Iterable",
            "Promise",
            "ReadableStream",
            "Record",
            "Uint8Array"
        ],
        "update the names refused in model.rs if the generated declarations use another global"
    );
}

#[test]
fn a_type_named_like_a_global_the_declarations_use_is_refused() {
    let mut found = globals(&multi());
    found.extend(globals(&[seed_patterns()]));
    found.extend(globals(&[streams()]));
    found.extend(globals(&[incoming()]));
    for name in &found {
        let Err(refused) =
            electron_ipc_codegen::render_schemas(&schemas(&with_type_named(multi(), name)))
        else {
            panic!("a type named `{name}` must be refused");
        };
        let message = refused.to_string();
        assert!(message.contains(&format!("`{name}`")), "{message}");
        assert!(message.contains("global TypeScript type"), "{message}");
        assert!(message.contains("#[ts(rename"), "{message}");
    }
}

/// Every name `ipc.d.ts` declares besides the schema's types (its errors,
/// and the parts for states, streams and relays: `IpcStreamOptions`,
/// `IpcState`, `IpcCallOptions`, …), read from the generated files, is
/// refused as a schema type name: the schema's types are declared beside
/// them, and two declarations of one name would not compile.
#[test]
fn a_type_named_like_a_declaration_of_ipc_d_ts_is_refused() {
    let cases = [
        multi(),
        vec![streams()],
        vec![incoming()],
        vec![fixture("state", "state-app.json")],
        vec![fixture("relay", "relay-app.json")],
    ];
    let mut names = BTreeSet::new();
    for case in &cases {
        let files = electron_ipc_codegen::render_schemas(&schemas(case)).unwrap();
        let ipc = &files
            .iter()
            .find(|f| f.name == "ipc.d.ts")
            .unwrap()
            .contents;
        let own: Vec<&str> = case
            .iter()
            .flat_map(|schema| schema["types"].as_array().unwrap())
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        names.extend(
            ipc.lines()
                .filter_map(|line| {
                    let rest = line
                        .strip_prefix("export interface ")
                        .or_else(|| line.strip_prefix("export type "))?;
                    rest.split(|c: char| !c.is_ascii_alphanumeric())
                        .next()
                        .map(str::to_owned)
                })
                .filter(|name| !own.contains(&name.as_str()) && !name.ends_with("Api"))
                // `TodosAddError`: a method's error alias, refused on its own rule.
                .filter(|name| !name.ends_with("Error") || name.starts_with("Ipc")),
        );
    }
    for expected in [
        "IpcStreamOptions",
        "IpcState",
        "IpcCallOptions",
        "IpcRelay",
        "IpcChannel",
    ] {
        assert!(names.contains(expected), "{expected}: {names:?}");
    }
    for name in &names {
        let Err(refused) =
            electron_ipc_codegen::render_schemas(&schemas(&with_type_named(multi(), name)))
        else {
            panic!("a type named `{name}` must be refused");
        };
        let message = refused.to_string();
        assert!(message.contains(&format!("`{name}`")), "{message}");
    }
}

/// The names the generated main-process declarations declare (those of
/// `main-runtime.d.cts`, read from the generated file, and a main-js
/// service's `…Handlers` and `…Events`) are refused as schema type names:
/// `main.d.cts` imports the schema's types beside them.
#[test]
fn a_type_named_like_a_generated_main_declaration_is_refused() {
    let files = electron_ipc_codegen::render_schemas(&schemas(&[seed_patterns()])).unwrap();
    let runtime = &files
        .iter()
        .find(|f| f.name == "main-runtime.d.cts")
        .unwrap()
        .contents;
    let mut names: Vec<String> = runtime
        .lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("export interface ")
                .or_else(|| line.strip_prefix("export type "))?;
            Some(
                rest.split(|c: char| !c.is_ascii_alphanumeric())
                    .next()?
                    .to_owned(),
            )
        })
        // `export type { IpcErrorCode };` re-exports a name ipc.d.ts declares.
        .filter(|name| !name.is_empty())
        .collect();
    assert!(names.contains(&"IpcSender".to_owned()), "{names:?}");
    names.extend(["CounterHandlers".to_owned(), "CounterEvents".to_owned()]);
    for name in &names {
        let Err(refused) = electron_ipc_codegen::render_schemas(&schemas(&with_type_named(
            vec![seed_patterns()],
            name,
        ))) else {
            panic!("a type named `{name}` must be refused");
        };
        let message = refused.to_string();
        assert!(message.contains(&format!("`{name}`")), "{message}");
    }
}

/// Every name `ipc-mock.d.cts` declares, read from the generated file, is
/// refused as a schema type name: the file imports the schema's types
/// beside them.
#[test]
fn a_type_named_like_a_mock_declaration_is_refused() {
    let files = electron_ipc_codegen::render_schemas(&schemas(&[seed_patterns()])).unwrap();
    let mock = &files
        .iter()
        .find(|f| f.name == "ipc-mock.d.cts")
        .unwrap()
        .contents;
    let names: Vec<String> = mock
        .lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("export interface ")
                .or_else(|| line.strip_prefix("export type "))?;
            Some(
                rest.split(|c: char| !c.is_ascii_alphanumeric())
                    .next()?
                    .to_owned(),
            )
        })
        .collect();
    for expected in [
        "IpcMock",
        "IpcMockFailure",
        "CounterMockHandlers",
        "FilesMockEvents",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected}: {names:?}");
    }
    for name in &names {
        let Err(refused) = electron_ipc_codegen::render_schemas(&schemas(&with_type_named(
            vec![seed_patterns()],
            name,
        ))) else {
            panic!("a type named `{name}` must be refused");
        };
        let message = refused.to_string();
        assert!(message.contains(&format!("`{name}`")), "{message}");
    }
}

/// Compiles `files` with the pinned TypeScript 5.x and the current 7.x;
/// panics with `what` and the compiler's output when one fails.
fn assert_compiles(files: &[electron_ipc_codegen::GeneratedFile], what: &str) {
    let target = root().join("target");
    std::fs::create_dir_all(&target).unwrap();
    let dir = tempfile::Builder::new()
        .prefix("ipc-globals-")
        .tempdir_in(&target)
        .unwrap();
    for file in files {
        std::fs::write(dir.path().join(&file.name), &file.contents).unwrap();
    }
    let base = root().join("ipc-codegen/tests/typecheck/tsconfig.base.json");
    let tsconfig = serde_json::json!({
        "extends": base.to_str().unwrap(),
        "include": ["*.ts", "*.cts", "*.mts"],
    });
    std::fs::write(dir.path().join("tsconfig.json"), tsconfig.to_string()).unwrap();
    for tsc in [
        root().join("node_modules/typescript/bin/tsc"),
        root().join("node_modules/typescript-7/bin/tsc"),
    ] {
        assert!(
            tsc.exists(),
            "{} is missing: run `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci` first",
            tsc.display()
        );
        let output = Command::new("node")
            .arg(&tsc)
            .args([
                "-p",
                dir.path().join("tsconfig.json").to_str().unwrap(),
                "--pretty",
                "false",
            ])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{what}: {} failed:\n{}",
            tsc.display(),
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn a_type_named_like_another_global_still_compiles() {
    // `Window` is augmented inside `declare global`, where a module's own
    // type of that name does not reach; `Error` appears only in the
    // runtime's own declarations, which import no schema type. (A
    // `Uint8Array` of the schema's would shadow the bytes of its own types.)
    for name in ["Window", "Error", "Partial"] {
        let files = electron_ipc_codegen::render_schemas(&schemas(&with_type_named(multi(), name)))
            .unwrap_or_else(|e| panic!("`{name}`: {e}"));
        assert_compiles(&files, &format!("a type named `{name}`"));
    }
}

/// A parameter named like a reserved word (`r#for` in Rust) is renamed in
/// every declaration that lists it, the main-process handlers' included.
#[test]
fn a_parameter_named_like_a_reserved_word_compiles_in_every_declaration() {
    let mut schema = seed_patterns();
    for service in schema["services"].as_array_mut().unwrap() {
        for channel in service["channels"].as_array_mut().unwrap() {
            for param in channel["params"].as_array_mut().unwrap() {
                param["jsName"] = "for".into();
            }
        }
    }
    let files = electron_ipc_codegen::render_schemas(&schemas(&[schema])).unwrap();
    let main = &files
        .iter()
        .find(|f| f.name == "main.d.cts")
        .unwrap()
        .contents;
    assert!(main.contains("counterValue(for_: number"), "{main}");
    assert_compiles(&files, "a parameter named `for`");
}
