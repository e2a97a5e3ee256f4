//! The OAuth 2.0 Device Authorization Grant (RFC 8628) as Auth0 implements it:
//! `POST /oauth/device/code` starts a login, the `/activate` page (see `activate`) lets a
//! seeded user enter the code and sign in, and `POST /oauth/token` with the device-code
//! grant (see [`grant`]) answers the polling client.

pub mod codes;
pub mod grant;
pub(crate) mod tokens;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::TenantState;
use super::oauth_wire::{missing, oauth_error, parameters};

/// The grant type of RFC 8628 §3.4.
pub const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// Scopes about the user rather than an API; a user token's `scope` keeps the requested ones.
pub const OIDC_SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "address",
    "phone",
    "offline_access",
];

/// A client that may use the device grant: a native application with the grant enabled.
/// Otherwise the 401 for an unknown client, or Auth0's `unauthorized_client`.
pub fn device_client(s: &TenantState, client_id: &str) -> Result<Value, Response> {
    let store = crate::sync::lock(&s.0.store);
    let Some(client) = store
        .objects
        .clients
        .iter()
        .find(|c| c["client_id"] == client_id)
    else {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "access_denied",
            "Unauthorized",
        ));
    };
    let granted = client["grant_types"]
        .as_array()
        .is_some_and(|g| g.iter().any(|t| t == DEVICE_GRANT));
    if !granted || client["app_type"] != "native" {
        let body = json!({
            "error": "unauthorized_client",
            "error_description": format!("Grant type '{DEVICE_GRANT}' not allowed for the client."),
            "error_uri": "https://auth0.com/docs/clients/client-grant-types",
        });
        return Err((StatusCode::FORBIDDEN, Json(body)).into_response());
    }
    Ok(client.clone())
}

/// The API (resource server) whose identifier is `audience`, or Auth0's 403.
pub fn api(s: &TenantState, audience: &str) -> Result<Value, Response> {
    if audience.is_empty() {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "access_denied",
            "No audience parameter was provided, and no default audience has been configured",
        ));
    }
    let store = crate::sync::lock(&s.0.store);
    store
        .objects
        .resource_servers
        .iter()
        .find(|r| r["identifier"] == audience)
        .cloned()
        .ok_or_else(|| {
            oauth_error(
                StatusCode::FORBIDDEN,
                "access_denied",
                &format!("Service not found: {audience}"),
            )
        })
}

/// `POST /oauth/device/code` (form or JSON: `client_id`, `scope`, `audience`).
pub async fn device_code(
    State(s): State<TenantState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(p) = parameters(&headers, &body) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Malformed request body",
        );
    };
    let field = |k: &str| p[k].as_str().unwrap_or("").to_owned();
    let client_id = field("client_id");
    if client_id.is_empty() {
        return missing("client_id");
    }
    if let Err(refused) = device_client(&s, &client_id) {
        return refused;
    }
    let audience = field("audience");
    if let Err(refused) = api(&s, &audience) {
        return refused;
    }
    let scopes: Vec<String> = field("scope")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let now = s.0.clock.now_millis();
    let started = crate::sync::lock(&s.0.devices).start(&client_id, &audience, scopes, now);
    let Some((device_code, user_code)) = started else {
        return oauth_error(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "Too many device authorizations are pending; finish or let some expire first.",
        );
    };
    let verification_uri = format!("{}/activate", s.base_url());
    let body = json!({
        "device_code": device_code,
        "user_code": user_code,
        "verification_uri_complete": format!("{verification_uri}?user_code={user_code}"),
        "verification_uri": verification_uri,
        "expires_in": codes::EXPIRES_IN,
        "interval": codes::INTERVAL,
    });
    ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}
