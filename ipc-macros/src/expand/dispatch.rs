//! `Service::call`: one match arm per method the renderer calls, which
//! decodes the arguments, calls the implementation and answers with the
//! envelope. A main-js service's arms only decode (its events' too: they
//! are emitted from JavaScript, so nothing typed them yet).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ast::{Method, Output, Service};
use crate::attr::{Implementation, Kind};

pub(crate) fn call(service: &Service<'_>) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let main_js = service.implementation == Implementation::MainJs;
    let uses_context = !main_js && service.methods.iter().any(|m| m.takes_context());
    let ctx = if uses_context {
        quote!(ctx)
    } else {
        quote!(_ctx)
    };
    let arms = service
        .methods
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            (main_js || !Service::is_declaration(m.kind) || m.kind == Kind::Relay) && !m.is_stream()
        })
        .map(|(index, method)| match method.kind {
            Kind::State => state_check_arm(service, index as u32, method),
            Kind::Relay => relay_arm(service, index as u32, method),
            _ => arm(service, index as u32, method),
        });
    let methods = service.methods.len() as u32;
    let answer_arms = service
        .relay_requests()
        .map(|(index, method)| relay_answer_arm(service, methods + index as u32, method));
    let arms = arms.chain(answer_arms);
    quote! {
        #[allow(deprecated)]
        fn call(
            &self,
            method: u32,
            args: #krate::Args<'_>,
            #ctx: #krate::Context,
        ) -> #krate::Reply {
            match method {
                #(#arms)*
                _ => #private::unknown_method(&args, method),
            }
        }
    }
}

/// The check of a value a main-js service's state is set to from
/// JavaScript: it decodes as the declared type, or `ERR_BAD_ARGUMENTS`.
fn state_check_arm(service: &Service<'_>, index: u32, method: &Method<'_>) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let Output::Value(ty) = &method.output else {
        // `check` refuses a state without a plain value type.
        return TokenStream::new();
    };
    let probe = quote!(#private::Probe::<#ty>::new().js_event_arg());
    quote! {
        #index => {
            match #probe.decode(&args, 0) {
                // Typed here, so that a type without the traits has only its
                // assertion's error.
                ::core::result::Result::Ok::<#ty, _>(value) => #private::ready(
                    if args.int64().is_number() {
                        #krate::Response::null()
                    } else {
                        #private::js_values([#probe.encode(&value, args.int64())])
                    },
                ),
                ::core::result::Result::Err(response) => #private::ready(response),
            }
        }
    }
}

/// The route of a relay (`#[ipc(relay)]`), in Rust and main-js services
/// alike: the payload the sending page gave, decoded with the declared
/// types and encoded again, which the main glue delivers in place of what
/// the page sent (so nothing the types do not declare reaches the other
/// window).
fn relay_arm(service: &Service<'_>, index: u32, method: &Method<'_>) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let (decode, decoded) = decode(service, method, quote!(#private::ready));
    let tys = method.params().map(|param| param.ty);
    quote! {
        #index => {
            #decode
            let __int64 = args.int64();
            #private::ready(#private::relay_checked([
                #(#private::Probe::<#tys>::new().js_event_arg().encode(&#decoded, __int64)),*
            ]))
        }
    }
}

/// The route checking a relay request's answer (the request's channel with
/// `RELAY_ANSWER_SUFFIX`): one argument, decoded as the declared return type
/// and encoded again, as `relay_arm` does for the payload.
fn relay_answer_arm(service: &Service<'_>, index: u32, method: &Method<'_>) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let Output::Value(ty) = &method.output else {
        return TokenStream::new();
    };
    quote! {
        #index => {
            let probe = #private::Probe::<#ty>::new();
            let mut __reader = #private::ArgReader::new(&args);
            let answer = match (probe.js_event_arg().read(&mut __reader), __reader.end()) {
                (::core::option::Option::Some(answer), true) => answer,
                _ => match probe.js_event_arg().decode(&args, 0) {
                    ::core::result::Result::Ok(answer) => answer,
                    ::core::result::Result::Err(response) => return #private::ready(response),
                },
            };
            let __int64 = args.int64();
            #private::ready(#private::relay_checked([
                probe.js_event_arg().encode(&answer, __int64),
            ]))
        }
    }
}

