//! Discovery, JWKS and `POST /oauth/token` (client credentials here, the device-code grant in
//! `device::grant`), with Auth0's error bodies.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::device::{self, DEVICE_GRANT};
use super::ids::random_id;
use super::oauth_wire::{oauth_error, parameters};
use super::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET, TenantState};

pub fn routes() -> Router<TenantState> {
    Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/oauth/token", post(token))
        .route("/oauth/device/code", post(device::device_code))
        .route("/userinfo", get(super::userinfo::userinfo))
}

async fn discovery(State(s): State<TenantState>) -> Json<Value> {
    let base = s.base_url();
    Json(json!({
        "issuer": s.issuer(),
        "token_endpoint": format!("{base}/oauth/token"),
        "userinfo_endpoint": format!("{base}/userinfo"),
        "jwks_uri": format!("{base}/.well-known/jwks.json"),
        "device_authorization_endpoint": format!("{base}/oauth/device/code"),
        "authorization_endpoint": format!("{base}/authorize"),
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "grant_types_supported": ["authorization_code", "client_credentials", DEVICE_GRANT],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }))
}

async fn jwks(State(s): State<TenantState>) -> Json<Value> {
    Json(crate::sync::read(&s.0.keys).jwks())
}

async fn token(State(s): State<TenantState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(p) = parameters(&headers, &body) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Malformed request body",
        );
    };
    let field = |k: &str| p[k].as_str().unwrap_or("").to_owned();
    if let Some(answered) = web_app_exchange(&s, &headers, &p) {
        return answered;
    }
    if field("grant_type") == DEVICE_GRANT {
        return device::grant::exchange(&s, &p);
    }
    if field("grant_type") != "client_credentials" {
        return oauth_error(
            StatusCode::FORBIDDEN,
            "unsupported_grant_type",
            &format!(
                "Unsupported grant type. The sandbox supports authorization_code, \
                 client_credentials and {DEVICE_GRANT} only."
            ),
        );
    }
    let (client_id, secret, audience) = (
        field("client_id"),
        field("client_secret"),
        field("audience"),
    );
    if audience.is_empty() {
        return oauth_error(
            StatusCode::FORBIDDEN,
            "access_denied",
            "No audience parameter was provided, and no default audience has been configured",
        );
    }
    let issued = if client_id == MANAGEMENT_CLIENT_ID {
        management_grant(&s, &secret, &audience)
    } else {
        client_grant(&s, &client_id, &secret, &audience)
    };
    let (granted, lifetime, dialect) = match issued {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let requested: Vec<String> = field("scope")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let missing: Vec<&str> = requested
        .iter()
        .filter(|r| !granted.contains(r))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        let text = format!("Client has not been granted scopes: {}", missing.join(" "));
        return oauth_error(StatusCode::FORBIDDEN, "access_denied", &text);
    }
    let scopes = if requested.is_empty() {
        granted
    } else {
        requested
    };
    let now = s.0.clock.now_secs();
    let mut claims = json!({
        "iss": s.issuer(), "sub": format!("{client_id}@clients"), "aud": audience,
        "iat": now, "exp": now + lifetime, "gty": "client-credentials",
    });
    if !scopes.is_empty() {
        claims["scope"] = Value::String(scopes.join(" "));
    }
    let rfc9068 = dialect.starts_with("rfc9068_profile");
    if rfc9068 {
        claims["client_id"] = Value::String(client_id);
        claims["jti"] = Value::String(random_id(24));
    } else {
        claims["azp"] = Value::String(client_id);
    }
    // "Add permissions in the access token" applies to M2M tokens too: Auth0 puts the
    // granted scopes in `permissions` as well (an empty array when none were granted).
    if dialect.ends_with("_authz") {
        claims["permissions"] = Value::from(scopes.clone());
    }
    let typ = if rfc9068 { "at+jwt" } else { "JWT" };
    let access_token = match super::hs256::secret_for(&s, &audience) {
        Some(secret) => super::hs256::sign(typ, &claims, &secret),
        None => crate::sync::read(&s.0.keys).sign(typ, &claims),
    };
    let mut response =
        json!({ "access_token": access_token, "token_type": "Bearer", "expires_in": lifetime });
    if !scopes.is_empty() {
        response["scope"] = Value::String(scopes.join(" "));
    }
    Json(response).into_response()
}

