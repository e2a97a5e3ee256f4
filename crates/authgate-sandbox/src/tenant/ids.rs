//! The tenant's ids and lookups: random opaque ids (Auth0's are opaque strings) and the
//! index of an Auth0-shaped object by one of its fields.

use rand::Rng as _;
use rand::distr::Alphanumeric;
use serde_json::Value;

/// A random id of `len` alphanumerics (Auth0 ids are opaque strings).
pub fn random_id(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// Finds an object whose `key` field equals `value`.
pub fn position(list: &[Value], key: &str, value: &str) -> Option<usize> {
    list.iter().position(|o| o[key] == value)
}
