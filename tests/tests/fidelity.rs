//! The type-fidelity suite ("the declarations never lie"): see
//! `tests/src/fidelity/mod.rs` and `docs/type-fidelity.md`.
//!
//! Needs Node.js and the workspace's npm packages
//! (`ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci` at the repository root).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::Command;

use electron_ipc::{ErrorCode, Response};
use ipc_tests::fidelity::corpus::{self, Failure, Inner, Maps, Signed, Unsigned};
use ipc_tests::fidelity::{push_const, root, typescript, Bench, TsProject, PRELUDE};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Values per corpus type and direction.
const VALUES_PER_TYPE: usize = 200;
/// The seed of every run: the same values each time.
const SEED: u64 = 0x1dc_2025;

fn runner() -> TestRunner {
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&SEED.to_le_bytes());
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    )
}

/// The value of a successful response as TypeScript (its bytes as
/// `new Uint8Array([…])`), or a failure naming what was sent.
fn value_of(response: &Response, what: &dyn Fn() -> String) -> String {
    match response.value() {
        Some(value) => typescript(value.get(), response.buffers()),
        None => panic!(
            "{} was answered with an error: {}",
            what(),
            response.to_json()
        ),
    }
}

/// Rust → page: every value a handler returns, as the envelope carries it.
/// Returns the TypeScript constants, plus the mutations that must not compile.
fn outbound_constants(bench: &Bench, per_type: usize) -> String {
    let mut runner = runner();
    let mut out = String::new();
    for case in corpus::cases() {
        let js = bench.js_name("outbound", case.method);
        let ty = format!("Out<\"{js}\">");
        writeln!(out, "\n// outbound.{js}: {}", case.rust_type).unwrap();
        for i in 0..per_type {
            let value = case
                .strategy
                .new_tree(&mut runner)
                .expect("the strategy generates")
                .current();
            bench.fixture.put(value);
            let response = bench.call(&format!("outbound:{js}"), "[]");
            let json = value_of(&response, &|| format!("outbound:{js} value #{i}"));
            push_const(&mut out, &format!("out_{js}_{i}"), &ty, &json);
        }
        for (i, mutation) in case.mutations.iter().enumerate() {
            writeln!(out, "// @ts-expect-error: a mutation of {}", case.rust_type).unwrap();
            push_const(&mut out, &format!("bad_{js}_{i}"), &ty, mutation);
        }
    }
    out
}

/// `fallible` and `aliased_result`: the `Ok` value, the `ERR_HANDLER` data.
fn result_constants(bench: &Bench, per_type: usize) -> String {
    let mut runner = runner();
    let strategy = corpus::strategies::fallible();
    let mut out = String::from("\n// outbound.fallible and outbound.aliasedResult\n");
    let mut errors = 0;
    for i in 0..per_type {
        let value = strategy.new_tree(&mut runner).unwrap().current();
        bench.fixture.put(Box::new(value.clone()));
        let response = bench.call("outbound:fallible", "[]");
        match (&value, response.error()) {
            (Ok(_), None) => {
                let json = value_of(&response, &|| format!("fallible #{i}"));
                push_const(&mut out, &format!("ok_{i}"), "Out<\"fallible\">", &json);
            }
            (Err(_), Some(error)) => {
                assert_eq!(error.code, ErrorCode::Handler, "{}", response.to_json());
                let data = error.data.as_ref().expect("ERR_HANDLER carries data");
                push_const(
                    &mut out,
                    &format!("err_{i}"),
                    "HandlerData<OutboundFallibleError>",
                    data.get(),
                );
                errors += 1;
            }
            _ => panic!("{value:?} answered {}", response.to_json()),
        }
        bench.fixture.put(Box::new(value));
        let response = bench.call("outbound:aliasedResult", "[]");
        let json = value_of(&response, &|| format!("aliasedResult #{i}"));
        push_const(
            &mut out,
            &format!("aliased_{i}"),
            "Out<\"aliasedResult\">",
            &json,
        );
    }
    assert!(errors > 0, "the strategy produced no error value");
    for (i, mutation) in [
        r#"{ "NotFound": { id: "1" } }"#,
        r#""NotFound""#,
        r#"{ "Invalid": 1 }"#,
    ]
    .iter()
    .enumerate()
    {
        writeln!(out, "// @ts-expect-error: a mutation of Failure").unwrap();
        push_const(
            &mut out,
            &format!("bad_err_{i}"),
            "HandlerData<OutboundFallibleError>",
            mutation,
        );
    }
    out
}

