//! What a service must satisfy before code is generated from it: the rules
//! of [`names`](crate::names), applied to a whole [`ServiceSchema`].

use std::collections::BTreeMap;

use crate::format::{ChannelKindSchema, ChannelSchema, Schema, ServiceSchema};
use crate::names::{self, NameError};

/// Why a service of a schema cannot be turned into JavaScript.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// The namespace is not a JavaScript name, or `window` already has it.
    #[error(
        "the namespace of trait {service}: {problem}; choose another with \
         #[service(namespace = \"...\")]"
    )]
    Namespace {
        /// The trait.
        service: String,
        /// What is wrong with the namespace.
        problem: NameError,
    },
    /// A method's JavaScript name is not a JavaScript name.
    #[error("the JavaScript name of method `{method}` of trait {service}: {problem}")]
    MethodName {
        /// The trait.
        service: String,
        /// The Rust method.
        method: String,
        /// What is wrong with its JavaScript name.
        problem: NameError,
    },
    /// Two methods take one property of `window.<namespace>` (an event
    /// `changed` takes `onChanged`).
    #[error("methods `{first}` and `{second}` of trait {service} are both exposed as `{member}`")]
    DuplicateMember {
        /// The trait.
        service: String,
        /// The property.
        member: String,
        /// The first method.
        first: String,
        /// The second method.
        second: String,
    },
    /// A method of a service with events takes `removeAllListeners`, the
    /// property that drops every subscription.
    #[error(
        "method `{method}` of trait {service} is exposed as `removeAllListeners`, which a service \
         with events uses to drop every subscription; rename it with #[ipc(name = \"...\")]"
    )]
    ReservedMember {
        /// The trait.
        service: String,
        /// The Rust method.
        method: String,
    },
    /// A capability is not a capability name.
    #[error("the capability of {place} of trait {service}: {problem}")]
    Capability {
        /// The trait.
        service: String,
        /// `the service`, or `method \`name\``.
        place: String,
        /// What is wrong with the name.
        problem: NameError,
    },
    /// A parameter's JavaScript name is not a JavaScript name.
    #[error("a parameter of method `{method}` of trait {service}: {problem}")]
    ParamName {
        /// The trait.
        service: String,
        /// The Rust method.
        method: String,
        /// What is wrong with the parameter's JavaScript name.
        problem: NameError,
    },
    /// Two parameters of one method have the same JavaScript name.
    #[error("method `{method}` of trait {service} has two parameters named `{param}`")]
    DuplicateParam {
        /// The trait.
        service: String,
        /// The Rust method.
        method: String,
        /// The JavaScript name.
        param: String,
    },
    /// A state channel with parameters: a state is one value, read whole.
    #[error(
        "method `{method}` of trait {service} is a state channel with parameters; a state has none"
    )]
    StateWithParams {
        /// The trait.
        service: String,
        /// The Rust method.
        method: String,
    },
    /// A channel with more than one `incoming` parameter, or one on a
    /// channel kind that cannot take a stream from the page.
    #[error("method `{method}` of trait {service} is a `{kind}` channel with {count} incoming parameters: only `invoke` and `stream` channels take one, and at most one")]
    Incoming {
        /// The trait.
        service: String,
        /// The Rust method.
        method: String,
        /// The channel's kind.
        kind: &'static str,
        /// How many of its parameters are incoming.
        count: usize,
    },
    /// An invoke channel without the type it resolves with.
    #[error("method `{method}` of trait {service} is an invoke, sendSync or state channel without a `returns` type")]
    MissingReturns {
        /// The trait.
        service: String,
        /// The Rust method.
        method: String,
    },
}

/// The property a channel takes on `window.<namespace>`: `add`, or
/// `onChanged` for an event.
pub fn member_name(channel: &ChannelSchema) -> String {
    match channel.kind {
        ChannelKindSchema::Event => names::event_listener(&channel.js_name),
        ChannelKindSchema::Invoke
        | ChannelKindSchema::Send
        | ChannelKindSchema::SendSync
        | ChannelKindSchema::Stream => channel.js_name.clone(),
        ChannelKindSchema::State => names::state_store(&channel.js_name),
        ChannelKindSchema::Relay => channel.js_name.clone(),
    }
}

