#!/usr/bin/env bash
# Runs every test of the workspace, Rust and JavaScript, from a fresh clone.
#
#   ./scripts/test.sh
#
# Needs: Rust (stable), Node.js 20+ and npm. Installs the pinned npm
# dependencies (type declarations of Electron, TypeScript, Biome) without the
# Electron binary, builds the test addons, then runs the suites.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "npm ci (Electron's type declarations, TypeScript and Biome; no Electron binary)"
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

step "schemas/src/window_properties.rs is current with the pinned TypeScript's lib.dom.d.ts"
node schemas/scripts/window-globals.js --check

step "biome check (format and lint, warnings included): every JavaScript, TypeScript, CSS, HTML and hand-written JSON file (biome.json decides which)"
npx biome check --error-on-warnings .

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "cargo doc (no warnings: broken links fail)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace --all-features --quiet

step "cargo publish --dry-run (each published crate packages and builds on its own)"
# cargo builds the packaged crates from copies it unpacks into its registry
# cache, and reuses a copy of the same name and version: remove the copies of
# earlier runs, or this run would build their sources instead of today's.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/electron-ipc-*[0-9]
# The unpacked files all carry one fixed date, older than any build, so the
# build of an earlier run's copy would also count as fresh: forget it (its
# dep-info file names the registry copy's sources).
deps="${CARGO_TARGET_DIR:-target}/debug/deps"
for info in "$deps"/electron_ipc*.d; do
  [ -e "$info" ] && grep -q "/registry/src/[^/]*/electron-ipc-" "$info" || continue
  stem=$(basename "$info" .d)
  rm -rf "$deps/../.fingerprint/$(echo "${stem%-*}" | tr _ -)-${stem##*-}" "$info"
done
cargo publish --workspace --dry-run --allow-dirty --quiet

step "benchmarks compile (cargo build --benches, node --check; BENCHMARKS.md runs them)"
cargo build --benches -p ipc-benches
for script in benches/bridge/*.js benches/compile/*.js; do
  node --check "$script"
done

step "cargo test (unit, integration, trybuild, schema and JSON Schema staleness, golden files, tsc)"
cargo test --workspace

step "cargo test -p electron-ipc --features tracing (the dispatch spans)"
cargo test -p electron-ipc --features tracing --test dispatch_spans

step "the README's main job: generate the todos example's bindings, then check them"
cargo run -q -p electron-ipc-codegen -- generate
cargo run -q -p electron-ipc-codegen -- check

step "build the addons the JavaScript suites load (scripts/addons.txt)"
cargo build -q -p electron-ipc-codegen
while read -r package out; do
  [ -n "$package" ] && [ "${package#\#}" = "$package" ] || continue
  target/debug/ipc-codegen build-addon -p "$package" --out "$out"
done < scripts/addons.txt

step "node --test (Electron-faithful harness, generated preload and main glue, bridge)"
npm test --silent
