//! The merged view of every schema that one run generates from: services
//! sorted by namespace, types by name, every name checked once so that the
//! emitters can trust what they print.

use std::collections::BTreeMap;

use electron_ipc::schema::{
    ChannelKindSchema, ChannelSchema, Implementation, ServiceSchema, TypeDecl,
};

use crate::input::SchemaFile;
use crate::Error;

/// Every service and type of the run.
#[derive(Debug)]
pub(crate) struct Model {
    /// `app sha256:…` of each schema, sorted by app.
    pub(crate) sources: Vec<String>,
    /// App and hash of each schema, sorted by app.
    pub(crate) schemas: Vec<(String, String)>,
    /// Services sorted by namespace.
    pub(crate) services: Vec<Service>,
    /// Type declarations sorted by name, each once.
    pub(crate) types: Vec<TypeDecl>,
}

/// One service and the names the generated code gives it.
#[derive(Debug)]
pub(crate) struct Service {
    pub(crate) schema: ServiceSchema,
    /// `Todos` for namespace `todos`: prefix of `TodosApi`, `createTodosApi`, …
    pub(crate) pascal: String,
}

impl Service {
    pub(crate) fn namespace(&self) -> &str {
        &self.schema.namespace
    }

    pub(crate) fn channels(&self) -> &[ChannelSchema] {
        &self.schema.channels
    }

    pub(crate) fn is_main_js(&self) -> bool {
        self.schema.implementation == Implementation::MainJs
    }

    /// `TodosApi`.
    pub(crate) fn api_type(&self) -> String {
        format!("{}Api", self.pascal)
    }

    /// `TodosAddError`, the alias of a method's typed error.
    pub(crate) fn error_alias(&self, channel: &ChannelSchema) -> String {
        format!("{}{}Error", self.pascal, pascal_case(&channel.js_name))
    }
}

/// The property a channel takes on the service object: `add`, or `onChanged`
/// for an event.
pub(crate) fn member_name(channel: &ChannelSchema) -> String {
    match channel.kind {
        ChannelKindSchema::Event => format!("on{}", pascal_case(&channel.js_name)),
        ChannelKindSchema::Invoke | ChannelKindSchema::Send => channel.js_name.clone(),
    }
}

