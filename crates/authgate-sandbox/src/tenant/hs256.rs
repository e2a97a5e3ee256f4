//! Access tokens for an API set to sign with HS256 (the dashboard's "Signing Algorithm"), as
//! Auth0 issues them: HMAC-SHA256 with the API's signing secret, no `kid`. Authorizers that
//! verify RS256 against the JWKS refuse them, which is the lesson of that setting.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::TenantState;

/// The secret to sign tokens for `audience` with, when that API signs with HS256: its
/// `signing_secret`, or (an API made before the sandbox stored one) its id.
pub fn secret_for(s: &TenantState, audience: &str) -> Option<String> {
    let store = crate::sync::lock(&s.0.store);
    let api = store
        .objects
        .resource_servers
        .iter()
        .find(|r| r["identifier"] == audience)?;
    if api["signing_alg"] != "HS256" {
        return None;
    }
    api["signing_secret"]
        .as_str()
        .or_else(|| api["id"].as_str())
        .map(str::to_owned)
}

/// `claims` as a compact HS256 JWT.
pub fn sign(typ: &str, claims: &Value, secret: &str) -> String {
    let header = json!({ "alg": "HS256", "typ": typ });
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = aws_lc_rs::hmac::sign(&key, signing_input.as_bytes());
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hs256_token_has_no_kid_and_verifies_with_the_secret() {
        let token = sign("JWT", &json!({"sub": "x"}), "s3cret");
        let parts: Vec<&str> = token.split('.').collect();
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header, json!({"alg": "HS256", "typ": "JWT"}));
        let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, b"s3cret");
        let input = format!("{}.{}", parts[0], parts[1]);
        let tag = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
        assert!(aws_lc_rs::hmac::verify(&key, input.as_bytes(), &tag).is_ok());
    }
}
