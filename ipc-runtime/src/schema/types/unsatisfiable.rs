//! Declarations no value satisfies.
//!
//! ts-rs declares two serde shapes as TypeScript types that admit no value,
//! so whatever Rust sends never type-checks, and the page cannot build an
//! argument that does:
//!
//! - a newtype variant of an internally tagged enum that holds a
//!   primitive, an array, a tuple, an `Option` or a unit
//!   (`#[serde(tag = "type")] enum Token { Code(String) }`): ts-rs writes
//!   `{ "type": "Code" } & string`, and serde cannot put a string next to a
//!   tag either, so every call returning it answers `ERR_BAD_RESPONSE`;
//! - a struct whose required field's type is not among the values of a map
//!   flattened into it (`id: u32` next to `#[serde(flatten)] rest:
//!   HashMap<String, String>`): `{ id: number } & { [key in string]: string }`.
//!
//! TypeScript accepts both declarations, so they are found here, from the
//! declaration ts-rs wrote and the Rust types the declaring type depends on
//! (ts-rs's [`TypeVisitor`]): each variant or field type is a known Rust
//! type whose TypeScript name is known, and the declaration is matched
//! exactly as ts-rs formats it.

use ts_rs::{Config, TypeVisitor, TS};

/// How many named newtypes to see through (`struct Meters(Length)`,
/// `struct Length(f64)`) before giving up on a type's shape.
const NEWTYPE_DEPTH: u8 = 8;

/// What a type is in JSON, as far as these checks care.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// `string`, `number`, `boolean` or `bigint`: the keyword.
    Scalar(String),
    /// `null`: a unit or a unit struct.
    Null,
    /// `Array<…>`.
    Array,
    /// `[…]`.
    Tuple,
    /// `… | null`.
    Optional,
    /// An object, a union, or anything else.
    Other,
}

impl Shape {
    /// What to call it in a message.
    fn describe(&self) -> String {
        match self {
            Shape::Scalar(keyword) => format!("a `{keyword}`"),
            Shape::Null => String::from("a unit (`null`)"),
            Shape::Array => String::from("an array"),
            Shape::Tuple => String::from("a tuple"),
            Shape::Optional => String::from("an `Option`"),
            Shape::Other => String::from("a value"),
        }
    }
}

/// The shape a TypeScript type written this way has, when the text says.
fn classify(ts: &str) -> Option<Shape> {
    match ts {
        "string" | "number" | "boolean" | "bigint" => Some(Shape::Scalar(ts.to_owned())),
        "null" => Some(Shape::Null),
        _ if ts.ends_with(" | null") => Some(Shape::Optional),
        _ if ts.starts_with("Array<") => Some(Shape::Array),
        _ if ts.starts_with('[') => Some(Shape::Tuple),
        _ if ts.starts_with('{') => Some(Shape::Other),
        _ => None,
    }
}

/// The shape of `T`: from its TypeScript name, or, for a named type, from
/// what it stands for (a newtype struct stands for its field's type).
fn shape<T: TS + 'static + ?Sized>(config: &Config, depth: u8) -> Shape {
    if let Some(shape) = classify(&T::name(config)) {
        return shape;
    }
    if T::output_path().is_none() || depth == 0 {
        return Shape::Other;
    }
    let inline = T::inline(config);
    if let Some(shape) = classify(&inline) {
        return shape;
    }
    // `struct Meters(Length)` is inlined as `Length`: follow it.
    let mut follow = Follow {
        config,
        name: inline,
        depth: depth - 1,
        shape: None,
    };
    T::visit_dependencies(&mut follow);
    follow.shape.unwrap_or(Shape::Other)
}

/// Finds the dependency named `name` and takes its shape.
struct Follow<'a> {
    config: &'a Config,
    name: String,
    depth: u8,
    shape: Option<Shape>,
}

impl TypeVisitor for Follow<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if self.shape.is_none() && T::name(self.config) == self.name {
            self.shape = Some(shape::<T>(self.config, self.depth));
        }
    }
}

