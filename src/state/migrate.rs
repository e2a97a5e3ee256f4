//! Older state tables brought to the current shape, one version at a time; never drops data.
//!
//! - 1 → 2 added the optional `inputs` table: a version-1 file only needs the new number.
//! - 2 → 3 typed each resource's details: they were strings, and the authorizer's
//!   `ttl_secs` becomes an integer.
//! - 3 → 4 added the writer client, its grant and the two roles as resources, and the API's
//!   permissions, the test client's permissions, RBAC and two more token dialects as inputs.
//!   A version-3 file has none of them and loads as it is (the inputs take their defaults; a
//!   saved `token_dialect` is kept). The number changes so that an older build refuses a new
//!   file as "written by a newer authgate" instead of calling it damaged.
//!
//! Not a version: the optional `inputs.authorizer` table (your own authorizer code) is absent
//! from every file that does not use it, so older files load unchanged and files without it
//! stay readable by older builds; only an older build reading a file that names custom code
//! refuses it (an unknown field), which is what it should do.

use toml::{Table, Value};

use super::STATE_VERSION;

pub(super) fn migrate(mut value: Table, from: u32) -> Table {
    if from < 3 {
        ttl_secs_as_integer(&mut value);
    }
    if from < STATE_VERSION {
        value.insert("version".into(), Value::Integer(i64::from(STATE_VERSION)));
    }
    value
}

/// A `ttl_secs` that is not a number stays a string, and loading reports it as damaged.
fn ttl_secs_as_integer(value: &mut Table) {
    let details = value
        .get_mut("resources")
        .and_then(|r| r.get_mut("aws.authorizer"))
        .and_then(|a| a.get_mut("details"))
        .and_then(Value::as_table_mut);
    let Some(details) = details else { return };
    let ttl = details
        .get("ttl_secs")
        .and_then(Value::as_str)
        .and_then(|s| s.trim().parse::<i64>().ok());
    if let Some(ttl) = ttl {
        details.insert("ttl_secs".into(), Value::Integer(ttl));
    }
}
