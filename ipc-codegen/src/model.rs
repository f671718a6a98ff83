//! The merged view of every schema that one run generates from: services
//! sorted by namespace, types by name, every name checked once so that the
//! emitters can trust what they print.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use electron_ipc_schema::names::GENERATED_TYPE_NAMES;
use electron_ipc_schema::{ChannelSchema, Implementation, ServiceSchema, TypeDecl};

// The emitters name things with the contract's rules.
pub(crate) use electron_ipc_schema::member_name;
pub(crate) use electron_ipc_schema::names::pascal_case;

use crate::input::SchemaFile;
use crate::Error;

/// Every service and type of the run.
#[derive(Debug)]
pub(crate) struct Model<'a> {
    /// `app sha256:…` of each schema, sorted by app.
    pub(crate) sources: Vec<String>,
    /// App, hash and namespaces of each schema, sorted by app: what the
    /// schema handshake compares (docs/wire.md, "The handshake").
    pub(crate) schemas: Vec<SchemaId>,
    /// Services sorted by namespace.
    pub(crate) services: Vec<Service<'a>>,
    /// Type declarations sorted by name, each once.
    pub(crate) types: Vec<TypeDecl>,
}

/// What the generated code knows of one schema it was generated from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SchemaId {
    /// The schema's app.
    pub(crate) app: String,
    /// Its `sha256:…` content hash.
    pub(crate) hash: String,
    /// The namespaces of its services, sorted.
    pub(crate) namespaces: Vec<String>,
    /// Whether it picks the `bigint` policy for 64-bit integers, which the
    /// main glue then converts (docs/wire.md, "64-bit integers").
    pub(crate) bigint: bool,
}

/// One service and the names the generated code gives it. The schema is
/// borrowed from the schema file: copying every service cost about as much
/// as checking it.
#[derive(Debug)]
pub(crate) struct Service<'a> {
    pub(crate) schema: &'a ServiceSchema,
    /// `Todos` for namespace `todos`: prefix of `TodosApi`, `createTodosApi`, …
    pub(crate) pascal: String,
}

