//! A large synthetic schema for the code generation benchmark, assembled
//! with the runtime's schema types (as the runtime's exporter would write
//! it), not written by hand.

use electron_ipc::schema::{
    ChannelKindSchema, ChannelSchema, Implementation, ParamSchema, Schema, ServiceSchema, TypeDecl,
    FORMAT_VERSION,
};

/// A schema of `services` services with `channels_per_service` channels
/// each (eight invokes, one send and one event in every ten) and `types`
/// named types, each used by some channel.
///
/// Deterministic: same arguments, same document and hash.
pub fn synthetic(services: usize, channels_per_service: usize, types: usize) -> Schema {
    let types = types.max(1);
    let type_name = |index: usize| format!("Record{:04}", index % types);
    let decls = (0..types)
        .map(|index| {
            let next = type_name(index + 1);
            TypeDecl {
                name: type_name(index),
                declaration: format!(
                    "type {} = {{ id: number, name: string, done: boolean, tags: Array<string>, \
                     next: {next} | null, }};",
                    type_name(index)
                ),
                docs: Some(format!("Record number {index} of the synthetic schema.")),
            }
        })
        .collect();
    let mut next_type = 0;
    let services = (0..services)
        .map(|s| {
            let namespace = format!("service{s:03}");
            let channels = (0..channels_per_service)
                .map(|c| {
                    let ty = type_name(next_type);
                    next_type += 1;
                    let kind = match c % 10 {
                        8 => ChannelKindSchema::Send,
                        9 => ChannelKindSchema::Event,
                        _ => ChannelKindSchema::Invoke,
                    };
                    let js_name = format!("method{c:03}");
                    ChannelSchema {
                        kind,
                        channel: format!("{namespace}:{js_name}"),
                        js_name,
                        rust_name: format!("method_{c:03}"),
                        docs: Some(format!("Channel {c} of service {s}.")),
                        deprecated: None,
                        capability: None,
                        params: vec![
                            ParamSchema {
                                name: String::from("record"),
                                js_name: String::from("record"),
                                ty: ty.clone(),
                                incoming: false,
                            },
                            ParamSchema {
                                name: String::from("page_size"),
                                js_name: String::from("pageSize"),
                                ty: String::from("number"),
                                incoming: false,
                            },
                        ],
                        returns: (kind == ChannelKindSchema::Invoke)
                            .then(|| format!("Array<{ty}>")),
                        error: (kind == ChannelKindSchema::Invoke && c % 3 == 0)
                            .then(|| String::from("string")),
                    }
                })
                .collect();
            ServiceSchema {
                name: format!("Service{s:03}"),
                namespace,
                docs: Some(format!("Service number {s} of the synthetic schema.")),
                implementation: Implementation::Rust,
                capability: None,
                channels,
            }
        })
        .collect();
    let mut schema = Schema {
        format: FORMAT_VERSION,
        app: String::from("bench-app"),
        hash: String::new(),
        int64: Default::default(),
        services,
        types: decls,
    };
    schema.hash = schema.content_hash();
    schema
}

/// The schema the benchmark generates from: 1,000 channels, 500 types.
pub fn large() -> Schema {
    synthetic(10, 100, 500)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_large_schema_has_the_advertised_size_and_reads_back() {
        let schema = large();
        let channels: usize = schema.services.iter().map(|s| s.channels.len()).sum();
        assert_eq!(channels, 1000);
        assert_eq!(schema.types.len(), 500);
        assert!(schema.hash_is_valid());
        let again = Schema::from_json(&schema.to_json()).expect("the document reads back");
        assert_eq!(again, schema);
        assert_eq!(large().to_json(), schema.to_json(), "deterministic");
    }
}
