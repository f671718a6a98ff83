//! The addon the security suite's JavaScript tests load: the router of
//! `ipc_tests::security::service` (`tests/src/security/service.rs`), with a
//! call timeout, behind the generated preload and main glue.
//!
//! Built by `cargo run -p electron-ipc-codegen -- build-addon -p ipc-security-addon --out tests/security/addon/ipc_security_addon.node`.

use std::time::Duration;

use electron_ipc::{Limits, Router};
use ipc_tests::security::service;

/// How long an async handler may run before the caller gets `ERR_TIMEOUT`.
pub const TIMEOUT: Duration = Duration::from_millis(300);

/// The router the addon serves: the attacked services, with [`TIMEOUT`].
pub fn build_router() -> Router {
    service::build_router().limits(Limits::default().timeout(TIMEOUT))
}

electron_ipc::node_addon!(build_router);
