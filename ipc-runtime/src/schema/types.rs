//! Collects the TypeScript declarations a service needs, through ts-rs.

mod unsatisfiable;

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};

use ts_rs::{TypeVisitor, TS};

use super::{Int64, SchemaError, TypeDecl};

/// The TypeScript declarations of every named type the services use, each
/// once, all produced with one ts-rs [`ts_rs::Config`].
///
/// 64- and 128-bit integers are declared as the app's [`Int64`] policy
/// says: `number` by default (the runtime refuses values beyond ±(2^53−1)
/// in both directions), or `bigint`, with map keys of them declared
/// `` `${bigint}` `` (see `docs/wire.md`, "64-bit integers").
pub struct TypeRegistry {
    config: ts_rs::Config,
    int64: Int64,
    /// The named type being registered, to say where a refused type is.
    within: Option<String>,
    /// The first `usize`/`isize` met under [`Int64::BigInt`], and where.
    pointer_sized: Option<(&'static str, Option<String>)>,
    decls: BTreeMap<String, (TypeId, TypeDecl)>,
    /// Named types already registered, each instantiation of a generic
    /// type apart (`Page<Todo>`, `Page<String>`).
    named: HashSet<TypeId>,
    /// Unnamed types (`Vec<T>`, `Option<T>`, …) already walked.
    walked: HashSet<TypeId>,
    conflicts: Vec<String>,
    /// The first type whose declaration no value satisfies, and why.
    unsatisfiable: Option<(String, String)>,
}

impl std::fmt::Debug for TypeRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypeRegistry")
            .field("types", &self.decls.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Default for TypeRegistry {
    fn default() -> Self {
        TypeRegistry::new()
    }
}

impl TypeRegistry {
    /// An empty registry with the project's ts-rs configuration, under the
    /// default integer policy ([`Int64::Number`]).
    pub fn new() -> Self {
        TypeRegistry::with_int64(Int64::Number)
    }

    /// An empty registry whose 64- and 128-bit integers follow `int64`.
    pub fn with_int64(int64: Int64) -> Self {
        TypeRegistry {
            config: ts_rs::Config::new().with_large_int(int64.ts_type()),
            int64,
            within: None,
            pointer_sized: None,
            decls: BTreeMap::new(),
            named: HashSet::new(),
            walked: HashSet::new(),
            conflicts: Vec::new(),
            unsatisfiable: None,
        }
    }

    /// The ts-rs configuration every declaration is produced with.
    pub fn config(&self) -> &ts_rs::Config {
        &self.config
    }

    /// Registers `T` and everything it depends on; returns the TypeScript
    /// type to write where a `T` is used (e.g. `Array<Todo>`).
    pub fn ts<T: TS + 'static + ?Sized>(&mut self) -> String {
        self.register::<T>();
        self.map_keys(T::name(&self.config))
    }

    /// ts-rs writes a map `{ [key in K]?: V }`, and TypeScript allows no
    /// `bigint` there: under [`Int64::BigInt`] a key of a 64-bit integer is
    /// declared `` `${bigint}` ``, the decimal string JSON makes of it.
    fn map_keys(&self, ts: String) -> String {
        if self.int64 == Int64::BigInt && ts.contains("[key in bigint]") {
            ts.replace("[key in bigint]", "[key in `${bigint}`]")
        } else {
            ts
        }
    }

    fn register<T: TS + 'static + ?Sized>(&mut self) {
        if self.int64 == Int64::BigInt {
            // ts-rs's wrappers visit their contents' dependencies without
            // the visitor, so a type may first be met without its holder:
            // the holder met later wins.
            let known = self
                .pointer_sized
                .as_ref()
                .map(|(_, within)| within.is_some());
            if known != Some(true) {
                if let Some(rust) = pointer_sized::<T>() {
                    if known.is_none() || self.within.is_some() {
                        self.pointer_sized = Some((rust, self.within.clone()));
                    }
                }
            }
        }
        // Named types (derived `TS`) have a declaration; primitives and
        // wrappers such as `Vec` or `Option` do not, but their contents may.
        if T::output_path().is_some() {
            // Marked before visiting dependencies: recursive types then
            // find themselves already registered.
            if !self.named.insert(TypeId::of::<T>()) {
                return;
            }
            let name = T::ident(&self.config);
            let id = TypeId::of::<T::WithoutGenerics>();
            match self.decls.get(&name) {
                // Another instantiation of a generic type: one declaration,
                // but its arguments may bring types of their own.
                Some((existing, _)) if *existing == id => {}
                Some(_) => {
                    if !self.conflicts.contains(&name) {
                        self.conflicts.push(name);
                    }
                    return;
                }
                None => {
                    let decl = TypeDecl {
                        name: name.clone(),
                        declaration: self.map_keys(T::decl(&self.config)),
                        docs: T::docs().map(|jsdoc| plain_docs(&jsdoc)),
                    };
                    self.decls.insert(name, (id, decl));
                }
            }
            if self.unsatisfiable.is_none() {
                if let Some(problem) = unsatisfiable::problem::<T>(&self.config) {
                    self.unsatisfiable = Some((T::name(&self.config), problem));
                }
            }
            let outer = self.within.replace(T::name(&self.config));
            T::visit_dependencies(&mut Visitor(self));
            T::visit_generics(&mut Visitor(self));
            self.within = outer;
        } else if self.walked.insert(TypeId::of::<T>()) {
            // ts-rs's wrappers forward `visit_dependencies` to their
            // contents' own `visit_dependencies`, bypassing the visitor: for
            // a recursive type (`struct Tree { children: Vec<Tree> }`) that
            // would come back here forever without this guard.
            T::visit_dependencies(&mut Visitor(self));
            T::visit_generics(&mut Visitor(self));
        }
    }

