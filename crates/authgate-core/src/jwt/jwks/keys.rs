//! JWKS JSON → verification keys: RSA signing keys only, from `n`/`e` or else `x5c[0]`.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::DecodingKey;
use serde_json::Value;

use super::{JwksError, KeySet, x5c};

/// Keeps keys with `kty: RSA`, a string `kid`, `use` absent or `sig`, and usable material.
/// Everything else is ignored (not an error): a JWKS may also publish encryption keys.
pub fn parse_keys(document: &Value) -> Result<KeySet, JwksError> {
    let Some(keys) = document.get("keys").and_then(Value::as_array) else {
        return Err(JwksError::NoKeys);
    };
    let mut set = KeySet::new();
    for jwk in keys {
        let field = |name: &str| jwk.get(name).and_then(Value::as_str);
        if field("kty") != Some("RSA") || jwk.get("use").is_some_and(|u| u.as_str() != Some("sig"))
        {
            continue;
        }
        let Some(kid) = field("kid") else { continue };
        if let Some(key) = rsa_key(jwk) {
            set.entry(kid.to_owned()).or_insert_with(|| Arc::new(key));
        }
    }
    Ok(set)
}

fn rsa_key(jwk: &Value) -> Option<DecodingKey> {
    let field = |name: &str| jwk.get(name).and_then(Value::as_str);
    if let (Some(n), Some(e)) = (field("n"), field("e")) {
        return DecodingKey::from_rsa_components(n, e).ok();
    }
    let cert = jwk.get("x5c")?.as_array()?.first()?.as_str()?;
    let der = STANDARD.decode(cert).ok()?;
    x5c::rsa_public_key(&der).map(DecodingKey::from_rsa_der)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_only_rsa_signing_keys() {
        let doc = json!({"keys": [
            {"kty": "RSA", "kid": "a", "use": "sig", "n": "AQAB", "e": "AQAB"},
            {"kty": "RSA", "kid": "b", "n": "AQAB", "e": "AQAB"},
            {"kty": "RSA", "kid": "c", "use": "enc", "n": "AQAB", "e": "AQAB"},
            {"kty": "EC", "kid": "d", "use": "sig", "x": "AQAB", "y": "AQAB"},
            {"kty": "RSA", "use": "sig", "n": "AQAB", "e": "AQAB"},
            {"kty": "RSA", "kid": "f", "n": "**", "e": "AQAB"},
            {"kty": "RSA", "kid": "g"},
            "junk"
        ]});
        let mut kids: Vec<_> = parse_keys(&doc).unwrap().into_keys().collect();
        kids.sort();
        assert_eq!(kids, ["a", "b"]);
        assert!(parse_keys(&json!({"keys": {}})).is_err());
        assert!(parse_keys(&json!([])).is_err());
    }
}
