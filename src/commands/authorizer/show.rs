//! What `authorizer run` prints besides the handler's answer: the token, masked, and its
//! header and claims decoded locally (no verification: that is the handler's job).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The first 12 and last 6 characters, enough to tell tokens apart, too little to replay.
pub fn mask(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() <= 24 {
        return "…".repeat(usize::from(!chars.is_empty()));
    }
    let head: String = chars[..12].iter().collect();
    let tail: String = chars[chars.len() - 6..].iter().collect();
    format!("{head}…{tail} ({} characters)", chars.len())
}

/// The token from an Authorization value (`Bearer ` stripped when present).
pub fn token_of(authorization: &str) -> &str {
    authorization
        .strip_prefix("Bearer ")
        .unwrap_or(authorization)
}

/// Header and claims of a JWT, decoded without verifying anything.
pub fn decode_unverified(token: &str) -> Option<(Value, Value)> {
    let mut parts = token.split('.');
    let (header, claims, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let segment = |s: &str| -> Option<Value> {
        let bytes = URL_SAFE_NO_PAD.decode(s).ok()?;
        serde_json::from_slice(&bytes).ok().filter(Value::is_object)
    };
    Some((segment(header)?, segment(claims)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_the_ends_only() {
        let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz";
        let masked = mask(token);
        assert!(masked.starts_with("eyJhbGciOiJS…"));
        assert!(masked.contains("XJlLWJ5dGVz".get(5..).unwrap()));
        assert!(!masked.contains("eyJzdWIiOiJ4In0"));
        assert_eq!(mask("short"), "…");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn decodes_header_and_claims() {
        let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
        let (header, claims) = decode_unverified(token).unwrap();
        assert_eq!(header["alg"], "RS256");
        assert_eq!(claims["sub"], "x");
        assert!(decode_unverified("a.b").is_none());
        assert!(decode_unverified("e30.e30.x.y").is_none());
        assert_eq!(token_of("Bearer abc"), "abc");
    }
}
