//! `POST /oauth/token` with `grant_type=authorization_code`: the code, the client, the
//! redirect URI and the PKCE `code_verifier` checked, then the user's tokens. A single-page
//! application sends it from its own origin, so the answer carries CORS headers for an origin
//! the client allows (Auth0's "Allowed Web Origins", its callbacks' origins); any other
//! cross-origin call gets none, and the browser keeps the answer from the page.

use aws_lc_rs::digest::{SHA256, digest};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::Value;

use crate::tenant::TenantState;
use crate::tenant::device::{api, tokens};
use crate::tenant::oauth_wire::{missing, oauth_error};

const INVALID_CODE: &str = "Invalid authorization code";

/// The origins a browser may call the token endpoint from for this client.
fn allowed_origins(client: &Value) -> Vec<String> {
    let mut origins: Vec<String> = ["web_origins", "allowed_origins"]
        .iter()
        .flat_map(|key| client[*key].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_str().map(|s| s.trim_end_matches('/').to_owned()))
        .collect();
    for callback in client["callbacks"].as_array().into_iter().flatten() {
        if let Some(url) = callback.as_str().and_then(|c| url::Url::parse(c).ok()) {
            origins.push(url.origin().ascii_serialization());
        }
    }
    origins
}

fn with_cors(mut response: Response, origin: Option<&str>) -> Response {
    if let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// Exchanges a code; `origin` is the calling page's origin when it is not the sandbox's.
pub fn exchange(s: &TenantState, p: &Value, origin: Option<&str>) -> Response {
    let field = |k: &str| p[k].as_str().unwrap_or("").to_owned();
    let client_id = field("client_id");
    let client: Option<Value> = {
        let store = crate::sync::lock(&s.0.store);
        let clients = &store.objects.clients;
        clients
            .iter()
            .find(|c| c["client_id"] == client_id.as_str())
            .cloned()
    };
    let Some(client) = client else {
        return oauth_error(StatusCode::UNAUTHORIZED, "access_denied", "Unauthorized");
    };
    // Which origin may read the answer: none unless the client allows it.
    let cors = origin.filter(|o| allowed_origins(&client).iter().any(|a| a == o));
    if origin.is_some() && cors.is_none() {
        tracing::warn!(
            client_id,
            "token request from an origin the client does not allow"
        );
    }
    with_cors(answer(s, p, &client, &field), cors)
}

fn answer(s: &TenantState, p: &Value, client: &Value, field: &dyn Fn(&str) -> String) -> Response {
    for name in ["code", "code_verifier", "redirect_uri"] {
        if field(name).is_empty() {
            return missing(name);
        }
    }
    let secret = client["client_secret"].as_str();
    let public = client["token_endpoint_auth_method"] == "none";
    if !public && secret != p["client_secret"].as_str() {
        return oauth_error(StatusCode::UNAUTHORIZED, "access_denied", "Unauthorized");
    }
    let now = s.0.clock.now_millis();
    let Some(issued) = crate::sync::lock(&s.0.codes).take(&field("code"), now) else {
        return oauth_error(StatusCode::FORBIDDEN, "invalid_grant", INVALID_CODE);
    };
    if issued.client_id != field("client_id") || issued.redirect_uri != field("redirect_uri") {
        return oauth_error(StatusCode::FORBIDDEN, "invalid_grant", INVALID_CODE);
    }
    let hashed = digest(&SHA256, field("code_verifier").as_bytes());
    let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(hashed.as_ref());
    if computed != issued.code_challenge {
        return oauth_error(
            StatusCode::FORBIDDEN,
            "invalid_grant",
            "Failed PKCE verification",
        );
    }
    let api = match api(s, &issued.audience) {
        Ok(api) => api,
        Err(refused) => return refused,
    };
    let body = tokens::issue(
        s,
        &tokens::Request {
            client,
            api: &api,
            scopes: &issued.scopes,
            account: &issued.account,
        },
    );
    ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}