/// One line of `conforming-values.js`.
#[derive(serde::Deserialize)]
struct Conforming {
    alias: String,
    tame: serde_json::Value,
    wild: serde_json::Value,
    extended: serde_json::Value,
}

/// How many inbound values decoded, and how many were refused as out of range.
#[derive(Default, Debug)]
struct InboundTally {
    decoded: usize,
    out_of_range: usize,
    extra_refused: usize,
}

/// The methods whose argument holds an externally tagged enum (extra
/// properties next to its tag) or a `deny_unknown_fields` struct: serde
/// refuses extra properties there, and only there.
const EXTRA_PROPERTIES_REFUSED: &[&str] = &["shape", "playback", "expr", "mixed", "strict"];

/// Page → Rust: values generated from the declarations by TypeScript's
/// checker go through the router as arguments. Returns the constants that
/// check the generated values against the declaration (so the generator
/// cannot drift) and the echoed values against the return declaration.
fn inbound_constants(
    bench: &Bench,
    project: &TsProject,
    per_type: usize,
) -> (String, InboundTally) {
    let mut aliases = String::from("import type { InboundApi } from \"./ipc\";\n");
    let mut methods = BTreeMap::new();
    for case in corpus::cases() {
        let js = bench.js_name("inbound", case.method);
        writeln!(
            aliases,
            "export type Arg_{js} = Parameters<InboundApi[\"{js}\"]>[0];"
        )
        .unwrap();
        methods.insert(format!("Arg_{js}"), js);
    }
    project.write("arguments.ts", &aliases);
    let output = Command::new("node")
        .arg(root().join("tests/fidelity/conforming-values.js"))
        .arg(project.path())
        .arg(per_type.to_string())
        .arg(SEED.to_string())
        .output()
        .expect("node runs (Node.js 20+ is needed)");
    assert!(
        output.status.success(),
        "conforming-values.js failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut out = String::from("\n// inbound: generated from the declarations\n");
    let mut tally = InboundTally::default();
    for (n, line) in String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .enumerate()
    {
        let value: Conforming = serde_json::from_str(line).expect("a JSON line");
        let js = &methods[&value.alias];
        let channel = format!("inbound:{js}");
        let arg = format!("Arg<\"{js}\">");
        let echo = format!("Echo<\"{js}\">");

        // Within every Rust range: must decode, and the echo must type-check.
        let tame = value.tame.to_string();
        push_const(
            &mut out,
            &format!("tame_{n}"),
            &arg,
            &typescript(&tame, &[]),
        );
        let response = bench.call(&channel, &format!("[{tame}]"));
        let echoed = value_of(&response, &|| format!("{channel}({tame}) (in range)"));
        push_const(&mut out, &format!("tame_echo_{n}"), &echo, &echoed);
        tally.decoded += 1;

        // Extra properties: the tame value plus some, on objects without an
        // index signature. TypeScript's structural typing accepts them on
        // any object that is not a fresh literal (a spread, a variable), so
        // a page may well send them.
        let extended = value.extended.to_string();
        if extended != tame {
            let response = bench.call(&channel, &format!("[{extended}]"));
            match response.error() {
                None => {
                    let echoed = value_of(&response, &|| unreachable!());
                    push_const(&mut out, &format!("extended_echo_{n}"), &echo, &echoed);
                }
                Some(error) => {
                    // serde refuses them only in the one-key object of an
                    // externally tagged enum (docs/type-fidelity.md).
                    assert!(
                        EXTRA_PROPERTIES_REFUSED.contains(&js.as_str())
                            && error.code == ErrorCode::BadArguments,
                        "{channel}({extended}) refused extra properties: {}",
                        response.to_json()
                    );
                    tally.extra_refused += 1;
                }
            }
        }

        // Anywhere in `number` and `string`: decodes, or is refused as out of
        // range. Its tame twin has the same structure and decoded, so only a
        // leaf value can be to blame.
        let wild = value.wild.to_string();
        push_const(
            &mut out,
            &format!("wild_{n}"),
            &arg,
            &typescript(&wild, &[]),
        );
        let response = bench.call(&channel, &format!("[{wild}]"));
        match response.error() {
            None => {
                let echoed = value_of(&response, &|| unreachable!());
                push_const(&mut out, &format!("wild_echo_{n}"), &echo, &echoed);
                tally.decoded += 1;
            }
            Some(error) => {
                assert_eq!(
                    error.code,
                    ErrorCode::BadArguments,
                    "{channel}({wild}) failed otherwise than out of range: {}",
                    response.to_json()
                );
                assert!(
                    error.message.starts_with("invalid argument `value`"),
                    "{channel}({wild}): {}",
                    error.message
                );
                tally.out_of_range += 1;
            }
        }
    }
    (out, tally)
}

/// The whole suite, checked by one `tsc` run: Rust → page values, page →
/// Rust values and their echoes, and the mutations that must not compile.
#[test]
fn declarations_hold_for_every_value_both_ways() {
    let bench = Bench::new();
    let project = TsProject::new(&bench.declarations());
    let mut file = String::from(PRELUDE);
    file.push_str(&outbound_constants(&bench, VALUES_PER_TYPE));
    file.push_str(&result_constants(&bench, VALUES_PER_TYPE));
    let (inbound, tally) = inbound_constants(&bench, &project, VALUES_PER_TYPE);
    file.push_str(&inbound);
    project.write("values.ts", &file);

    let cases = corpus::cases().len();
    assert!(cases >= 30, "the corpus has {cases} types");
    // Every type sees wild values refused somewhere (the range gap is real)
    // yet most decode: a generator that only produced refused values would
    // prove nothing.
    assert!(
        tally.out_of_range > 0 && tally.decoded > tally.out_of_range,
        "{tally:?}"
    );

    let constants = file.matches("\nconst ").count();
    println!("fidelity: {cases} types, {constants} constants type-checked; inbound {tally:?}");
    let (passed, printed) = project.check();
    if !passed {
        let kept = project.dir.keep();
        panic!(
            "a declaration disagrees with the values (files kept in {}):\n{printed}",
            kept.display()
        );
    }
}

/// The suite's sensitivity: the same kind of file, checked against a
/// declaration made wrong on purpose, must fail, at the wrong spot.
#[test]
fn a_wrong_declaration_fails_the_suite() {
    let bench = Bench::new();
    let declarations = bench.declarations();
    let mut file = String::from(PRELUDE);
    file.push_str(&outbound_constants(&bench, 32));
    file.push_str(&result_constants(&bench, 32));

    let faithful = TsProject::new(&declarations);
    faithful.write("values.ts", &file);
    let (passed, printed) = faithful.check();
    assert!(passed, "the faithful declarations fail:\n{printed}");

    let sabotage = [
        // A `number` turned into a `string`.
        (
            "export type Unsigned = {\n  a: number;",
            "export type Unsigned = {\n  a: string;",
            "out_unsigned_",
        ),
        // A `| null` dropped.
        (
            "  maybe: number | null;",
            "  maybe: number;",
            "out_optionals_",
        ),
        // A variant dropped.
        ("\n  | { Square: number }", "", "out_shape_"),
        // A field made looser: the mutations must notice.
        (
            "export type Inner = {\n  id: number;\n  label: string;\n};",
            "export type Inner = {\n  id: number;\n  label?: unknown;\n};",
            "bad_outer_",
        ),
    ];
    for (from, to, culprit) in sabotage {
        assert!(declarations.contains(from), "`{from}` is not in ipc.d.ts");
        let wrong = TsProject::new(&declarations.replacen(from, to, 1));
        wrong.write("values.ts", &file);
        let (passed, printed) = wrong.check();
        assert!(!passed, "tsc accepted `{to}` in place of `{from}`");
        assert!(
            printed.contains("values.ts") && printed.contains("error TS"),
            "{printed}"
        );
        let errors: Vec<&str> = printed.lines().filter(|l| l.contains("error TS")).collect();
        let lines: Vec<&str> = file.lines().collect();
        let blamed = errors.iter().any(|error| {
            // `values.ts(LINE,COL): error TS…`
            error
                .split_once('(')
                .and_then(|(_, rest)| rest.split_once(','))
                .and_then(|(line, _)| line.parse::<usize>().ok())
                .is_some_and(|line| {
                    let text = lines[line - 1];
                    let previous = if line >= 2 { lines[line - 2] } else { "" };
                    text.contains(culprit) || previous.contains(culprit)
                })
        });
        assert!(blamed, "no error at `{culprit}` for `{to}`:\n{printed}");
    }
}

/// Integers beyond ±(2^53−1) never reach the page as a rounded `number`:
/// a handler returning one answers `ERR_BAD_RESPONSE`, a page sending one
/// gets `ERR_BAD_ARGUMENTS`.
#[test]
fn unsafe_integers_are_refused_not_mistyped() {
    const UNSAFE: u64 = 1 << 53;
    let bench = Bench::new();
    let unsigned = Unsigned {
        a: 0,
        b: 0,
        c: 0,
        d: 0,
        e: 0,
        f: 0,
    };
    let signed = Signed {
        a: 0,
        b: 0,
        c: 0,
        d: 0,
        e: 0,
        f: 0,
    };
    let maps = Maps {
        by_name: Default::default(),
        by_id: Default::default(),
        by_small: Default::default(),
    };
    // The control: the largest safe integer goes through.
    bench.fixture.put(Box::new(Unsigned {
        d: UNSAFE - 1,
        ..unsigned.clone()
    }));
    let response = bench.call("outbound:unsigned", "[]");
    assert!(response.is_ok(), "{}", response.to_json());

    let refused: Vec<(&str, Box<dyn std::any::Any + Send>)> = vec![
        (
            "unsigned",
            Box::new(Unsigned {
                d: UNSAFE,
                ..unsigned.clone()
            }),
        ),
        (
            "unsigned",
            Box::new(Unsigned {
                e: u128::MAX,
                ..unsigned.clone()
            }),
        ),
        (
            "unsigned",
            Box::new(Unsigned {
                f: usize::MAX,
                ..unsigned
            }),
        ),
        (
            "signed",
            Box::new(Signed {
                d: i64::MIN,
                ..signed.clone()
            }),
        ),
        (
            "signed",
            Box::new(Signed {
                e: -(UNSAFE as i128),
                ..signed.clone()
            }),
        ),
        (
            "signed",
            Box::new(Signed {
                f: isize::MIN,
                ..signed
            }),
        ),
        (
            "maps",
            Box::new(Maps {
                by_id: [(UNSAFE, String::new())].into(),
                ..maps
            }),
        ),
        (
            "json",
            Box::new(serde_json::json!({ "deep": [[u64::MAX]] })),
        ),
    ];
    for (method, value) in refused {
        let js = bench.js_name("outbound", method);
        bench.fixture.put(value);
        let response = bench.call(&format!("outbound:{js}"), "[]");
        assert_eq!(
            response.error().map(|e| e.code),
            Some(ErrorCode::BadResponse),
            "outbound:{js}: {}",
            response.to_json()
        );
    }
    for (method, arg) in [
        (
            "unsigned",
            r#"{"a":0,"b":0,"c":0,"d":9007199254740992,"e":0,"f":0}"#,
        ),
        (
            "signed",
            r#"{"a":0,"b":0,"c":0,"d":0,"e":-9007199254740992,"f":0}"#,
        ),
        (
            "maps",
            r#"{"by_name":{},"by_id":{"18446744073709551615":"x"},"by_small":{"1":true}}"#,
        ),
        ("json", r#"[1, {"a": 9007199254740993}]"#),
    ] {
        let js = bench.js_name("inbound", method);
        let response = bench.call(&format!("inbound:{js}"), &format!("[{arg}]"));
        let error = response
            .error()
            .unwrap_or_else(|| panic!("{method} accepted {arg}"));
        assert_eq!(
            error.code,
            ErrorCode::BadArguments,
            "{}",
            response.to_json()
        );
        assert!(
            error.message.contains("beyond ±(2^53-1)"),
            "{}",
            error.message
        );
    }
    // Error data obeys the same rule.
    bench
        .fixture
        .put(Box::new(Err::<Inner, _>(Failure::NotFound {
            id: u32::MAX,
        })));
    assert_eq!(
        bench
            .call("outbound:fallible", "[]")
            .error()
            .map(|e| e.code),
        Some(ErrorCode::Handler)
    );
}

/// The shapes where ts-rs's declaration disagrees with serde unless the
/// type says more (`docs/type-fidelity.md`): each disagreement is real
/// today. When a ts-rs release fixes one, its `@ts-expect-error` goes
/// unused, this test fails, and the documentation needs updating.
#[test]
fn known_ts_rs_disagreements_are_real() {
    use electron_ipc::schema::TypeRegistry;
    use ipc_tests::fidelity::corpus::{HintsWithoutDefault, TransparentWithoutAs};
    use ts_rs::TS;

    let registry = TypeRegistry::new();
    let config = registry.config();
    let declarations = format!(
        "export {}\nexport {}\n",
        HintsWithoutDefault::decl(config),
        TransparentWithoutAs::decl(config)
    );
    let hints = serde_json::to_string(&HintsWithoutDefault { id: 1, hint: None }).unwrap();
    let transparent = serde_json::to_string(&TransparentWithoutAs { raw: 7 }).unwrap();
    assert_eq!((hints.as_str(), transparent.as_str()), (r#"{"id":1}"#, "7"));

    let project = TsProject::new(&declarations);
    project.write(
        "values.ts",
        &format!(
            "import type {{ HintsWithoutDefault, TransparentWithoutAs }} from \"./ipc\";\n\
             // @ts-expect-error: serde omits `hint`, ts-rs requires it\n\
             export const hints: HintsWithoutDefault = {hints};\n\
             // @ts-expect-error: serde sends the inner value, ts-rs declares the struct\n\
             export const transparent: TransparentWithoutAs = {transparent};\n"
        ),
    );
    let (passed, printed) = project.check();
    assert!(
        passed,
        "a known disagreement is gone; update docs/type-fidelity.md:\n{printed}"
    );
}

/// A non-finite float is declared `number` but serde_json writes it as
/// `null`. The runtime should refuse it (`ERR_BAD_RESPONSE`), as it refuses
/// unsafe integers; that check belongs in `ipc-runtime`'s encoder.
#[test]
fn non_finite_floats_are_refused_not_sent_as_null() {
    use ipc_tests::fidelity::corpus::Floats;
    let bench = Bench::new();
    for (single, double) in [
        (f32::NAN, 0.0),
        (0.0, f64::INFINITY),
        (0.0, f64::NEG_INFINITY),
    ] {
        bench.fixture.put(Box::new(Floats { single, double }));
        let response = bench.call("outbound:floats", "[]");
        assert_eq!(
            response.error().map(|e| e.code),
            Some(ErrorCode::BadResponse),
            "{}",
            response.to_json()
        );
    }
}

/// serde casts an `f64` argument to `f32` (`1e39 as f32` is infinity):
/// a number beyond `f32::MAX` should be refused as out of range instead.
#[test]
fn f32_arguments_beyond_range_are_refused() {
    let bench = Bench::new();
    let response = bench.call("inbound:floats", r#"[{"single":1e39,"double":0}]"#);
    assert_eq!(
        response.error().map(|e| e.code),
        Some(ErrorCode::BadArguments),
        "{}",
        response.to_json()
    );
}

/// Shapes whose declaration no value satisfies (`docs/type-fidelity.md`):
/// the problem is real (serde cannot send the tagged newtype, and
/// TypeScript refuses even what serde sends for the flattened map), and
/// the schema refuses both, naming the type, the variant or field, and the
/// fix; the fixes cross (`tagged_adjacently`, `tagged_structs` in the
/// corpus).
#[test]
fn declarations_no_value_satisfies_are_refused() {
    use electron_ipc::schema::{SchemaError, TypeRegistry};
    use ipc_tests::fidelity::corpus::{
        FlattenConflict, TaggedPrimitive, UnsatisfiableFlattenService, UnsatisfiableTaggedService,
    };
    use ts_rs::TS;

    // The problem is real.
    let error = serde_json::to_string(&TaggedPrimitive::Code("x".into())).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("cannot serialize tagged newtype variant"),
        "{error}"
    );
    let sent = serde_json::to_string(&FlattenConflict {
        id: 1,
        rest: [("note".to_owned(), "x".to_owned())].into(),
    })
    .unwrap();
    let registry = TypeRegistry::new();
    let config = registry.config();
    let project = TsProject::new(&format!(
        "export {}\nexport {}\n",
        TaggedPrimitive::decl(config),
        FlattenConflict::decl(config)
    ));
    project.write(
        "values.ts",
        &format!(
            "import type {{ FlattenConflict, TaggedPrimitive }} from \"./ipc\";\n\
             // @ts-expect-error: the tag alone is not a string\n\
             export const tag: TaggedPrimitive = {{ type: \"Code\" }};\n\
             // @ts-expect-error: a string has no tag\n\
             export const text: TaggedPrimitive = \"x\";\n\
             // @ts-expect-error: what serde sends: `id` is not a string\n\
             export const sent: FlattenConflict = {sent};\n"
        ),
    );
    let (passed, printed) = project.check();
    assert!(
        passed,
        "a declaration admits a value now; update docs/type-fidelity.md:\n{printed}"
    );

    // The schema refuses them.
    let bench = Bench::new();
    for (router, name, blamed) in [
        (
            electron_ipc::Router::new()
                .service(UnsatisfiableTaggedService::new(bench.fixture.clone())),
            "TaggedPrimitive",
            "variant `Code`",
        ),
        (
            electron_ipc::Router::new()
                .service(UnsatisfiableFlattenService::new(bench.fixture.clone())),
            "FlattenConflict",
            "field `id`",
        ),
    ] {
        let error = router.schema("fidelity").unwrap_err();
        let SchemaError::UnsatisfiableType {
            name: found,
            problem,
        } = &error
        else {
            panic!("{name}: {error}");
        };
        assert_eq!(found, name);
        assert!(problem.contains(blamed), "{problem}");
        assert!(
            problem.contains("content = \"value\"") || problem.contains("serde_json::Value"),
            "{problem}"
        );
    }
    // The corpus, fixes included, is accepted.
    assert!(bench.router.schema("fidelity").is_ok());
}

/// `ipc.d.ts` of the corpus, whose declarations cover the shapes ts-rs
/// writes, reads as Biome formats TypeScript: every declaration was laid
/// out (none is left as ts-rs's one line, `{ a: number, }`), and
/// `biome format` and `biome lint` (with the repository's `biome.json`)
/// leave it as it is. `tsc` compiles it in the tests above.
#[test]
fn the_declarations_are_laid_out_as_biome_formats_them() {
    let declarations = Bench::new().declarations();
    let raw: Vec<&str> = declarations
        .lines()
        .filter(|line| line.contains(", }") || line.contains(", };"))
        .collect();
    assert!(
        raw.is_empty(),
        "declarations left as ts-rs wrote them:\n{}",
        raw.join("\n")
    );

    let biome = root().join("node_modules/.bin/biome");
    assert!(
        biome.exists(),
        "Biome is missing: run `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci` in {}",
        root().display()
    );
    let run = |command: &str| {
        let mut child = Command::new(&biome)
            .args([command, "--stdin-file-path=ipc.d.ts"])
            .current_dir(root())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("biome runs");
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), declarations.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let formatted = run("format");
    assert!(
        formatted.status.success(),
        "{}",
        String::from_utf8_lossy(&formatted.stderr)
    );
    let formatted = String::from_utf8(formatted.stdout).unwrap();
    if let Some((line, (ours, biomes))) = declarations
        .lines()
        .zip(formatted.lines())
        .enumerate()
        .find(|(_, (ours, biomes))| ours != biomes)
    {
        panic!(
            "biome formats ipc.d.ts differently from line {}:\n  generated: {ours}\n  biome:     {biomes}",
            line + 1
        );
    }
    assert_eq!(
        declarations, formatted,
        "biome formats ipc.d.ts differently at its end"
    );
    // Lint (and the rest of `check`) on a file: Biome reads stdin only to format.
    let dir = tempfile::Builder::new()
        .prefix("ipc-fidelity-biome-")
        .tempdir_in(root().join("target"))
        .expect("a temporary folder under target/");
    let file = dir.path().join("ipc.d.ts");
    std::fs::write(&file, &declarations).unwrap();
    let checked = Command::new(&biome)
        .args(["check", "--vcs-enabled=false", "--colors=off"])
        .arg(&file)
        .current_dir(root())
        .output()
        .expect("biome runs");
    assert!(
        checked.status.success(),
        "biome check:\n{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
}
