//! What the integration tests in `tests/tests/` share:
//!
//! - [`security`]: the services the security suite attacks, and its table
//!   of hostile inputs (also served to the JavaScript half of the suite by
//!   the addon in `tests/security/addon`);
//! - [`fidelity`]: the type-fidelity corpus and the TypeScript bench that
//!   judges its declarations (`docs/type-fidelity.md`).

pub mod fidelity;
pub mod security;
