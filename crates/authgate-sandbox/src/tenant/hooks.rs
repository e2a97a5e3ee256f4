//! Teaching and test hooks, documented endpoints under `/sandbox/…`:
//!
//! - `POST /sandbox/rotate-keys` → `{"kid": NEW}`; the previous key stays in the JWKS.
//! - `POST /sandbox/management-scopes` with `{"scopes": [...]}` → the scopes the management
//!   app's *next* tokens carry (already issued tokens keep theirs, as on Auth0).
//! - `POST /sandbox/rate-limit` with `{"count": N, "reset_in": S}` → the next N Management
//!   API responses are 429 with `x-ratelimit-reset` S seconds ahead.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::{TenantState, management_scopes};

/// The Management API's per-window request budget the sandbox advertises.
const RATE_LIMIT: u32 = 50;

#[derive(Debug)]
pub struct Hooks {
    pub management_scopes: Vec<String>,
    rate_limited: u32,
    reset_in: u64,
}

impl Default for Hooks {
    fn default() -> Self {
        Self {
            management_scopes: management_scopes().map(str::to_owned).collect(),
            rate_limited: 0,
            reset_in: 0,
        }
    }
}

pub fn routes() -> Router<TenantState> {
    Router::new()
        .route("/sandbox/rotate-keys", post(rotate_keys))
        .route("/sandbox/management-scopes", post(set_scopes))
        .route("/sandbox/rate-limit", post(set_rate_limit))
}

async fn rotate_keys(State(s): State<TenantState>) -> Response {
    let mut keys = crate::sync::write(&s.0.keys);
    match keys.rotate() {
        Ok(kid) => Json(json!({ "kid": kid })).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

#[derive(Deserialize)]
struct Scopes {
    scopes: Vec<String>,
}

async fn set_scopes(State(s): State<TenantState>, Json(body): Json<Scopes>) -> Response {
    crate::sync::lock(&s.0.hooks).management_scopes = body.scopes;
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
struct RateLimit {
    count: u32,
    reset_in: u64,
}

async fn set_rate_limit(State(s): State<TenantState>, Json(body): Json<RateLimit>) -> Response {
    let mut hooks = crate::sync::lock(&s.0.hooks);
    hooks.rate_limited = body.count;
    hooks.reset_in = body.reset_in;
    StatusCode::NO_CONTENT.into_response()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Middleware on `/api/v2/*`: serves forced 429s and stamps the `x-ratelimit-*` headers.
pub async fn rate_limit(State(s): State<TenantState>, request: Request, next: Next) -> Response {
    let forced = {
        let mut hooks = crate::sync::lock(&s.0.hooks);
        if hooks.rate_limited > 0 {
            hooks.rate_limited -= 1;
            Some(hooks.reset_in)
        } else {
            None
        }
    };
    let (mut response, remaining, reset) = match forced {
        Some(reset_in) => {
            let body = super::envelope::envelope(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "Global limit has been reached",
            );
            (body, 0, now() + reset_in)
        }
        None => (next.run(request).await, RATE_LIMIT - 1, now() + 1),
    };
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-limit", HeaderValue::from(RATE_LIMIT));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
    headers.insert("x-ratelimit-reset", HeaderValue::from(reset));
    response
}
