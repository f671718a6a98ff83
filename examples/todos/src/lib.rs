//! A todo list whose state lives in Rust.
