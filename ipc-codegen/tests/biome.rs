//! Generated files pass `biome check` (format and lint, with the
//! repository's `biome.json`) unchanged, for schemas beyond the golden
//! ones: names long enough to break every kind of line the emitters write,
//! and the shapes of declaration ts-rs writes. `scripts/test.sh` runs Biome
//! over the golden files and the examples' output as well.

use std::path::{Path, PathBuf};
use std::process::Command;

use electron_ipc_schema::Schema;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn param(name: &str, ty: &str) -> Value {
    json!({ "name": name, "jsName": name, "type": ty })
}

fn channel(
    namespace: &str,
    kind: &str,
    name: &str,
    params: Vec<Value>,
    returns: Option<&str>,
) -> Value {
    let mut channel = json!({
        "kind": kind,
        "channel": format!("{namespace}:{name}"),
        "jsName": name,
        "rustName": name,
        "params": params,
    });
    if let Some(returns) = returns {
        channel["returns"] = json!(returns);
    }
    channel
}

/// The shapes of declaration ts-rs writes (from the type-fidelity corpus,
/// `tests/fidelity/corpus.rs`), and a few longer ones.
const DECLARATIONS: &[(&str, &str)] = &[
    ("Account", "type Account = { userId: number, displayName: string, URL: string, isAdmin: boolean, };"),
    ("Expr", "type Expr = { \"Number\": number } | { \"Negate\": Expr } | { \"Add\": [Expr, Expr] } | { \"Call\": { name: string, args: Array<Expr>, } };"),
    ("Extras", "type Extras = { id: string, } & ({ [key in string]: string });"),
    ("Failure", "type Failure = { \"NotFound\": { id: number, } } | \"Denied\" | { \"Invalid\": string };"),
    ("Hints", "type Hints = { id: number, hint?: string | null, };"),
    ("Input", "type Input = { \"type\": \"Idle\" } | { \"type\": \"Click\", x: number, y: number, } | { \"type\": \"Key\", code: string, repeat: boolean, } | { \"type\": \"Target\" } & Inner;"),
    ("Inner", "type Inner = { id: number, label: string, };"),
    ("Job", "type Job = { id: number, } & ({ \"state\": \"Queued\" } | { \"state\": \"Running\", progress: number, } | { \"state\": \"Failed\", reason: string, });"),
    ("JsonValue", "type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;"),
    ("Keyed", "type Keyed<K, V> = { key: K, value: V, };"),
    ("Maps", "type Maps = { by_name: { [key in string]: number }, by_id: { [key in number]: string }, by_small: { [key in number]: boolean }, };"),
    ("Marker", "type Marker = null;"),
    ("Message", "type Message = { \"t\": \"Ping\" } | { \"t\": \"Text\", \"c\": string } | { \"t\": \"Move\", \"c\": [number, number] } | { \"t\": \"Point\", \"c\": { x: number, y: number, } };"),
    ("Optionals", "type Optionals = { maybe: number | null, nested: string | null | null, list: Array<boolean> | null, };"),
    ("Pair", "type Pair = [number, string];"),
    ("Playback", "type Playback = \"fast-forward\" | { \"slow-motion\": { frameRate: number, keepAudio: boolean, } } | { \"STOP\": { atSecond: number, } };"),
    ("Documented", "type Documented = { \n/**\n * Assigned by the store, never reused.\n */\nid: number, \n/**\n * What to do.\n *\n * In a few words.\n */\ntitle: string, };"),
    ("Wide", "type Wide = { aVeryLongFieldNameNumberOne: \"first-literal-value\" | \"second-literal-value\" | \"third-literal-value\" | \"fourth\", nested: { first: string, second: number, third: boolean, fourth: Array<string>, fifth: { [key in string]: number } }, };"),
    ("Grid", "type Grid = Array<Array<{ row: number, column: number, value: string | null, note: string | null, color: string, }>>;"),
    ("Many", "type Many = \"alpha\" | \"beta\" | \"gamma\" | \"delta\" | \"epsilon\" | \"zeta\" | \"eta\" | \"theta\" | \"iota\" | \"kappa\" | \"lambda\";"),
    ("Tuple", "type Tuple = [{ a: number, }, string, Array<{ b: string, }>];"),
    ("Maybe", "type Maybe = { inner: { a: number, b: string, } | null, };"),
];