/// A type the declaring type uses directly: its TypeScript name, as ts-rs
/// writes it in the declaration, and its shape.
#[derive(Debug)]
struct Dependency {
    name: String,
    shape: Shape,
}

struct Dependencies<'a> {
    config: &'a Config,
    found: Vec<Dependency>,
}

impl TypeVisitor for Dependencies<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        let name = T::name(self.config);
        if self.found.iter().all(|dependency| dependency.name != name) {
            let shape = shape::<T>(self.config, NEWTYPE_DEPTH);
            self.found.push(Dependency { name, shape });
        }
    }
}

/// Why no value satisfies the declaration of the named type `T`, if none
/// does: a sentence naming the variant or field and the fix.
pub(super) fn problem<T: TS + 'static + ?Sized>(config: &Config) -> Option<String> {
    // A generic type's declaration has placeholders (`type Page<T> = …`);
    // the shapes depend on the arguments of this use (`Page<string>`).
    let declaration = if T::ident(config) == T::name(config) {
        T::decl(config)
    } else {
        T::decl_concrete(config)
    };
    let body = without_comments(body(&declaration)?);
    let mut dependencies = Dependencies {
        config,
        found: Vec::new(),
    };
    T::visit_dependencies(&mut dependencies);
    let dependencies = dependencies.found;
    tagged_newtype(&body, &dependencies).or_else(|| flattened_map(&body, &dependencies))
}

/// `type Name<…> = <body>;` → `<body>`.
fn body(declaration: &str) -> Option<&str> {
    let rest = declaration.strip_prefix("type ")?;
    let (_, body) = rest.split_once(" = ")?;
    Some(body.trim_end().strip_suffix(';').unwrap_or(body))
}

/// The text without the `/** … */` doc comments ts-rs writes before
/// documented fields and variants, on one line: each run of whitespace one
/// space.
fn without_comments(text: &str) -> String {
    let mut uncommented = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/**") {
        uncommented.push_str(&rest[..start]);
        rest = match rest[start..].find("*/") {
            Some(end) => &rest[start + end + 2..],
            None => "",
        };
    }
    uncommented.push_str(rest);
    uncommented.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A newtype variant of an internally tagged enum whose content is not an
/// object. ts-rs writes such a variant `{ "<tag>": "<variant>" } & <name
/// of the content's type>`, one member of the enum's union.
fn tagged_newtype(body: &str, dependencies: &[Dependency]) -> Option<String> {
    let mut first: Option<(usize, String)> = None;
    for dependency in dependencies {
        if dependency.shape == Shape::Other {
            continue;
        }
        let needle = format!("\" }} & {}", dependency.name);
        for (at, _) in body.match_indices(&needle) {
            let after = &body[at + needle.len()..];
            if !(after.is_empty() || after.starts_with(" | ") || after.starts_with(')')) {
                continue;
            }
            let head = &body[..at];
            let Some(open) = head.rfind("{ \"") else {
                continue;
            };
            let before = &head[..open];
            if !(before.is_empty() || before.ends_with(" | ") || before.ends_with('(')) {
                continue;
            }
            let Some((tag, variant)) = head[open + 3..].split_once("\": \"") else {
                continue;
            };
            if tag.contains('"') || variant.contains('"') {
                continue;
            }
            // Several variants may be wrong: report the first one declared,
            // whatever order ts-rs visits the types in.
            if first.as_ref().is_some_and(|(earlier, _)| *earlier < open) {
                continue;
            }
            let member = &body[open..at + needle.len()];
            let what = dependency.shape.describe();
            let problem = if dependency.shape == Shape::Null {
                format!(
                    "its variant `{variant}` holds {what} next to the tag `{tag}`: serde sends \
                     `{{ \"{tag}\": \"{variant}\" }}`, but no value satisfies the declaration \
                     `{member}`; make it a unit variant (`{variant}`)"
                )
            } else {
                format!(
                    "its variant `{variant}` holds {what} next to the tag `{tag}` \
                     (`#[serde(tag = \"{tag}\")]`): serde can neither send nor receive it (every \
                     call returning it answers ERR_BAD_RESPONSE), and no value satisfies the \
                     declaration `{member}`; tag the enum adjacently (`#[serde(tag = \"{tag}\", \
                     content = \"value\")]`) or make the variant a struct variant \
                     (`{variant} {{ value: … }}`)"
                )
            };
            first = Some((open, problem));
        }
    }
    first.map(|(_, problem)| problem)
}

