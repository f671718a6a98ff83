#!/usr/bin/env node
// Compile time added by `#[service]`: a 200-method service trait with the
// attribute, against the same trait without it plus the dispatch a user
// would write by hand (a `match` on the channel, serde_json in and out).
//
//   node benches/compile/run.js [runs]      (default 5 runs of each)
//
// Writes both crates to a temporary workspace that depends on this
// repository's ipc-runtime (with this repository's Cargo.lock, offline),
// warms the shared target folder with the very command each timed run uses,
// `cargo build -p <crate>`, once per crate (cargo resolves the features of
// the dependencies for the packages it is asked to build, so a build of the
// whole workspace leaves `-p by-hand` with serde and serde_json to compile
// again, with other features: that was a 4.6 s first run), then times
// `cargo build -p <crate>` of each crate after
// touching its source, alternating between the two, with incremental
// compilation off (so each build compiles the whole crate). Prints every
// run and the medians. Measures; does not pass or fail.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");
const METHODS = 200;
const RUNS = Number(process.argv[2] || 5);

/** The trait's methods: a few shapes of parameters and returns, cycled. */
function methods() {
  const shapes = [
    { params: [["id", "u32"]], tuple: "(u32,)", ret: "Option<Record>", body: "None" },
    {
      params: [
        ["title", "String"],
        ["done", "bool"],
      ],
      tuple: "(String, bool)",
      ret: "Record",
      body: "Record { id: 0, title, done }",
    },
    { params: [["ids", "Vec<u32>"]], tuple: "(Vec<u32>,)", ret: "u32", body: "ids.len() as u32" },
    { params: [["record", "Record"]], tuple: "(Record,)", ret: "Vec<Record>", body: "vec![record]" },
  ];
  return Array.from({ length: METHODS }, (_, i) => {
    const shape = shapes[i % shapes.length];
    const name = `method_${String(i).padStart(3, "0")}`;
    const js = `method${String(i).padStart(3, "0")}`;
    return { name, channel: `big:${js}`, ...shape };
  });
}

const RECORD = `
/// A record.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug)]
pub struct Record {
    /// Id.
    pub id: u32,
    /// Title.
    pub title: String,
    /// Done.
    pub done: bool,
}
`;

function traitAndImpl(attribute) {
  const list = methods();
  const signature = (m) => `fn ${m.name}(&self, ${m.params.map(([n, t]) => `${n}: ${t}`).join(", ")}) -> ${m.ret}`;
  return `${attribute}
pub trait Big {
${list.map((m) => `    /// Method ${m.name}.\n    ${signature(m)};`).join("\n")}
}

/// The implementation.
pub struct Impl;

#[allow(unused_variables)]
impl Big for Impl {
${list.map((m) => `    ${signature(m)} {\n        ${m.body}\n    }`).join("\n")}
}
`;
}

function withService() {
  return `//! 200 methods with #[service].
use electron_ipc::TS;
${RECORD.replace("Clone, Debug)]", "Clone, Debug, TS)]")}
${traitAndImpl('#[electron_ipc::service(namespace = "big")]')}
/// The router.
pub fn router() -> electron_ipc::Router {
    electron_ipc::Router::new().service(BigService::new(Impl))
}
`;
}

function byHand() {
  const list = methods();
  const arms = list.map((m) => {
    const names = m.params.map(([n]) => n);
    return `        "${m.channel}" => match serde_json::from_str::<${m.tuple}>(args) {
            Ok((${names.join(", ")},)) => ok(&imp.${m.name}(${names.join(", ")})),
            Err(error) => fail("ERR_BAD_ARGUMENTS", &error.to_string()),
        },`;
  });
  return `//! 200 methods dispatched by hand.
${RECORD}
${traitAndImpl("/// The service.")}
fn ok<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string(value) {
        Ok(json) => format!("{{\\"ok\\":true,\\"value\\":{json}}}"),
        Err(error) => fail("ERR_BAD_RESPONSE", &error.to_string()),
    }
}

fn fail(code: &str, message: &str) -> String {
    serde_json::json!({ "ok": false, "error": { "code": code, "message": message } }).to_string()
}

/// Answers one call with its envelope.
pub fn dispatch(channel: &str, args: &str) -> String {
    let imp = Impl;
    match channel {
${arms.join("\n")}
        _ => fail("ERR_UNKNOWN_CHANNEL", channel),
    }
}
`;
}

function writeWorkspace(dir) {
  const runtime = path.join(ROOT, "ipc-runtime");
  fs.writeFileSync(
    path.join(dir, "Cargo.toml"),
    `[workspace]
resolver = "2"
members = ["with-service", "by-hand"]
`,
  );
  fs.copyFileSync(path.join(ROOT, "Cargo.lock"), path.join(dir, "Cargo.lock"));
  const crates = {
    "with-service": {
      deps: `electron-ipc = { path = ${JSON.stringify(runtime)} }\nserde = { version = "1", features = ["derive"] }\nts-rs = { version = "12", features = ["serde-compat", "serde-json-impl"] }`,
      source: withService(),
    },
    "by-hand": { deps: `serde = { version = "1", features = ["derive"] }\nserde_json = "1"`, source: byHand() },
  };
  for (const [name, { deps, source }] of Object.entries(crates)) {
    fs.mkdirSync(path.join(dir, name, "src"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, name, "Cargo.toml"),
      `[package]
name = "${name}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
${deps}
`,
    );
    fs.writeFileSync(path.join(dir, name, "src", "lib.rs"), source);
  }
}

function cargo(dir, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync("cargo", args, {
    cwd: dir,
    env: { ...process.env, CARGO_INCREMENTAL: "0", CARGO_TARGET_DIR: path.join(dir, "target") },
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(result.stderr);
    throw new Error(`cargo ${args.join(" ")} failed`);
  }
  return seconds;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-compile-bench-"));
  try {
    writeWorkspace(dir);
    const times = { "with-service": [], "by-hand": [] };
    console.log(`workspace: ${dir}; warming the dependencies of each crate…`);
    for (const name of Object.keys(times)) {
      cargo(dir, ["build", "--offline", "--quiet", "-p", name]);
    }
    for (let run = 0; run < RUNS; run++) {
      for (const name of Object.keys(times)) {
        const lib = path.join(dir, name, "src", "lib.rs");
        const now = new Date();
        fs.utimesSync(lib, now, now);
        times[name].push(cargo(dir, ["build", "--offline", "--quiet", "-p", name]));
      }
    }
    console.log(`cargo build (dev profile, incremental off) of the crate alone, ${RUNS} runs each, seconds:`);
    for (const [name, values] of Object.entries(times)) {
      console.log(
        `  ${name.padEnd(13)} median ${median(values).toFixed(2)}  runs ${values.map((v) => v.toFixed(2)).join(" ")}`,
      );
    }
    const added = median(times["with-service"]) - median(times["by-hand"]);
    console.log(
      `  added by #[service] (200 methods): ${added.toFixed(2)} s (${(median(times["with-service"]) / median(times["by-hand"])).toFixed(2)}×)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
