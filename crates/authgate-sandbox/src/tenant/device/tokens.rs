//! A user's tokens from an approved device login, shaped like Auth0's:
//!
//! - **access token** (RS256, the tenant's signing key): `iss`, `sub` (`auth0|…`), `aud`
//!   (the API, plus the tenant's `/userinfo` when `openid` was asked for), `iat`, `exp`,
//!   `azp`, `scope`. `scope` keeps the requested OIDC scopes and the requested API scopes;
//!   with RBAC (`enforce_policies`) only those the user's roles grant. With RBAC and the
//!   `*_authz` dialect ("Add permissions in the access token") a `permissions` array holds
//!   every permission the user's roles grant on the API, requested or not.
//! - **ID token** when `openid` was asked for: `aud` is the client id, no `nonce` (nothing
//!   sent one), profile claims with `profile`, `email`/`email_verified` with `email`.
//!
//! No refresh token: the sandbox does not emulate the refresh grant, so `offline_access` is
//! left out of `scope`.

use serde_json::{Value, json};

use super::OIDC_SCOPES;
use crate::tenant::TenantState;
use crate::tenant::accounts::{self, Account};
use crate::tenant::ids::random_id;

/// Auth0's default ID token lifetime (`jwt_configuration.lifetime_in_seconds`).
const ID_TOKEN_LIFETIME: i64 = 36_000;

pub struct Request<'a> {
    pub client: &'a Value,
    pub api: &'a Value,
    pub scopes: &'a [String],
    pub account: &'a Account,
}

fn defined_scopes(api: &Value) -> Vec<&str> {
    api["scopes"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["value"].as_str()).collect())
        .unwrap_or_default()
}

/// The token endpoint's JSON body.
pub fn issue(s: &TenantState, r: &Request<'_>) -> Value {
    let client_id = r.client["client_id"].as_str().unwrap_or_default();
    let audience = r.api["identifier"].as_str().unwrap_or_default();
    let rbac = r.api["enforce_policies"] == true;
    let dialect = r.api["token_dialect"].as_str().unwrap_or("access_token");
    let granted = accounts::permissions(s, &r.account.user_id, audience);
    let defined = defined_scopes(r.api);
    let mut scopes: Vec<&str> = Vec::new();
    for scope in r.scopes.iter().map(String::as_str) {
        let oidc = OIDC_SCOPES.contains(&scope) && scope != "offline_access";
        let api_scope = defined.contains(&scope) && (!rbac || granted.iter().any(|g| g == scope));
        if (oidc || api_scope) && !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    let openid = scopes.contains(&"openid");
    let now = s.0.clock.now_secs();
    let lifetime = r.api["token_lifetime"].as_i64().unwrap_or(86_400);
    let aud = if openid {
        json!([audience, format!("{}/userinfo", s.base_url())])
    } else {
        json!(audience)
    };
    let mut claims = json!({
        "iss": s.issuer(), "sub": r.account.user_id, "aud": aud,
        "iat": now, "exp": now + lifetime, "scope": scopes.join(" "),
    });
    let rfc9068 = dialect.starts_with("rfc9068_profile");
    if rfc9068 {
        claims["client_id"] = json!(client_id);
        claims["jti"] = json!(random_id(24));
    } else {
        claims["azp"] = json!(client_id);
    }
    if rbac && dialect.ends_with("_authz") {
        claims["permissions"] = json!(granted);
    }
    let keys = crate::sync::read(&s.0.keys);
    let typ = if rfc9068 { "at+jwt" } else { "JWT" };
    let mut body = json!({
        "access_token": keys.sign(typ, &claims),
        "scope": scopes.join(" "),
        "expires_in": lifetime,
        "token_type": "Bearer",
    });
    if openid {
        body["id_token"] =
            json!(keys.sign("JWT", &id_claims(s, client_id, &scopes, r.account, now)));
    }
    body
}

fn id_claims(
    s: &TenantState,
    client_id: &str,
    scopes: &[&str],
    account: &Account,
    now: i64,
) -> Value {
    let mut claims = json!({
        "iss": s.issuer(), "sub": account.user_id, "aud": client_id,
        "iat": now, "exp": now + ID_TOKEN_LIFETIME,
    });
    if scopes.contains(&"profile") {
        claims["name"] = json!(account.name);
        claims["nickname"] = json!(account.nickname);
    }
    if scopes.contains(&"email") {
        claims["email"] = json!(account.email);
        claims["email_verified"] = json!(account.email_verified);
    }
    claims
}