/// A required field whose type no value of a flattened map's value type
/// can have. ts-rs writes such a struct `{ <fields> } & ({ [key in string]:
/// <V> })`.
fn flattened_map(body: &str, dependencies: &[Dependency]) -> Option<String> {
    let parts = split_top_level(body, " & ");
    let fields = parts.first()?.strip_prefix("{ ")?.strip_suffix('}')?;
    let values: Vec<&str> = parts[1..]
        .iter()
        .filter_map(|part| {
            part.strip_prefix("({ [key in string]: ")?
                .strip_suffix(" })")
        })
        .collect();
    for value in values {
        let Some(Shape::Scalar(keyword)) = resolve(value, dependencies) else {
            continue;
        };
        for field in split_top_level(fields, ",") {
            let field = field.trim();
            let Some((name, ty)) = field.split_once(": ") else {
                continue;
            };
            if name.ends_with('?') {
                // An optional field may be absent: some values satisfy both.
                continue;
            }
            let members = split_top_level(ty, " | ");
            if members
                .iter()
                .all(|member| excludes(member, &keyword, dependencies))
            {
                return Some(format!(
                    "its field `{name}` is `{ty}`, but the map flattened next to it \
                     (`#[serde(flatten)]`) declares every key a `{value}`: no object satisfies \
                     `{{ {name}: {ty}, … }} & {{ [key in string]: {value} }}`, so what serde \
                     sends never type-checks; give the map values that cover the field (an enum \
                     of both, or `serde_json::Value`), or move the map into a field of its own"
                ));
            }
        }
    }
    None
}

/// The shape of a type written `ts` in a declaration whose dependencies
/// are `dependencies`.
fn resolve(ts: &str, dependencies: &[Dependency]) -> Option<Shape> {
    classify(ts).or_else(|| {
        dependencies
            .iter()
            .find(|dependency| dependency.name == ts)
            .map(|dependency| dependency.shape.clone())
    })
}

/// Whether no value of the type written `member` is a `keyword`
/// (`string`, `number`, …). Unknown types are given the benefit of the
/// doubt.
fn excludes(member: &str, keyword: &str, dependencies: &[Dependency]) -> bool {
    let literal = if member.starts_with('"') {
        Some("string")
    } else if member == "true" || member == "false" {
        Some("boolean")
    } else if member.parse::<f64>().is_ok() {
        Some("number")
    } else {
        None
    };
    if let Some(literal) = literal {
        return literal != keyword;
    }
    match resolve(member, dependencies) {
        Some(Shape::Scalar(other)) => other != keyword,
        Some(Shape::Null | Shape::Array | Shape::Tuple) => true,
        Some(Shape::Other) => member.starts_with('{'),
        Some(Shape::Optional) | None => false,
    }
}

