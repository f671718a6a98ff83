//! The security suite's shared half: the attacked services and the
//! bad-input table (`SECURITY.md`).

pub mod service;
pub mod table;