impl Service<'_> {
    pub(crate) fn namespace(&self) -> &str {
        &self.schema.namespace
    }

    pub(crate) fn channels(&self) -> &[ChannelSchema] {
        &self.schema.channels
    }

    pub(crate) fn is_main_js(&self) -> bool {
        self.schema.implementation == Implementation::MainJs
    }

    /// Whether one of its channels uses a stream's port: a stream to the
    /// page, or a method that takes one from the page.
    pub(crate) fn has_streams(&self) -> bool {
        self.channels().iter().any(|c| {
            c.kind == electron_ipc_schema::ChannelKindSchema::Stream || c.incoming().is_some()
        })
    }

    /// Whether one of its methods takes a stream from the page (an
    /// `incoming` parameter).
    pub(crate) fn has_incoming(&self) -> bool {
        self.channels().iter().any(|c| c.incoming().is_some())
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

/// The global TypeScript types the generated declarations refer to by name
/// (`Array<T>` in ts-rs's declarations, `Promise<T>` for every invoke,
/// `Record` in `main.d.cts`, `Uint8Array` for bytes, `AbortSignal` in an invoke's options,
/// `AsyncIterableIterator<T>` for a stream, `AsyncIterable` and `Iterable` in
/// a mock stream's handler and for a stream the page sends, with
/// `ReadableStream`): a schema type of the same name would shadow
/// them and the declarations would not compile. `tests/globals.rs` reads
/// the generated declarations to keep this list complete.
const GLOBAL_TYPE_NAMES: &[&str] = &[
    "AbortSignal",
    "Array",
    "AsyncIterable",
    "AsyncIterableIterator",
    "Iterable",
    "Promise",
    "ReadableStream",
    "Record",
    "Uint8Array",
];

impl<'a> Model<'a> {
    /// Merges the schemas, refusing anything two of them claim differently.
    pub(crate) fn build(files: &'a [SchemaFile]) -> Result<Model<'a>, Error> {
        let mut namespaces: BTreeMap<String, String> = BTreeMap::new();
        let mut pascal_names: BTreeMap<String, String> = BTreeMap::new();
        let mut channels: HashMap<&str, usize> = HashMap::new();
        let mut origins: Vec<String> = Vec::new();
        let mut types: BTreeMap<String, (TypeDecl, String)> = BTreeMap::new();
        let mut services = Vec::new();
        let mut sources = Vec::new();
        let mut schema_ids = Vec::new();

        for file in files {
            let schema = &file.schema;
            let file_name = file.path.display().to_string();
            sources.push(format!("{} {}", schema.app, schema.hash));
            let mut schema_namespaces: Vec<String> = schema
                .services
                .iter()
                .map(|s| s.namespace.clone())
                .collect();
            schema_namespaces.sort();
            schema_ids.push(SchemaId {
                app: schema.app.clone(),
                hash: schema.hash.clone(),
                namespaces: schema_namespaces,
                bigint: !schema.int64.is_number(),
            });
            for service in &schema.services {
                let origin = format!("{file_name} (trait {})", service.name);
                service.validate().map_err(|source| Error::InvalidService {
                    path: file.path.clone(),
                    source,
                })?;
                claim(&mut namespaces, &service.namespace, &origin, || {
                    format!("the namespace `{}`", service.namespace)
                })?;
                let pascal = pascal_case(&service.namespace);
                claim(&mut pascal_names, &pascal, &origin, || {
                    format!("the generated name `{pascal}Api`")
                })?;
                origins.push(origin);
                let origin = origins.len() - 1;
                for channel in &service.channels {
                    if let Some(param) = channel
                        .incoming()
                        .filter(|_| service.implementation == Implementation::MainJs)
                    {
                        return Err(Error::MainJsIncoming {
                            path: file.path.clone(),
                            channel: channel.channel.clone(),
                            param: param.js_name.clone(),
                        });
                    }
                    claim_channel(&mut channels, &channel.channel, origin, &origins)?;
                }
                services.push(Service {
                    schema: service,
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
            let mut generated = vec![
                service.api_type(),
                // ipc-mock.d.cts
                format!("{}MockHandlers", service.pascal),
                format!("{}MockEvents", service.pascal),
            ];
            if service.is_main_js() {
                // main.d.cts: the handlers' interface, and the emitters'.
                generated.push(format!("{}Handlers", service.pascal));
                generated.push(format!("{}Events", service.pascal));
            }
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
        for name in crate::emit::runtime_type_names() {
            if let Some((_, file)) = types.get(name) {
                return Err(Error::Conflict {
                    what: format!("the TypeScript name `{name}`"),
                    first: format!("{file} (a Rust type)"),
                    second: "the declarations of main-runtime.d.cts, which main.d.cts imports"
                        .to_owned(),
                });
            }
        }
        for name in crate::emit::mock_type_names() {
            if let Some((_, file)) = types.get(name) {
                return Err(Error::Conflict {
                    what: format!("the TypeScript name `{name}`"),
                    first: format!("{file} (a Rust type)"),
                    second: "the declarations of ipc-mock.d.cts".to_owned(),
                });
            }
        }
        for name in GENERATED_TYPE_NAMES {
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

    /// Every capability the channels require, sorted, with the channels
    /// that require it (a channel requires its service's capability and its
    /// own), in the order of the services and their methods.
    pub(crate) fn capabilities(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut capabilities: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for service in &self.services {
            for channel in service.channels() {
                for capability in service.schema.required_capabilities(channel) {
                    capabilities
                        .entry(capability)
                        .or_default()
                        .push(&channel.channel);
                }
            }
        }
        capabilities
    }

    pub(crate) fn has_main_js(&self) -> bool {
        self.services.iter().any(Service::is_main_js)
    }

    /// Whether a service has a stream channel: the preload then carries
    /// `connectStreams`, and `ipc.d.ts` declares `IpcStreamOptions`.
    pub(crate) fn has_streams(&self) -> bool {
        self.services.iter().any(Service::has_streams)
    }

    /// Whether a method takes a stream from the page: the page-realm
    /// adapter then carries `feedIncoming`.
    pub(crate) fn has_incoming(&self) -> bool {
        self.services.iter().any(Service::has_incoming)
    }

    /// Whether a service has a relay channel (the preload then carries
    /// `connectRelays`, and `ipc.d.ts` declares `IpcRelay`).
    pub(crate) fn has_relays(&self) -> bool {
        self.services.iter().any(|service| {
            service
                .channels()
                .iter()
                .any(|c| c.kind == electron_ipc_schema::ChannelKindSchema::Relay)
        })
    }

    /// Whether a service has a state (`ipc.d.ts` then declares `IpcState`).
    pub(crate) fn has_states(&self) -> bool {
        self.services.iter().any(|service| {
            service
                .channels()
                .iter()
                .any(|c| c.kind == electron_ipc_schema::ChannelKindSchema::State)
        })
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

/// [`claim`] for the channels, one per method: the names are borrowed from
/// the schemas, and the claimer is an index into `origins`, so that a
/// channel costs no copies (at 10,000 channels the copies were most of it).
fn claim_channel<'a>(
    claimed: &mut HashMap<&'a str, usize>,
    channel: &'a str,
    origin: usize,
    origins: &[String],
) -> Result<(), Error> {
    match claimed.entry(channel) {
        Entry::Occupied(first) => Err(Error::Conflict {
            what: format!("the channel `{channel}`"),
            first: origins[*first.get()].clone(),
            second: origins[origin].clone(),
        }),
        Entry::Vacant(slot) => {
            slot.insert(origin);
            Ok(())
        }
    }
}
