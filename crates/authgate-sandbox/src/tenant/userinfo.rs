//! `GET /userinfo` (OIDC): the signed-in user's profile for an access token whose `aud`
//! names this endpoint, which Auth0 adds to user tokens asked for with `openid`. Claims
//! follow the token's scopes: `sub` always, `name`/`nickname`/`picture`/`updated_at` with
//! `profile`, `email`/`email_verified` with `email`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::{TenantState, UserId};

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")],
        "Unauthorized",
    )
        .into_response()
}

pub async fn userinfo(State(s): State<TenantState>, headers: HeaderMap) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(claims) = bearer.and_then(|t| crate::sync::read(&s.0.keys).verify(t)) else {
        return unauthorized();
    };
    let endpoint = format!("{}/userinfo", s.base_url());
    let for_userinfo = claims["aud"]
        .as_array()
        .is_some_and(|a| a.iter().any(|v| v == endpoint.as_str()));
    let live = claims["exp"]
        .as_i64()
        .is_some_and(|exp| exp > s.0.clock.now_secs());
    if claims["iss"] != s.issuer().as_str() || !for_userinfo || !live {
        return unauthorized();
    }
    let sub = claims["sub"].as_str().unwrap_or_default().to_owned();
    let Some(profile) = s.user_profile(&UserId(sub.clone())) else {
        return unauthorized();
    };
    let scopes: Vec<&str> = claims["scope"]
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let mut info = Map::new();
    info.insert("sub".into(), Value::String(sub));
    let mut copy = |keys: &[&str]| {
        for key in keys {
            if let Some(value) = profile.get(*key) {
                info.insert((*key).to_owned(), value.clone());
            }
        }
    };
    if scopes.contains(&"profile") {
        copy(&["name", "nickname", "picture", "updated_at"]);
    }
    if scopes.contains(&"email") {
        copy(&["email", "email_verified"]);
    }
    Json(Value::Object(info)).into_response()
}
