//! Helpers for `authorizer_parity.rs` (a `mod.rs`, because every `tests/*.rs` is its own test
//! crate: a sibling `parity.rs` would be compiled as a test of its own).

pub mod check;
pub mod jwks_server;
pub mod node_case;