/// One schema with long names, every kind of channel, both kinds of
/// service, and the declarations above.
fn schema() -> Schema {
    let long =
        "aMethodNameLongEnoughToPushEveryGeneratedLineOverTheWidthOfOneHundredAndTwentyColumns";
    let rust = "aServiceWithARatherLongNamespace";
    let main = "mainProcessServiceWithLongNamespace";
    let types: Vec<Value> = DECLARATIONS
        .iter()
        .map(|(name, declaration)| json!({ "name": name, "declaration": declaration }))
        .collect();
    let many_params = vec![
        param("firstArgumentWithALongName", "Account"),
        param("secondArgumentWithALongName", "Array<Inner>"),
        param(
            "thirdArgumentWithALongName",
            "{ [key in string]: Array<[number, boolean]> } | null",
        ),
    ];
    let value = json!({
        "format": 1,
        "app": "biome-stress",
        "hash": "",
        "services": [
            {
                "name": "LongService",
                "namespace": rust,
                "docs": "A service whose names are long.",
                "implementation": "rust",
                "channels": [
                    channel(rust, "invoke", long, many_params.clone(), Some("Array<{ [key in string]: Array<[number, boolean]> } | null>")),
                    channel(rust, "invoke", "short", vec![], Some("Expr")),
                    channel(rust, "invoke", "hugs", vec![param("value", "{ [key in string]: number }")], Some("Keyed<string, Inner>")),
                    channel(rust, "send", &format!("{long}Send"), many_params.clone(), None),
                    channel(rust, "event", &format!("{long}Changed"), many_params.clone(), None),
                    channel(rust, "event", "small", vec![param("id", "number")], None),
                ],
            },
            {
                "name": "MainService",
                "namespace": main,
                "implementation": "main-js",
                "channels": [
                    channel(main, "invoke", long, many_params.clone(), Some("Wide")),
                    channel(main, "send", "note", vec![param("line", "string")], None),
                    channel(main, "event", &format!("{long}Happened"), many_params, None),
                ],
            },
        ],
        "types": types,
    });
    serde_json::from_value(value).unwrap()
}

#[test]
fn generated_files_pass_biome_check_unchanged() {
    let biome = root().join("node_modules/.bin/biome");
    assert!(
        biome.exists(),
        "Biome is missing: run `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci` in {}",
        root().display()
    );
    let files = electron_ipc_codegen::render_schemas(&[schema()]).unwrap();
    // Under the repository (Biome reads its biome.json from there), in a
    // package of its own that says its .js files are CommonJS scripts.
    let target = root().join("target");
    std::fs::create_dir_all(&target).unwrap();
    let dir = tempfile::Builder::new()
        .prefix("ipc-biome-")
        .tempdir_in(&target)
        .unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        "{ \"type\": \"commonjs\" }\n",
    )
    .unwrap();
    let mut paths = Vec::new();
    for file in &files {
        let path = dir.path().join(&file.name);
        std::fs::write(&path, &file.contents).unwrap();
        paths.push(path);
    }
    let output = Command::new(&biome)
        .arg("check")
        .arg("--vcs-enabled=false")
        .arg("--colors=off")
        .arg("--max-diagnostics=500")
        .args(&paths)
        .current_dir(root())
        .output()
        .unwrap();
    if !output.status.success() {
        let kept = dir.keep();
        panic!(
            "biome check failed (files kept in {}):\n{}{}",
            kept.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
