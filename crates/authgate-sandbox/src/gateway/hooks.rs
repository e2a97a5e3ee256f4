//! Teaching hooks for the data plane, documented endpoints under `/sandbox/…`:
//!
//! - `GET /sandbox/authorizer-cache[?api=ID&stage=NAME]` → the cached authorizer results per
//!   API and stage: token SHA-256 (never the token), principal, policy, context, seconds left.
//! - `DELETE /sandbox/authorizer-cache` → flushes everything; `DELETE
//!   /sandbox/authorizer-cache/{api}/{stage}` flushes one stage (what API Gateway's
//!   `FlushStageAuthorizersCache` does). Both answer `{"flushed": N}`.
//! - `GET /sandbox/clock-skew`, `POST /sandbox/clock-skew` with `{"skew_secs": S}` → the
//!   sandbox clock's offset (see [`crate::clock`] for where it applies).

use axum::extract::{Path, Query, State};
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Gateway;
use super::cache::CacheView;

pub fn routes() -> Router<Gateway> {
    Router::new()
        .route(
            "/sandbox/authorizer-cache",
            get(show_cache).delete(flush_all),
        )
        .route(
            "/sandbox/authorizer-cache/{api}/{stage}",
            delete(flush_stage),
        )
        .route("/sandbox/clock-skew", get(show_skew).post(set_skew))
}

#[derive(Deserialize)]
struct CacheFilter {
    api: Option<String>,
    stage: Option<String>,
}

async fn show_cache(
    State(gateway): State<Gateway>,
    Query(filter): Query<CacheFilter>,
) -> Json<Value> {
    let views: Vec<CacheView> = gateway
        .cache
        .view()
        .into_iter()
        .filter(|v| filter.api.as_ref().is_none_or(|a| *a == v.api_id))
        .filter(|v| filter.stage.as_ref().is_none_or(|s| *s == v.stage))
        .collect();
    let mut stages: Vec<Value> = Vec::new();
    for view in views {
        let same = stages.last().is_some_and(|s| {
            s["api_id"] == view.api_id.as_str() && s["stage"] == view.stage.as_str()
        });
        if !same {
            stages.push(json!({ "api_id": view.api_id, "stage": view.stage, "entries": [] }));
        }
        let entry = json!({
            "authorizer_id": view.authorizer_id,
            "token_sha256": view.token_sha256,
            "principal_id": view.principal_id,
            "policy_document": view.policy_document,
            "context": view.context,
            "seconds_left": view.seconds_left,
        });
        if let Some(Value::Array(entries)) = stages.last_mut().map(|s| &mut s["entries"]) {
            entries.push(entry);
        }
    }
    Json(json!({ "skew_secs": gateway.cache.clock().skew_secs(), "stages": stages }))
}

async fn flush_all(State(gateway): State<Gateway>) -> Json<Value> {
    Json(json!({ "flushed": gateway.cache.flush_all() }))
}

async fn flush_stage(
    State(gateway): State<Gateway>,
    Path((api, stage)): Path<(String, String)>,
) -> Json<Value> {
    Json(json!({ "flushed": gateway.cache.flush_stage(&api, &stage) }))
}

fn skew(gateway: &Gateway) -> Json<Value> {
    let clock = gateway.cache.clock();
    Json(json!({ "skew_secs": clock.skew_secs(), "now": clock.now_secs() }))
}

async fn show_skew(State(gateway): State<Gateway>) -> Json<Value> {
    skew(&gateway)
}

#[derive(Deserialize)]
struct Skew {
    skew_secs: i64,
}

async fn set_skew(State(gateway): State<Gateway>, Json(body): Json<Skew>) -> Json<Value> {
    gateway.cache.clock().set_skew_secs(body.skew_secs);
    skew(&gateway)
}