/// Splits `text` at `separator` where it is not nested in brackets or a
/// string literal.
fn split_top_level<'a>(text: &'a str, separator: &str) -> Vec<&'a str> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if in_string {
            match byte {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b'(' | b'[' | b'{' | b'<' => depth += 1,
                b')' | b']' | b'}' | b'>' => depth = depth.saturating_sub(1),
                _ if depth == 0 && text[i..].starts_with(separator) => {
                    parts.push(&text[start..i]);
                    i += separator.len();
                    start = i;
                    continue;
                }
                _ => {}
            }
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use serde::Serialize;

    use super::*;

    fn problem_of<T: TS + 'static>() -> Option<String> {
        problem::<T>(&Config::new().with_large_int("number"))
    }

    #[derive(Serialize, TS)]
    #[allow(dead_code)]
    struct Inner {
        id: u32,
    }

    #[derive(Serialize, TS)]
    #[allow(dead_code)]
    struct Meters(f64);

    #[derive(Serialize, TS)]
    #[allow(dead_code)]
    struct Length(Meters);

    #[derive(Serialize, TS)]
    #[allow(dead_code)]
    struct Marker;

    #[derive(Serialize, TS)]
    #[serde(tag = "type")]
    #[allow(dead_code)]
    enum Token {
        Code(String),
        Plain,
    }

    #[derive(Serialize, TS)]
    #[serde(tag = "kind", rename_all = "camelCase")]
    #[allow(dead_code)]
    enum Several {
        Fine {
            a: u8,
        },
        /// Documented.
        Inner(Inner),
        Counts(Vec<u32>),
        Pair((u8, String)),
        Maybe(Option<Inner>),
        Unit(()),
        /// Documented.
        Mark(Marker),
        Long(Length),
        Flag(bool),
    }

    #[derive(Serialize, TS)]
    #[serde(tag = "type")]
    #[allow(dead_code)]
    enum Generic<T> {
        Of(T),
    }

    #[derive(Serialize, TS)]
    #[serde(tag = "type", content = "value")]
    #[allow(dead_code)]
    enum Adjacent {
        Code(String),
    }

    #[derive(Serialize, TS)]
    #[serde(tag = "type")]
    #[allow(dead_code)]
    enum Fine {
        Unit,
        Struct { code: String },
        Newtype(Inner),
        Map(HashMap<String, u8>),
    }

    #[test]
    fn an_internally_tagged_newtype_of_a_primitive_is_found() {
        let problem = problem_of::<Token>().expect("no value satisfies `Token`");
        assert!(problem.contains("variant `Code`"), "{problem}");
        assert!(problem.contains("a `string`"), "{problem}");
        assert!(problem.contains("tag `type`"), "{problem}");
        assert!(
            problem.contains(r#"`{ "type": "Code" } & string`"#),
            "{problem}"
        );
        assert!(
            problem.contains(r#"#[serde(tag = "type", content = "value")]"#),
            "{problem}"
        );
        assert!(problem.contains("struct variant"), "{problem}");
    }

    #[test]
    fn every_shape_without_an_object_is_found_and_the_first_declared_is_named() {
        let problem = problem_of::<Several>().unwrap();
        assert!(
            problem.contains("variant `counts` holds an array"),
            "{problem}"
        );
        for (variant, shape) in [
            ("Counts", "an array"),
            ("Pair", "a tuple"),
            ("Maybe", "an `Option`"),
            ("Unit", "a unit"),
            ("Mark", "a unit"),
            ("Long", "a `number`"),
            ("Flag", "a `boolean`"),
        ] {
            // One offending variant at a time, in a copy of the body.
            let body =
                format!(r#"{{ "kind": "fine", a: number, }} | {{ "kind": "{variant}" }} & X"#);
            let shape_of = match shape {
                "an array" => Shape::Array,
                "a tuple" => Shape::Tuple,
                "an `Option`" => Shape::Optional,
                "a unit" => Shape::Null,
                "a `number`" => Shape::Scalar("number".into()),
                _ => Shape::Scalar("boolean".into()),
            };
            let dependencies = [Dependency {
                name: "X".into(),
                shape: shape_of,
            }];
            let problem = tagged_newtype(&body, &dependencies).unwrap();
            assert!(
                problem.contains(&format!("variant `{variant}` holds {shape}")),
                "{problem}"
            );
        }
    }

    #[test]
    fn the_real_shapes_of_several_variants_are_told_apart() {
        let config = Config::new().with_large_int("number");
        let mut dependencies = Dependencies {
            config: &config,
            found: Vec::new(),
        };
        Several::visit_dependencies(&mut dependencies);
        let shape_of = |name: &str| {
            dependencies
                .found
                .iter()
                .find(|dependency| dependency.name == name)
                .map(|dependency| dependency.shape.clone())
        };
        assert_eq!(shape_of("Inner"), Some(Shape::Other));
        assert_eq!(shape_of("Array<number>"), Some(Shape::Array));
        assert_eq!(shape_of("[number, string]"), Some(Shape::Tuple));
        assert_eq!(shape_of("Inner | null"), Some(Shape::Optional));
        assert_eq!(shape_of("null"), Some(Shape::Null));
        assert_eq!(shape_of("Marker"), Some(Shape::Null));
        assert_eq!(shape_of("Length"), Some(Shape::Scalar("number".into())));
        assert_eq!(shape_of("boolean"), Some(Shape::Scalar("boolean".into())));
    }

    #[test]
    fn a_generic_enum_is_judged_at_its_arguments() {
        assert!(problem_of::<Generic<Inner>>().is_none());
        let problem = problem_of::<Generic<u32>>().unwrap();
        assert!(
            problem.contains("variant `Of` holds a `number`"),
            "{problem}"
        );
    }

    #[test]
    fn the_fixes_and_the_shapes_that_work_pass() {
        assert_eq!(problem_of::<Adjacent>(), None);
        assert_eq!(problem_of::<Fine>(), None);
        assert_eq!(problem_of::<Inner>(), None);
    }

    #[derive(Serialize, TS)]
    #[allow(dead_code)]
    struct Conflicting {
        /// The id.
        id: u32,
        #[serde(flatten)]
        rest: HashMap<String, String>,
    }

    #[derive(Serialize, TS)]
    #[allow(dead_code)]
    struct Covered {
        id: String,
        label: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        count: Option<u32>,
        #[serde(flatten)]
        rest: HashMap<String, String>,
    }

    #[derive(Serialize, TS)]
    #[allow(dead_code)]
    struct NumericKeys {
        id: u32,
        #[serde(flatten)]
        rest: BTreeMap<u32, String>,
    }

    #[derive(Serialize, TS)]
    #[allow(dead_code)]
    struct LooseValues {
        id: u32,
        #[serde(flatten)]
        rest: HashMap<String, serde_json::Value>,
    }

    #[derive(Serialize, TS)]
    #[allow(dead_code)]
    struct NewtypeField {
        length: Meters,
        #[serde(flatten)]
        rest: HashMap<String, String>,
    }

    #[test]
    fn a_field_a_flattened_map_excludes_is_found() {
        let problem = problem_of::<Conflicting>().expect("no value satisfies `Conflicting`");
        assert!(problem.contains("field `id` is `number`"), "{problem}");
        assert!(problem.contains("every key a `string`"), "{problem}");
        assert!(problem.contains("serde_json::Value"), "{problem}");
        let problem = problem_of::<NewtypeField>().unwrap();
        assert!(problem.contains("field `length` is `Meters`"), "{problem}");
    }

    #[test]
    fn fields_some_value_of_the_map_satisfies_pass() {
        assert_eq!(problem_of::<Covered>(), None);
        assert_eq!(problem_of::<NumericKeys>(), None);
        assert_eq!(problem_of::<LooseValues>(), None);
    }

    #[test]
    fn splitting_respects_nesting_and_strings() {
        assert_eq!(
            split_top_level(r#"{ a: "x | y" } | Array<A | B> | [C, D] | E"#, " | "),
            [r#"{ a: "x | y" }"#, "Array<A | B>", "[C, D]", "E"]
        );
        assert_eq!(without_comments("a /** b, } */\n c"), "a c");
        assert_eq!(body("type A<T> = T | null;"), Some("T | null"));
    }
}
