//! The type-fidelity suite: for every type that crosses the boundary, the
//! value the page receives type-checks against its declaration, and every
//! value the declaration lets a page send decodes in Rust.
//! `docs/type-fidelity.md` lists the shapes and what the project does.
//!
//! The declarations come from the real pipeline: the `#[service]` traits of
//! [`corpus`], their schema, `ipc-codegen`'s `ipc.d.ts`. The values go
//! through the real router. TypeScript (`node_modules/.bin/tsc`) judges.

pub mod corpus;
pub mod gen;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use electron_ipc::schema::Schema;
use electron_ipc::{Buffers, Context, Reply, Response, Router};
use serde_json::Value;

use corpus::{Fixture, InboundService, OutboundService};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
        .to_path_buf()
}

/// The TypeScript compilers every declaration is checked with: the pinned
/// 5.x and the current 7.x (the native compiler, `typescript-7` in
/// package.json), each as `(name, path of its bin/tsc)`; a failure says how
/// to install them when they are missing.
pub fn compilers() -> Vec<(&'static str, PathBuf)> {
    let compilers = vec![
        (
            "TypeScript 5 (pinned)",
            root().join("node_modules/typescript/bin/tsc"),
        ),
        (
            "TypeScript 7",
            root().join("node_modules/typescript-7/bin/tsc"),
        ),
    ];
    for (name, tsc) in &compilers {
        assert!(
            tsc.exists(),
            "{name} is missing: run `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci` in {}",
            root().display()
        );
    }
    compilers
}

/// Runs one compiler's `tsc` with `args`: whether it passed, and what it printed.
pub fn run_tsc(tsc: &Path, args: &[&std::ffi::OsStr]) -> (bool, String) {
    let output = Command::new("node")
        .arg(tsc)
        .args(args)
        .output()
        .expect("node runs tsc");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), printed)
}

/// The router serving both corpus services, its fixture and its schema.
pub struct Bench {
    /// The router serving `outbound` and `inbound`.
    pub router: Router,
    /// Where a test puts the value the next outbound call returns.
    pub fixture: Fixture,
    /// The router's schema.
    pub schema: Schema,
}

impl Default for Bench {
    fn default() -> Self {
        Bench::new()
    }
}

impl Bench {
    /// Both corpus services on one router, with their schema.
    pub fn new() -> Self {
        let fixture = Fixture::default();
        let router = Router::new()
            .service(OutboundService::new(fixture.clone()))
            .service(InboundService::new(fixture.clone()));
        let schema = router
            .schema("fidelity")
            .expect("the corpus describes itself");
        Bench {
            router,
            fixture,
            schema,
        }
    }

    /// `ipc.d.ts` as `ipc-codegen` renders it for the corpus.
    pub fn declarations(&self) -> String {
        electron_ipc_codegen::render_schemas(std::slice::from_ref(&self.schema))
            .expect("ipc-codegen renders the corpus")
            .into_iter()
            .find(|file| file.name == "ipc.d.ts")
            .expect("ipc-codegen writes ipc.d.ts")
            .contents
    }

    /// The JavaScript name of a Rust method of a namespace.
    pub fn js_name(&self, namespace: &str, rust_name: &str) -> String {
        self.schema
            .services
            .iter()
            .find(|service| service.namespace == namespace)
            .and_then(|service| {
                service
                    .channels
                    .iter()
                    .find(|channel| channel.rust_name == rust_name)
            })
            .unwrap_or_else(|| panic!("no method `{rust_name}` in `{namespace}`"))
            .js_name
            .clone()
    }

    /// One call through the router (every corpus handler is sync). The
    /// Uint8Arrays of `args` (conforming-values.js's markers) go beside the
    /// JSON, as the main glue sends them.
    pub fn call(&self, channel: &str, args: &str) -> Response {
        let (args, bytes) = beside_the_json(args);
        let slices: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
        let buffers = Buffers::new(&slices);
        match self
            .router
            .call_with_buffers(channel, &args, &buffers, Context::default())
        {
            Reply::Ready(response) => response,
            Reply::Pending(_) => panic!("`{channel}` answered later; corpus handlers are sync"),
        }
    }
}

/// A temporary folder holding `ipc.d.ts`, a `tsconfig.json` and the files
/// to check.
pub struct TsProject {
    /// The folder, removed when dropped.
    pub dir: tempfile::TempDir,
}