/// `Service::check_answer`, for a service implemented in main-process
/// JavaScript: one arm per method with an answer, which decodes the
/// handler's value (or its typed error's `data`) with the declared type
/// and encodes it again under the router's policy. Nothing for a service
/// implemented in Rust: the trait's default answers `ERR_UNKNOWN_CHANNEL`.
pub(crate) fn check_answer(service: &Service<'_>) -> TokenStream {
    if service.implementation != Implementation::MainJs {
        return TokenStream::new();
    }
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let recheck = |ty: TokenStream| {
        let probe = quote!(#private::Probe::<#ty>::new().js_event_arg());
        quote! {
            match #probe.decode(&args, 0) {
                // Typed here, so that a type without the traits has only its
                // assertion's error.
                ::core::result::Result::Ok::<#ty, _>(value) => #probe.ok(&value, args.int64()),
                ::core::result::Result::Err(response) => response,
            }
        }
    };
    let arms = service
        .methods
        .iter()
        .enumerate()
        .filter(|(_, m)| matches!(m.kind, Kind::Invoke | Kind::SendSync))
        .map(|(index, method)| {
            let index = index as u32;
            // A method without an error type has no typed error to check:
            // its `error` answers fall through to `unknown_answer`.
            let value = |ty: TokenStream| {
                let value = recheck(ty);
                quote!(#index if !error => #value,)
            };
            match &method.output {
                Output::Unit => value(quote!(())),
                Output::Value(ty) => value(quote!(#ty)),
                Output::Result { ok, err } => {
                    let value = recheck(quote!(#ok));
                    let data = recheck(quote!(#err));
                    quote! {
                        #index => if error { #data } else { #value },
                    }
                }
                // A stream's items, and the error that ends it (set up or
                // mid-stream: one type, which `check` insists on).
                Output::Stream(output) => {
                    let item_ty = output.item;
                    let item = recheck(quote!(#item_ty));
                    match output.error() {
                        Some(err) => {
                            let data = recheck(quote!(#err));
                            quote!(#index => if error { #data } else { #item },)
                        }
                        None => quote!(#index if !error => #item,),
                    }
                }
            }
        });
    quote! {
        #[allow(deprecated)]
        fn check_answer(
            &self,
            method: u32,
            args: #krate::Args<'_>,
            error: bool,
        ) -> #krate::Response {
            match method {
                #(#arms)*
                _ => #private::unknown_answer(&args, method),
            }
        }
    }
}

/// `Service::open`, for a service with stream methods: one match arm per
/// stream method, which decodes the arguments, calls the method and opens
/// the stream it answers (or answers its refusal or setup error). Nothing
/// for a service without streams: the trait's default answers
/// `ERR_UNKNOWN_CHANNEL`.
pub(crate) fn open(service: &Service<'_>) -> TokenStream {
    if !service.methods.iter().any(|m| m.is_stream()) {
        return TokenStream::new();
    }
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let uses_context = service
        .methods
        .iter()
        .any(|m| m.is_stream() && m.takes_context());
    let ctx = if uses_context {
        quote!(ctx)
    } else {
        quote!(_ctx)
    };
    let arms = service
        .methods
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_stream())
        .map(|(index, method)| match method.incoming() {
            _ if service.implementation == Implementation::MainJs => {
                main_js_stream_arm(service, index as u32, method)
            }
            Some(_) => incoming_arm(service, index as u32, method),
            None => stream_arm(service, index as u32, method),
        });
    quote! {
        #[allow(deprecated)]
        fn open(
            &self,
            method: u32,
            args: #krate::Args<'_>,
            #ctx: #krate::Context,
        ) -> #krate::StreamReply {
            match method {
                #(#arms)*
                _ => #private::unknown_stream(&args, method),
            }
        }
    }
}

/// The `open` arm of a stream method of a main-js service: the arguments
/// decoded (a refusal answers their error), then a stream that holds the
/// frame's place and hands the glue the checked arguments as its first
/// item, as `arm` answers them for an invoke (docs/wire.md, "Streams from
/// main-process JavaScript"). The items come from the JavaScript handler.
fn main_js_stream_arm(service: &Service<'_>, index: u32, method: &Method<'_>) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let (decode, decoded) = decode(service, method, quote!(#private::stream_refused));
    let encoded = method.params().zip(&decoded).map(|(param, var)| {
        let ty = param.ty;
        quote!(#private::Probe::<#ty>::new().js_event_arg().encode(&#var, args.int64()))
    });
    let checked = if decoded.is_empty() {
        quote!(#krate::Response::null())
    } else {
        quote! {
            if args.int64().is_number() {
                #krate::Response::null()
            } else {
                #private::js_values([#(#encoded),*])
            }
        }
    };
    quote! {
        #index => {
            #decode
            #private::open_main_js(#checked)
        }
    }
}

fn stream_arm(service: &Service<'_>, index: u32, method: &Method<'_>) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let Output::Stream(output) = &method.output else {
        return TokenStream::new();
    };
    let (decode, decoded) = decode(service, method, quote!(#private::stream_refused));
    let trait_ident = &service.item.ident;
    let ident = method.ident();
    let context = method.takes_context().then(|| quote!(&ctx,));
    let is_async = method.is_async();
    let receiver = if is_async {
        quote!(&*__inner)
    } else {
        quote!(&*self.inner)
    };
    let mut invocation = quote! {
        <__Impl as #trait_ident>::#ident(#receiver, #context #(#decoded),*)
    };
    if is_async {
        invocation = quote!(#invocation.await);
    }
    let item = output.item;
    let errors = match output.item_error {
        Some(error) => quote!(#private::Probe::<#error>::new().value()),
        None => quote!(#private::NoErrors),
    };
    let open = quote! {
        #private::open_stream(stream, #private::Probe::<#item>::new().value(), #errors, __int64)
    };
    // The router's policy for 64-bit integers, which the items and a setup
    // error are encoded with (copied out of `args`, which an async method
    // cannot keep).
    let policy = quote!(let __int64 = args.int64(););
    let respond = match output.setup_error {
        None => quote! {
            let stream = #invocation;
            #open
        },
        Some(error) => quote! {
            match #invocation {
                ::core::result::Result::Ok(stream) => #open,
                ::core::result::Result::Err(error) => ::core::result::Result::Err(
                    #private::Probe::<#error>::new().value().handler_error(&error, __int64),
                ),
            }
        },
    };
    if is_async {
        quote! {
            #index => {
                #decode
                #policy
                let __inner = ::std::sync::Arc::clone(&self.inner);
                #private::stream_pending(async move { #respond })
            }
        }
    } else {
        quote! {
            #index => {
                #decode
                #policy
                #private::stream_ready({ #respond })
            }
        }
    }
}

/// The statements that decode a method's arguments into `__arg0`, … (and
/// their names); `refuse` wraps the envelope of a refusal into the arm's
/// answer.
fn decode(
    service: &Service<'_>,
    method: &Method<'_>,
    refuse: TokenStream,
) -> (TokenStream, Vec<proc_macro2::Ident>) {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    // A main-js service's values are decoded to be checked and encoded
    // again (see `arm`), and so is a relay's payload between windows: they
    // take the role that does both.
    let role = match (service.implementation, method.kind) {
        (Implementation::MainJs, _) | (_, Kind::Relay) => quote!(js_event_arg),
        (Implementation::Rust, _) => quote!(arg),
    };
    let decoded: Vec<_> = method
        .wire_params()
        .enumerate()
        .map(|(i, _)| format_ident!("__arg{}", i))
        .collect();
    let tys: Vec<_> = method.wire_params().map(|param| param.ty).collect();
    // All arguments in one pass over the JSON (`ArgReader`); when anything
    // is wrong, again argument by argument (`decode`), which names the
    // culprit.
    let decode = if tys.is_empty() {
        quote! {
            if let ::core::result::Result::Err(response) = #private::no_args(&args) {
                return #refuse(response);
            }
        }
    } else if let [ty] = tys.as_slice() {
        // One argument: the value between the brackets, decoded as a
        // whole text (`decode_only`).
        let var = &decoded[0];
        quote! {
            let (#var,): (#ty,) = match #private::Probe::<#ty>::new().#role().read_only(&args) {
                ::core::option::Option::Some(value) => (value,),
                ::core::option::Option::None => {
                    match #private::Probe::<#ty>::new().#role().decode(&args, 0) {
                        ::core::result::Result::Ok(value) => (value,),
                        ::core::result::Result::Err(response) => return #refuse(response),
                    }
                }
            };
        }
    } else {
        let fast = tys
            .iter()
            .map(|ty| quote!(#private::Probe::<#ty>::new().#role().read(&mut __reader)));
        let slow = tys.iter().enumerate().map(|(i, ty)| {
            quote! {
                match #private::Probe::<#ty>::new().#role().decode(&args, #i) {
                    ::core::result::Result::Ok(value) => value,
                    ::core::result::Result::Err(response) => return #refuse(response),
                }
            }
        });
        let some = decoded
            .iter()
            .map(|var| quote!(::core::option::Option::Some(#var)));
        quote! {
            let (#(#decoded,)*): (#(#tys,)*) = {
                let mut __reader = #private::ArgReader::new(&args);
                match (#(#fast,)* __reader.end()) {
                    (#(#some,)* true) => (#(#decoded,)*),
                    _ => (#(#slow,)*),
                }
            };
        }
    };
    (decode, decoded)
}

fn arm(service: &Service<'_>, index: u32, method: &Method<'_>) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let (decode, decoded) = decode(service, method, quote!(#private::ready));
    if service.implementation == Implementation::MainJs {
        // Under the `bigint` policy the values Rust decoded go back to the
        // glue encoded again, so the handler gets `BigInt`s exactly where
        // the Rust types have 64-bit integers (docs/wire.md, "Services
        // implemented in main-process JavaScript"); under `number`, the
        // glue hands over the JSON it sent, and the answer is `null`.
        let encoded = method.params().zip(&decoded).map(|(param, var)| {
            let ty = param.ty;
            quote!(#private::Probe::<#ty>::new().js_event_arg().encode(&#var, args.int64()))
        });
        let respond = if decoded.is_empty() {
            quote!(#krate::Response::null())
        } else {
            quote! {
                if args.int64().is_number() {
                    #krate::Response::null()
                } else {
                    #private::js_values([#(#encoded),*])
                }
            }
        };
        return quote! {
            #index => {
                #decode
                #private::ready(#respond)
            }
        };
    }
    let trait_ident = &service.item.ident;
    let ident = method.ident();
    let context = method.takes_context().then(|| quote!(&ctx,));
    let is_async = method.is_async();
    let receiver = if is_async {
        quote!(&*__inner)
    } else {
        quote!(&*self.inner)
    };
    let mut invocation = quote! {
        <__Impl as #trait_ident>::#ident(#receiver, #context #(#decoded),*)
    };
    if is_async {
        invocation = quote!(#invocation.await);
    }
    // The router's policy for 64-bit integers, which the answer is encoded
    // with (copied out of `args`, which an async handler cannot keep).
    let policy = match (method.kind, &method.output) {
        (Kind::Send, _) | (_, Output::Unit) | (_, Output::Stream(_)) => None,
        _ => Some(quote!(let __int64 = args.int64();)),
    };
    let respond = match (method.kind, &method.output) {
        (Kind::Send, _) | (_, Output::Unit) => quote! {
            #invocation;
            #krate::Response::null()
        },
        // The value is given up, so a returned `Bytes` moves into the answer.
        (_, Output::Value(ty)) => quote! {
            let value = #invocation;
            #private::Probe::<#ty>::new().value().ok_owned(value, __int64)
        },
        // Stream methods have no arm here (`open` serves them).
        (_, Output::Stream(_)) => quote!(::core::unreachable!()),
        (_, Output::Result { ok, err }) => quote! {
            match #invocation {
                ::core::result::Result::Ok(value) => {
                    #private::Probe::<#ok>::new().value().ok_owned(value, __int64)
                }
                ::core::result::Result::Err(error) => {
                    #private::Probe::<#err>::new().value().handler_error(&error, __int64)
                }
            }
        },
    };
    if is_async {
        quote! {
            #index => {
                #decode
                #policy
                let __inner = ::std::sync::Arc::clone(&self.inner);
                #private::pending(async move { #respond })
            }
        }
    } else {
        quote! {
            #index => {
                #decode
                #policy
                #private::ready({ #respond })
            }
        }
    }
}

/// The `open` arm of a method that takes an `Incoming<T>` (docs/wire.md,
/// "Streams"): decodes the other arguments, creates the incoming stream,
/// and answers at once with an [`OpenStream`] that runs the method as it is
/// pulled, so the page can push items while the method reads them. Its
/// items are the method's `Stream` (both ways), or its one answer.
fn incoming_arm(service: &Service<'_>, index: u32, method: &Method<'_>) -> TokenStream {
    let krate = &service.krate;
    let private = quote!(#krate::__private);
    let Some(item) = method.incoming().and_then(|arg| arg.incoming) else {
        return TokenStream::new();
    };
    let (decode, decoded) = decode(service, method, quote!(#private::stream_refused));
    let trait_ident = &service.item.ident;
    let ident = method.ident();
    let context = method.takes_context().then(|| quote!(&__ctx,));
    let mut wire = decoded.iter();
    let call_args: Vec<TokenStream> = method
        .params()
        .map(|param| match param.incoming {
            Some(_) => quote!(__incoming),
            None => {
                let var = wire.next();
                quote!(#var)
            }
        })
        .collect();
    let mut invocation = quote! {
        <__Impl as #trait_ident>::#ident(&*__inner, #context #(#call_args),*)
    };
    if method.is_async() {
        invocation = quote!(#invocation.await);
    }
    let (constructor, respond) = match &method.output {
        Output::Stream(output) => {
            let item = output.item;
            let errors = match output.item_error {
                Some(error) => quote!(#private::Probe::<#error>::new().value()),
                None => quote!(#private::NoErrors),
            };
            let open = quote! {
                #private::open_stream(stream, #private::Probe::<#item>::new().value(), #errors, __int64)
            };
            let respond = match output.setup_error {
                None => quote! {
                    let stream = #invocation;
                    #open
                },
                Some(error) => quote! {
                    match #invocation {
                        ::core::result::Result::Ok(stream) => #open,
                        ::core::result::Result::Err(error) => ::core::result::Result::Err(
                            #private::Probe::<#error>::new().value().handler_error(&error, __int64),
                        ),
                    }
                },
            };
            (quote!(deferred), respond)
        }
        Output::Unit => (
            quote!(answer),
            quote! {
                #invocation;
                #krate::Response::null()
            },
        ),
        Output::Value(ty) => (
            quote!(answer),
            quote! {
                let value = #invocation;
                #private::Probe::<#ty>::new().value().ok(&value, __int64)
            },
        ),
        Output::Result { ok, err } => (
            quote!(answer),
            quote! {
                match #invocation {
                    ::core::result::Result::Ok(value) => {
                        #private::Probe::<#ok>::new().value().ok(&value, __int64)
                    }
                    ::core::result::Result::Err(error) => {
                        #private::Probe::<#err>::new().value().handler_error(&error, __int64)
                    }
                }
            },
        ),
    };
    let keep_context = method.takes_context().then(|| quote!(let __ctx = ctx;));
    quote! {
        #index => {
            #decode
            // The router's policy for 64-bit integers, which the answer is
            // encoded with (copied out of `args`, which the method's future
            // cannot keep).
            #[allow(unused_variables)]
            let __int64 = args.int64();
            #keep_context
            let (__incoming, __feed) = #private::Probe::<#item>::new().arg().incoming(&args);
            let __inner = ::std::sync::Arc::clone(&self.inner);
            #private::open_incoming(
                __feed,
                #krate::OpenStream::#constructor(async move { #respond }),
            )
        }
    }
}