/// The authorization-code grant, or a web page's call for another grant (refused: a secret
/// in a page is no secret, and a device poll or client credentials need no page); `None`
/// for the other grants from SDKs and CLIs.
fn web_app_exchange(s: &TenantState, headers: &HeaderMap, p: &Value) -> Option<Response> {
    let page = foreign_origin(s, headers);
    if p["grant_type"] == "authorization_code" {
        return Some(super::authorize::grant::exchange(s, p, page.as_deref()));
    }
    let origin = page?;
    Some(oauth_error(
        StatusCode::FORBIDDEN,
        "access_denied",
        &format!(
            "cross-origin token request refused (from {origin}): a web page may only exchange \
             an authorization code"
        ),
    ))
}

/// The calling page's origin when a browser sent the request from another origin (the guard
/// lets `POST /oauth/token` through for the authorization-code exchange of a web app).
fn foreign_origin(s: &TenantState, headers: &HeaderMap) -> Option<String> {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match origin {
        Some(o) if o != s.base_url() && !is_own_loopback(s, o) => Some(o.to_owned()),
        None if matches!(site, "cross-site" | "same-site") => Some(format!("a {site} page")),
        _ => None,
    }
}

/// `http://localhost:PORT` and `http://[::1]:PORT` are the sandbox too.
fn is_own_loopback(s: &TenantState, origin: &str) -> bool {
    let port = s.base_url().rsplit(':').next().unwrap_or_default();
    ["localhost", "[::1]", "127.0.0.1"]
        .iter()
        .any(|host| origin == format!("http://{host}:{port}"))
}

type Issued = Result<(Vec<String>, i64, String), Response>;

fn unauthorized() -> Response {
    oauth_error(StatusCode::UNAUTHORIZED, "access_denied", "Unauthorized")
}

fn management_grant(s: &TenantState, secret: &str, audience: &str) -> Issued {
    if secret != MANAGEMENT_CLIENT_SECRET {
        return Err(unauthorized());
    }
    if audience != s.management_audience() {
        return Err(not_authorized(audience));
    }
    let scopes = crate::sync::lock(&s.0.hooks).management_scopes.clone();
    Ok((scopes, 86_400, "access_token".into()))
}

fn not_authorized(audience: &str) -> Response {
    let text = format!(
        "Client is not authorized to access \"{audience}\". You need to create a \"client-grant\" associated to this API."
    );
    oauth_error(StatusCode::FORBIDDEN, "access_denied", &text)
}

fn client_grant(s: &TenantState, client_id: &str, secret: &str, audience: &str) -> Issued {
    let store = crate::sync::lock(&s.0.store);
    let objects = &store.objects;
    let Some(client) = objects.clients.iter().find(|c| c["client_id"] == client_id) else {
        return Err(unauthorized());
    };
    if client["client_secret"] != secret {
        return Err(unauthorized());
    }
    let allows_cc = client["grant_types"]
        .as_array()
        .is_some_and(|g| g.iter().any(|t| t == "client_credentials"));
    if !allows_cc {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "unauthorized_client",
            "Grant type 'client_credentials' not allowed for the client.",
        ));
    }
    let Some(api) = objects
        .resource_servers
        .iter()
        .find(|r| r["identifier"] == audience)
    else {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "access_denied",
            &format!("Service not found: {audience}"),
        ));
    };
    let grant = objects
        .client_grants
        .iter()
        .find(|g| g["client_id"] == client_id && g["audience"] == audience);
    let Some(grant) = grant else {
        return Err(not_authorized(audience));
    };
    let scopes = grant["scope"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let lifetime = api["token_lifetime"].as_i64().unwrap_or(86_400);
    let dialect = api["token_dialect"]
        .as_str()
        .unwrap_or("access_token")
        .to_owned();
    Ok((scopes, lifetime, dialect))
}