    pub(crate) fn into_decls(self) -> Result<Vec<TypeDecl>, SchemaError> {
        if let Some(name) = self.conflicts.into_iter().next() {
            return Err(SchemaError::DuplicateTypeName { name });
        }
        if let Some((rust, within)) = self.pointer_sized {
            return Err(SchemaError::PointerSizedInteger { rust, within });
        }
        if let Some((name, problem)) = self.unsatisfiable {
            return Err(SchemaError::UnsatisfiableType { name, problem });
        }
        Ok(self.decls.into_values().map(|(_, decl)| decl).collect())
    }
}

/// `usize`, `isize` or a `NonZero` of one: declared `number` by ts-rs
/// whatever its configuration, but written by serde as a 64-bit integer.
fn pointer_sized<T: 'static + ?Sized>() -> Option<&'static str> {
    use std::num::{NonZeroIsize, NonZeroUsize};
    let id = TypeId::of::<T>();
    [
        (TypeId::of::<usize>(), "usize"),
        (TypeId::of::<isize>(), "isize"),
        (TypeId::of::<NonZeroUsize>(), "NonZeroUsize"),
        (TypeId::of::<NonZeroIsize>(), "NonZeroIsize"),
    ]
    .into_iter()
    .find_map(|(other, rust)| (id == other).then_some(rust))
}

struct Visitor<'a>(&'a mut TypeRegistry);

impl TypeVisitor for Visitor<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        self.0.register::<T>();
    }
}

