//! Reserved concurrency (`PutFunctionConcurrency`, `GetFunctionConcurrency`,
//! `DeleteFunctionConcurrency`): the most execution environments a function may have at
//! once; invocations beyond it are throttled (429), as Lambda does.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::shared::{function, invalid, name_of};
use crate::aws::state::AwsState;
use crate::aws::wire::Fault;

/// The sandbox's ceiling for a reservation (AWS's is the account's unreserved capacity).
const MAX_RESERVED: u32 = 1000;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PutConcurrency {
    reserved_concurrent_executions: u32,
}

pub async fn put(
    State(state): State<AwsState>,
    Path(name): Path<String>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: PutConcurrency = super::config::parse(&bytes)?;
    let reserved = request.reserved_concurrent_executions;
    if reserved > MAX_RESERVED {
        return Err(invalid(format!(
            "ReservedConcurrentExecutions {reserved} is above the sandbox's {MAX_RESERVED}"
        )));
    }
    set_reserved(&state, &name, Some(reserved))?;
    Ok(axum::Json(json!({ "ReservedConcurrentExecutions": reserved })).into_response())
}

pub async fn get(
    State(state): State<AwsState>,
    Path(name): Path<String>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let f = function(&s.doc, &name)?;
        Ok(axum::Json(match f.reserved_concurrency {
            Some(n) => json!({ "ReservedConcurrentExecutions": n }),
            None => json!({}),
        })
        .into_response())
    })
}

pub async fn delete(
    State(state): State<AwsState>,
    Path(name): Path<String>,
) -> Result<Response, Fault> {
    set_reserved(&state, &name, None)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Saves the function's reservation; the runtime's next invocation picks it up.
fn set_reserved(state: &AwsState, name: &str, reserved: Option<u32>) -> Result<(), Fault> {
    let name = name_of(name);
    state.write(|s| {
        let mut f = function(&s.doc, name)?.clone();
        f.reserved_concurrency = reserved;
        s.doc.functions.insert(name.to_owned(), f);
        Ok(())
    })
}