/// Every property a channel takes on `window.<namespace>`: [`member_name`],
/// and for an event also its one-delivery form (`onceChanged`).
pub fn member_names(channel: &ChannelSchema) -> Vec<String> {
    match channel.kind {
        ChannelKindSchema::Event => vec![
            names::event_listener(&channel.js_name),
            names::event_once_listener(&channel.js_name),
        ],
        ChannelKindSchema::Invoke
        | ChannelKindSchema::Send
        | ChannelKindSchema::SendSync
        | ChannelKindSchema::Stream => {
            vec![channel.js_name.clone()]
        }
        ChannelKindSchema::State => vec![names::state_store(&channel.js_name)],
        // The sender's `x.to(role, …)`, and the receiver's `onX` (one-way)
        // or `answerX` (a request).
        ChannelKindSchema::Relay => vec![
            channel.js_name.clone(),
            if channel.returns.is_some() {
                names::relay_answerer(&channel.js_name)
            } else {
                names::event_listener(&channel.js_name)
            },
        ],
    }
}

impl ServiceSchema {
    /// Whether the service has an event (and so a `removeAllListeners`).
    pub fn has_events(&self) -> bool {
        self.channels
            .iter()
            .any(|channel| channel.kind == ChannelKindSchema::Event)
    }
}

impl ServiceSchema {
    /// Checks every name the generated JavaScript takes from the service:
    /// its namespace, each channel's JavaScript name and property, each
    /// parameter's name; and that an invoke says what it resolves with.
    pub fn validate(&self) -> Result<(), ServiceError> {
        let service = || self.name.clone();
        names::check_namespace(&self.namespace).map_err(|problem| ServiceError::Namespace {
            service: service(),
            problem,
        })?;
        if let Some(capability) = &self.capability {
            names::check_capability(capability).map_err(|problem| ServiceError::Capability {
                service: service(),
                place: "the service".to_owned(),
                problem,
            })?;
        }
        let mut members = BTreeMap::new();
        for channel in &self.channels {
            let method = || channel.rust_name.clone();
            if let Some(capability) = &channel.capability {
                names::check_capability(capability).map_err(|problem| {
                    ServiceError::Capability {
                        service: service(),
                        place: format!("method `{}`", channel.rust_name),
                        problem,
                    }
                })?;
            }
            names::check_js_name(&channel.js_name).map_err(|problem| ServiceError::MethodName {
                service: service(),
                method: method(),
                problem,
            })?;
            for member in member_names(channel) {
                if self.has_events() && member == names::REMOVE_ALL_LISTENERS {
                    return Err(ServiceError::ReservedMember {
                        service: service(),
                        method: method(),
                    });
                }
                if let Some(first) = members.insert(member.clone(), &channel.rust_name) {
                    return Err(ServiceError::DuplicateMember {
                        service: service(),
                        member,
                        first: first.clone(),
                        second: method(),
                    });
                }
            }
            let mut params = BTreeMap::new();
            for param in &channel.params {
                names::check_identifier(&param.js_name).map_err(|problem| {
                    ServiceError::ParamName {
                        service: service(),
                        method: method(),
                        problem,
                    }
                })?;
                if params.insert(param.js_name.as_str(), ()).is_some() {
                    return Err(ServiceError::DuplicateParam {
                        service: service(),
                        method: method(),
                        param: param.js_name.clone(),
                    });
                }
            }
            let answers = matches!(
                channel.kind,
                ChannelKindSchema::Invoke
                    | ChannelKindSchema::SendSync
                    | ChannelKindSchema::State
                    | ChannelKindSchema::Stream
            );
            let incoming = channel.params.iter().filter(|param| param.incoming).count();
            let takes_incoming = matches!(
                channel.kind,
                ChannelKindSchema::Invoke | ChannelKindSchema::Stream
            );
            if incoming > 1 || (incoming == 1 && !takes_incoming) {
                return Err(ServiceError::Incoming {
                    service: service(),
                    method: method(),
                    kind: channel.kind.as_str(),
                    count: incoming,
                });
            }
            if channel.kind == ChannelKindSchema::State && !channel.params.is_empty() {
                return Err(ServiceError::StateWithParams {
                    service: service(),
                    method: method(),
                });
            }
            if answers && channel.returns.is_none() {
                return Err(ServiceError::MissingReturns {
                    service: service(),
                    method: method(),
                });
            }
        }
        Ok(())
    }
}

impl Schema {
    /// [`ServiceSchema::validate`] for every service.
    pub fn validate(&self) -> Result<(), ServiceError> {
        self.services.iter().try_for_each(ServiceSchema::validate)
    }
}
