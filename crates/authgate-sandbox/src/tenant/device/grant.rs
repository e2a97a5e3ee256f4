//! `POST /oauth/token` with `grant_type=urn:ietf:params:oauth:grant-type:device_code`: the
//! polling client's answers, with Auth0's status codes and texts.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::codes::{INTERVAL, Poll};
use super::{api, device_client, tokens};
use crate::tenant::TenantState;
use crate::tenant::oauth_wire::{missing, oauth_error};

/// Auth0's API reference, "Device Authorization Flow" → `POST /oauth/token` samples.
pub const PENDING: &str = "User has yet to authorize device code.";
/// This sandbox's text: Auth0 documents the code (once, then `invalid_grant`) but not it.
pub const EXPIRED: &str = "The device code has expired. Start a new device login.";
/// This sandbox's text for a denied login (Auth0 documents the code only).
pub const DENIED: &str = "The user denied access to the device.";
/// This sandbox's text for an unknown, used or already reported code.
pub const INVALID: &str = "Invalid or expired device code.";

pub fn slow_down_text() -> String {
    format!("You are polling faster than the specified interval of {INTERVAL} seconds.")
}

/// Answers one poll; `p` holds the request's parameters.
pub fn exchange(s: &TenantState, p: &Value) -> Response {
    let field = |k: &str| p[k].as_str().unwrap_or("").to_owned();
    let (client_id, device_code) = (field("client_id"), field("device_code"));
    if client_id.is_empty() {
        return missing("client_id");
    }
    if device_code.is_empty() {
        return missing("device_code");
    }
    let client = match device_client(s, &client_id) {
        Ok(client) => client,
        Err(refused) => return refused,
    };
    let now = s.0.clock.now_millis();
    let outcome = crate::sync::lock(&s.0.devices).poll(&device_code, &client_id, now);
    let (authorization, account) = match outcome {
        Poll::Pending => {
            return oauth_error(StatusCode::FORBIDDEN, "authorization_pending", PENDING);
        }
        Poll::SlowDown => {
            return oauth_error(
                StatusCode::TOO_MANY_REQUESTS,
                "slow_down",
                &slow_down_text(),
            );
        }
        Poll::Expired => return oauth_error(StatusCode::FORBIDDEN, "expired_token", EXPIRED),
        Poll::Denied => return oauth_error(StatusCode::FORBIDDEN, "access_denied", DENIED),
        Poll::Invalid => return oauth_error(StatusCode::FORBIDDEN, "invalid_grant", INVALID),
        Poll::Approved(authorization, account) => (authorization, account),
    };
    // The API may have been deleted while the user signed in.
    let api = match api(s, &authorization.audience) {
        Ok(api) => api,
        Err(refused) => return refused,
    };
    let body = tokens::issue(
        s,
        &tokens::Request {
            client: &client,
            api: &api,
            scopes: &authorization.scopes,
            account: &account,
        },
    );
    ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}
