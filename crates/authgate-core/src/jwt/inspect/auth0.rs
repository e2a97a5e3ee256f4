//! What Auth0's claims and header parameters mean, for people, and the Auth0-specific
//! observations (`observations`: an ID token sent as the access token, …).

mod observations;

use serde::Serialize;
use serde_json::Value;

pub use observations::{Observation, observations};

/// One claim explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimNote {
    pub claim: String,
    pub meaning: String,
}

/// Explains the claims Auth0 access tokens carry.
pub fn notes(claims: &Value) -> Vec<ClaimNote> {
    // A token that does not decode has no claims to explain ("scope: absent" would mislead).
    if !claims.is_object() {
        return Vec::new();
    }
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    let mut notes = Vec::new();
    let mut note = |claim: &str, meaning: String| {
        notes.push(ClaimNote {
            claim: claim.to_owned(),
            meaning,
        });
    };
    if let Some(sub) = text("sub") {
        if let Some(client) = sub.strip_suffix("@clients") {
            note(
                "sub",
                format!("machine-to-machine: the application `{client}` (client credentials)"),
            );
        } else if let Some((connection, _)) = sub.split_once('|') {
            note("sub", format!("a user from the `{connection}` connection"));
        } else {
            note(
                "sub",
                "the subject; becomes the policy's principalId".to_owned(),
            );
        }
    }
    match text("gty") {
        Some("client-credentials") => note(
            "gty",
            "grant type: client credentials (machine-to-machine)".to_owned(),
        ),
        Some(other) => note("gty", format!("grant type: {other}")),
        None => {}
    }
    if let Some(azp) = text("azp") {
        note(
            "azp",
            format!("authorized party: the application `{azp}` that requested the token"),
        );
    }
    if let Some(client_id) = text("client_id") {
        note(
            "client_id",
            format!("the application `{client_id}` (RFC 9068 profile)"),
        );
    }
    match claims.get("scope") {
        Some(Value::String(scope)) if !scope.is_empty() => {
            let count = scope.split_whitespace().count();
            note(
                "scope",
                format!("{count} scope(s) granted; passed to the API as context.scope"),
            );
        }
        Some(_) => note("scope", "no scopes granted".to_owned()),
        None => note(
            "scope",
            "absent: the client grant has no scopes; context.scope is \"\"".to_owned(),
        ),
    }
    if let Some(Value::Array(permissions)) = claims.get("permissions") {
        note(
            "permissions",
            format!(
                "{} RBAC permission(s) (dialect access_token_authz); the authorizer grants \
                 these plus `scope`",
                permissions.len()
            ),
        );
    }
    if let Some(aud) = claims.get("aud") {
        let meaning = match aud {
            Value::Array(items) => {
                format!("{} audiences; AUDIENCE must be one of them", items.len())
            }
            _ => "the API identifier the token is for; must equal AUDIENCE".to_owned(),
        };
        note("aud", meaning);
    }
    if let Some(iss) = text("iss") {
        let slash = if iss.ends_with('/') {
            ""
        } else {
            " (no trailing slash: unusual for Auth0)"
        };
        note(
            "iss",
            format!("the tenant that issued it; TOKEN_ISSUER must equal it exactly{slash}"),
        );
    }
    notes
}

/// `access_token` / `access_token_authz` / `rfc9068_profile` / `rfc9068_profile_authz`.
pub fn dialect_guess(header: &Value, claims: &Value) -> Option<&'static str> {
    let has = |name: &str| claims.get(name).is_some();
    let authz = has("permissions");
    let rfc9068 = header
        .get("typ")
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("at+jwt"))
        || (has("client_id") && has("jti") && !has("azp"));
    match (rfc9068, has("azp") || has("gty"), authz) {
        (true, _, false) => Some("rfc9068_profile"),
        (true, _, true) => Some("rfc9068_profile_authz"),
        (false, true, false) => Some("access_token"),
        (false, true, true) => Some("access_token_authz"),
        (false, false, _) => None,
    }
}

/// Header parameters that carry or point at keys: present means someone hoped they'd be used.
pub fn header_warnings(header: &Value) -> Vec<String> {
    ["jku", "x5u", "jwk", "x5c"]
        .into_iter()
        .filter(|name| header.get(name).is_some())
        .map(|name| format!("header `{name}` is ignored: keys come only from the configured JWKS"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn explains_auth0_claims_and_guesses_the_dialect() {
        let m2m = json!({"sub": "abc@clients", "gty": "client-credentials", "azp": "abc", "aud": "x", "iss": "https://t/"});
        let notes = notes(&m2m);
        assert!(
            notes
                .iter()
                .any(|n| n.claim == "sub" && n.meaning.contains("machine-to-machine"))
        );
        assert!(
            notes
                .iter()
                .any(|n| n.claim == "scope" && n.meaning.contains("absent"))
        );
        assert_eq!(dialect_guess(&json!({}), &m2m), Some("access_token"));
        let rfc = json!({"sub": "u", "client_id": "c", "jti": "j", "permissions": []});
        assert_eq!(
            dialect_guess(&json!({"typ": "at+jwt"}), &rfc),
            Some("rfc9068_profile_authz")
        );
        assert_eq!(dialect_guess(&json!({}), &json!({"sub": "x"})), None);
        assert_eq!(header_warnings(&json!({"jku": "u", "kid": "k"})).len(), 1);
    }
}