/// Turns ts-rs's JSDoc block back into the plain doc text.
fn plain_docs(jsdoc: &str) -> String {
    let lines: Vec<&str> = jsdoc
        .lines()
        .map(str::trim)
        .filter(|line| *line != "/**" && *line != "*/")
        .map(|line| {
            let line = line.strip_prefix('*').unwrap_or(line);
            line.strip_prefix(' ').unwrap_or(line)
        })
        .collect();
    lines.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A type that holds itself through a wrapper.
    #[derive(TS)]
    #[allow(dead_code)]
    struct Tree {
        children: Vec<Tree>,
        parent: Option<Box<Tree>>,
    }

    #[test]
    fn recursive_types_are_registered_once() {
        let mut types = TypeRegistry::new();
        assert_eq!(types.ts::<Vec<Tree>>(), "Array<Tree>");
        let decls = types.into_decls().unwrap();
        let names: Vec<_> = decls.iter().map(|decl| decl.name.as_str()).collect();
        assert_eq!(names, ["Tree"]);
        assert!(
            decls[0]
                .declaration
                .contains("children: Array<Tree>, parent: Tree | null"),
            "{}",
            decls[0].declaration
        );
    }

    /// A generic struct.
    #[derive(TS)]
    #[allow(dead_code)]
    struct Page<T> {
        items: Vec<T>,
    }

    /// A type only the second use of [`Page`] mentions.
    #[derive(TS)]
    #[allow(dead_code)]
    struct Secret {
        code: u32,
    }

    #[test]
    fn every_instantiation_of_a_generic_type_registers_its_arguments() {
        let mut types = TypeRegistry::new();
        assert_eq!(types.ts::<Page<String>>(), "Page<string>");
        assert_eq!(types.ts::<Page<Secret>>(), "Page<Secret>");
        let decls = types.into_decls().unwrap();
        let names: Vec<_> = decls.iter().map(|decl| decl.name.as_str()).collect();
        assert_eq!(names, ["Page", "Secret"]);
    }

    /// An internally tagged enum with a newtype variant of a string.
    #[derive(TS, serde::Serialize)]
    #[serde(tag = "type")]
    #[allow(dead_code)]
    enum Token {
        Code(String),
    }

    #[test]
    fn a_declaration_no_value_satisfies_is_refused_with_the_type_named() {
        let mut types = TypeRegistry::new();
        types.ts::<Vec<Token>>();
        let error = types.into_decls().unwrap_err();
        let SchemaError::UnsatisfiableType { name, problem } = &error else {
            panic!("{error:?}");
        };
        assert_eq!(name, "Token");
        assert!(problem.contains("variant `Code`"), "{problem}");
        let message = error.to_string();
        assert!(
            message.starts_with("no value satisfies the TypeScript declaration of `Token`"),
            "{message}"
        );
    }

    /// A type with every shape of 64-bit integer: field, nested, map key.
    #[derive(TS)]
    #[allow(dead_code)]
    struct Ledger {
        total: u64,
        delta: i64,
        wide: Option<u128>,
        by_account: std::collections::HashMap<u64, Vec<i64>>,
        count: u32,
    }

    #[test]
    fn large_integers_are_numbers_by_default() {
        let mut types = TypeRegistry::new();
        assert_eq!(types.ts::<u64>(), "number");
        types.ts::<Ledger>();
        let decls = types.into_decls().unwrap();
        assert_eq!(
            decls[0].declaration,
            "type Ledger = { total: number, delta: number, wide: number | null, \
             by_account: { [key in number]: Array<number> }, count: number, };"
        );
    }

    #[test]
    fn large_integers_are_bigints_under_the_bigint_policy_and_map_keys_their_decimal_text() {
        let mut types = TypeRegistry::with_int64(Int64::BigInt);
        assert_eq!(types.ts::<u64>(), "bigint");
        assert_eq!(types.ts::<i128>(), "bigint");
        assert_eq!(types.ts::<u32>(), "number");
        assert_eq!(
            types.ts::<std::collections::BTreeMap<i64, u8>>(),
            "{ [key in `${bigint}`]: number }"
        );
        types.ts::<Ledger>();
        let decls = types.into_decls().unwrap();
        assert_eq!(
            decls[0].declaration,
            "type Ledger = { total: bigint, delta: bigint, wide: bigint | null, \
             by_account: { [key in `${bigint}`]: Array<bigint> }, count: number, };"
        );
    }

    /// A type holding a `usize`, which serde writes as a `u64`.
    #[derive(TS)]
    #[allow(dead_code)]
    struct Cursor {
        offset: usize,
    }

    #[test]
    fn pointer_sized_integers_are_refused_under_the_bigint_policy_with_their_holder() {
        let mut types = TypeRegistry::with_int64(Int64::BigInt);
        types.ts::<Vec<Cursor>>();
        let error = types.into_decls().unwrap_err();
        assert_eq!(
            error,
            SchemaError::PointerSizedInteger {
                rust: "usize",
                within: Some("Cursor".to_owned())
            }
        );
        let message = error.to_string();
        assert!(
            message.starts_with("`usize` is used in `Cursor`"),
            "{message}"
        );
        assert!(message.contains("use `u64`/`i64`"), "{message}");

        let mut types = TypeRegistry::with_int64(Int64::BigInt);
        types.ts::<isize>();
        assert_eq!(
            types.into_decls().unwrap_err(),
            SchemaError::PointerSizedInteger {
                rust: "isize",
                within: None
            }
        );

        // Under the default policy both are numbers, as declared.
        let mut types = TypeRegistry::new();
        types.ts::<Vec<Cursor>>();
        types.ts::<isize>();
        assert!(types.into_decls().is_ok());
    }
}