/// `todoStore` → `TodoStore`.
pub(crate) fn pascal_case(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// Names the generated declarations export besides the schema's types.
const OWN_TYPE_NAMES: &[&str] = &[
    "IpcError",
    "IpcErrorBase",
    "IpcErrorCode",
    "IpcBadArgumentsData",
    "IpcChannel",
];

/// The global TypeScript types the generated declarations refer to by name
/// (`Array<T>` in ts-rs's declarations, `Promise<T>` for every invoke,
/// `Record` in `main.d.cts`): a schema type of the same name would shadow
/// them and the declarations would not compile. `tests/globals.rs` reads
/// the generated declarations to keep this list complete.
const GLOBAL_TYPE_NAMES: &[&str] = &["Array", "Promise", "Record"];

/// Property names that would break the object the preload exposes.
const FORBIDDEN_NAMES: &[&str] = &["__proto__", "constructor", "prototype", "then"];

impl Model {
    /// Merges the schemas, refusing anything two of them claim differently.
    pub(crate) fn build(files: &[SchemaFile]) -> Result<Model, Error> {
        let mut namespaces: BTreeMap<String, String> = BTreeMap::new();
        let mut pascal_names: BTreeMap<String, String> = BTreeMap::new();
        let mut channels: BTreeMap<String, String> = BTreeMap::new();
        let mut types: BTreeMap<String, (TypeDecl, String)> = BTreeMap::new();
        let mut services = Vec::new();
        let mut sources = Vec::new();
        let mut schema_ids = Vec::new();

        for file in files {
            let schema = &file.schema;
            let file_name = file.path.display().to_string();
            sources.push(format!("{} {}", schema.app, schema.hash));
            schema_ids.push((schema.app.clone(), schema.hash.clone()));
            for service in &schema.services {
                let origin = format!("{file_name} (trait {})", service.name);
                check_service(file, service)?;
                claim(&mut namespaces, &service.namespace, &origin, || {
                    format!("the namespace `{}`", service.namespace)
                })?;
                let pascal = pascal_case(&service.namespace);
                claim(&mut pascal_names, &pascal, &origin, || {
                    format!("the generated name `{pascal}Api`")
                })?;
                for channel in &service.channels {
                    claim(&mut channels, &channel.channel, &origin, || {
                        format!("the channel `{}`", channel.channel)
                    })?;
                }
                services.push(Service {
                    schema: service.clone(),
                    pascal,
                });
            }
            for decl in &schema.types {
                if let Some((existing, first)) = types.get(&decl.name) {
                    if existing.declaration != decl.declaration {
                        return Err(Error::Conflict {
                            what: format!(
                                "the type `{}` (with two different declarations)",
                                decl.name
                            ),
                            first: first.clone(),
                            second: file_name.clone(),
                        });
                    }
                    continue;
                }
                types.insert(decl.name.clone(), (decl.clone(), file_name.clone()));
            }
        }

        // Generated names must not shadow the schema's types.
        for service in &services {
            let mut generated = vec![service.api_type()];
            generated.extend(
                service
                    .channels()
                    .iter()
                    .filter(|c| c.error.is_some())
                    .map(|c| service.error_alias(c)),
            );
            for name in generated {
                if let Some((_, file)) = types.get(&name) {
                    return Err(Error::Conflict {
                        what: format!("the TypeScript name `{name}`"),
                        first: format!("{file} (a Rust type)"),
                        second: format!(
                            "the declarations generated for namespace `{}`",
                            service.namespace()
                        ),
                    });
                }
            }
        }
        for name in OWN_TYPE_NAMES {
            if let Some((_, file)) = types.get(*name) {
                return Err(Error::Conflict {
                    what: format!("the TypeScript name `{name}`"),
                    first: format!("{file} (a Rust type)"),
                    second: "the declarations ipc-codegen always generates".to_owned(),
                });
            }
        }

        for name in GLOBAL_TYPE_NAMES {
            if let Some((_, file)) = types.get(*name) {
                return Err(Error::InvalidName {
                    path: file.into(),
                    message: format!(
                        "the type `{name}` has the name of the global TypeScript type `{name}` that the \
                         generated declarations use, so they would not compile: rename the Rust type, \
                         or give it another TypeScript name with `#[ts(rename = \"…\")]`"
                    ),
                });
            }
        }

        services.sort_by(|a, b| a.schema.namespace.cmp(&b.schema.namespace));
        sources.sort();
        schema_ids.sort();
        Ok(Model {
            sources,
            schemas: schema_ids,
            services,
            types: types.into_values().map(|(decl, _)| decl).collect(),
        })
    }

    pub(crate) fn has_main_js(&self) -> bool {
        self.services.iter().any(Service::is_main_js)
    }
}

fn claim(
    claimed: &mut BTreeMap<String, String>,
    key: &str,
    origin: &str,
    what: impl FnOnce() -> String,
) -> Result<(), Error> {
    if let Some(first) = claimed.get(key) {
        return Err(Error::Conflict {
            what: what(),
            first: first.clone(),
            second: origin.to_owned(),
        });
    }
    claimed.insert(key.to_owned(), origin.to_owned());
    Ok(())
}

/// The names of a service become JavaScript identifiers and properties; a
/// schema is build input, but a name that is not an identifier must never
/// turn into code.
fn check_service(file: &SchemaFile, service: &ServiceSchema) -> Result<(), Error> {
    let fail = |message: String| Error::InvalidName {
        path: file.path.clone(),
        message,
    };
    check_identifier(&service.namespace).map_err(|why| {
        fail(format!(
            "namespace `{}` of trait {} {why}",
            service.namespace, service.name
        ))
    })?;
    let mut members = BTreeMap::new();
    for channel in &service.channels {
        let at = format!("method `{}` of trait {}", channel.rust_name, service.name);
        check_identifier(&channel.js_name).map_err(|why| {
            fail(format!(
                "JavaScript name `{}` of {at} {why}",
                channel.js_name
            ))
        })?;
        let member = member_name(channel);
        if FORBIDDEN_NAMES.contains(&member.as_str()) {
            return Err(fail(format!(
                "{at} would be exposed as `{member}`, which is reserved"
            )));
        }
        if let Some(other) = members.insert(member.clone(), channel.rust_name.clone()) {
            return Err(fail(format!(
                "methods `{other}` and `{}` of trait {} are both exposed as `{member}`",
                channel.rust_name, service.name
            )));
        }
        let mut params = BTreeMap::new();
        for param in &channel.params {
            check_identifier(&param.js_name)
                .map_err(|why| fail(format!("parameter `{}` of {at} {why}", param.js_name)))?;
            if params.insert(param.js_name.as_str(), ()).is_some() {
                return Err(fail(format!(
                    "{at} has two parameters named `{}`",
                    param.js_name
                )));
            }
        }
        if channel.kind == ChannelKindSchema::Invoke && channel.returns.is_none() {
            return Err(fail(format!(
                "{at} is an invoke channel without a `returns` type"
            )));
        }
    }
    Ok(())
}

fn check_identifier(name: &str) -> Result<(), &'static str> {
    let mut chars = name.chars();
    let valid = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if !valid {
        return Err("is not a JavaScript identifier ([A-Za-z_$][A-Za-z0-9_$]*)");
    }
    if FORBIDDEN_NAMES.contains(&name) {
        return Err("is reserved (it would break the exposed object)");
    }
    Ok(())
}