impl TsProject {
    /// A project whose `ipc.d.ts` holds `declarations`.
    pub fn new(declarations: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("ipc-fidelity-")
            .tempdir()
            .expect("a temporary folder");
        std::fs::write(dir.path().join("ipc.d.ts"), declarations).expect("write ipc.d.ts");
        let tsconfig = serde_json::json!({
            "compilerOptions": {
                "strict": true,
                "noEmit": true,
                "target": "ES2022",
                "module": "ESNext",
                "moduleResolution": "Bundler",
                "lib": ["ES2022", "DOM"],
                "types": [],
                "skipLibCheck": false,
            },
            "include": ["*.ts"],
        });
        std::fs::write(
            dir.path().join("tsconfig.json"),
            serde_json::to_string_pretty(&tsconfig).unwrap(),
        )
        .expect("write tsconfig.json");
        TsProject { dir }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file of the project.
    pub fn write(&self, name: &str, contents: &str) {
        std::fs::write(self.path().join(name), contents).expect("write a .ts file");
    }

    /// Runs `tsc --strict --noEmit` over the folder; returns whether it
    /// passed and what it printed.
    pub fn check(&self) -> (bool, String) {
        let config = self.path().join("tsconfig.json");
        let args: Vec<&std::ffi::OsStr> = vec![
            "-p".as_ref(),
            config.as_os_str(),
            "--strict".as_ref(),
            "--noEmit".as_ref(),
            "--pretty".as_ref(),
            "false".as_ref(),
        ];
        // Every compiler must judge alike: a value one accepts and the other
        // refuses is a finding in itself.
        let mut verdicts = compilers()
            .into_iter()
            .map(|(name, tsc)| (name, run_tsc(&tsc, &args)));
        let (first, (passed, printed)) = verdicts.next().expect("at least one compiler");
        for (name, (other, other_printed)) in verdicts {
            assert_eq!(
                passed,
                other,
                "{first} and {name} disagree on {}:\n{first}:\n{printed}\n{name}:\n{other_printed}",
                self.path().display()
            );
        }
        (passed, printed)
    }
}

/// The head of every generated `.ts` file: the helper types that name a
/// method's declared return, argument and typed error.
pub const PRELUDE: &str = "\
// Generated by the type-fidelity suite (tests/fidelity): every constant
// below is a value Rust produced or a page may send, checked against the
// declarations of ipc.d.ts.
import type { InboundApi, OutboundApi, OutboundFallibleError } from \"./ipc\";

/** What `window.outbound[K]()` resolves with. */
type Out<K extends keyof OutboundApi> = Awaited<ReturnType<OutboundApi[K]>>;
/** The argument of `window.inbound[K](value)`. */
type Arg<K extends keyof InboundApi> = Parameters<InboundApi[K]>[0];
/** What `window.inbound[K](value)` resolves with. */
type Echo<K extends keyof InboundApi> = Awaited<ReturnType<InboundApi[K]>>;
/** The `data` of an `ERR_HANDLER` rejection. */
type HandlerData<E> = Extract<E, { code: \"ERR_HANDLER\" }> extends { data: infer D } ? D : never;

export {};
";

/// The key conforming-values.js writes a Uint8Array under:
/// `{ "$uint8array": [bytes] }`.
const UINT8ARRAY: &str = "$uint8array";

/// The key of the runtime's placeholders of bytes (docs/wire.md, "Bytes").
const PLACEHOLDER: &str = "$ipcBytes";

/// `args` with each Uint8Array marker replaced by a placeholder, and the
/// bytes the placeholders name, in order.
fn beside_the_json(args: &str) -> (String, Vec<Vec<u8>>) {
    fn walk(value: &mut Value, bytes: &mut Vec<Vec<u8>>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Array(items)) = map.get(UINT8ARRAY) {
                    let data = items.iter().map(|b| b.as_u64().unwrap() as u8).collect();
                    bytes.push(data);
                    *value = serde_json::json!({ PLACEHOLDER: bytes.len() - 1 });
                } else {
                    map.values_mut().for_each(|item| walk(item, bytes));
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| walk(item, bytes)),
            _ => {}
        }
    }
    if !args.contains(UINT8ARRAY) {
        return (args.to_owned(), Vec::new());
    }
    let mut value: Value = serde_json::from_str(args).expect("the arguments are JSON");
    let mut bytes = Vec::new();
    walk(&mut value, &mut bytes);
    (value.to_string(), bytes)
}

/// JSON text as a TypeScript expression, with each Uint8Array (a
/// placeholder naming one of `buffers`, or a marker of
/// conforming-values.js) written as `new Uint8Array([…])`.
pub fn typescript(json: &str, buffers: &[Vec<u8>]) -> String {
    fn uint8array(bytes: impl Iterator<Item = u64>) -> String {
        let list: Vec<String> = bytes.map(|b| b.to_string()).collect();
        format!("new Uint8Array([{}])", list.join(", "))
    }
    fn write(value: &Value, buffers: &[Vec<u8>], out: &mut String) {
        match value {
            Value::Object(map) if map.len() == 1 && map.contains_key(PLACEHOLDER) => {
                let index = map[PLACEHOLDER].as_u64().unwrap() as usize;
                out.push_str(&uint8array(buffers[index].iter().map(|&b| u64::from(b))));
            }
            Value::Object(map) if map.len() == 1 && map.contains_key(UINT8ARRAY) => {
                let items = map[UINT8ARRAY].as_array().unwrap();
                out.push_str(&uint8array(items.iter().map(|b| b.as_u64().unwrap())));
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (key, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&Value::from(key.as_str()).to_string());
                    out.push_str(": ");
                    write(item, buffers, out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write(item, buffers, out);
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
    if buffers.is_empty() && !json.contains(UINT8ARRAY) {
        return json.to_owned();
    }
    let value: Value = serde_json::from_str(json).expect("a JSON value");
    let mut out = String::new();
    write(&value, buffers, &mut out);
    out
}

/// Appends `const <name>: <ty> = <json>;` to `out`.
///
/// JSON text is a JavaScript expression; U+2028 and U+2029 (which JSON
/// leaves raw inside strings) are escaped so that TypeScript's line numbers
/// match the file's lines.
pub fn push_const(out: &mut String, name: &str, ty: &str, json: &str) {
    let json = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    writeln!(out, "const {name}: {ty} = {json};").unwrap();
}
