//! Collects the TypeScript declarations a service needs, through ts-rs.

mod unsatisfiable;

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};

use ts_rs::{TypeVisitor, TS};

use super::{SchemaError, TypeDecl};

/// The TypeScript declarations of every named type the services use, each
/// once, all produced with one ts-rs [`ts_rs::Config`].
///
/// 64- and 128-bit integers are declared as `number`: the runtime refuses
/// values beyond ±(2^53−1) in both directions (see `docs/wire.md`).
pub struct TypeRegistry {
    config: ts_rs::Config,
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
    /// An empty registry with the project's ts-rs configuration.
    pub fn new() -> Self {
        TypeRegistry {
            config: ts_rs::Config::new().with_large_int("number"),
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
        T::name(&self.config)
    }

    fn register<T: TS + 'static + ?Sized>(&mut self) {
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
                        declaration: T::decl(&self.config),
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
            T::visit_dependencies(&mut Visitor(self));
            T::visit_generics(&mut Visitor(self));
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
        if let Some((name, problem)) = self.unsatisfiable {
            return Err(SchemaError::UnsatisfiableType { name, problem });
        }
        Ok(self.decls.into_values().map(|(_, decl)| decl).collect())
    }
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
}
