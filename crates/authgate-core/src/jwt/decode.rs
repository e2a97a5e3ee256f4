//! From an `Authorization` header value to a decoded (not yet verified) token.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::reason::{Failure, Reason};

/// The largest `Authorization` header accepted, in bytes.
pub const MAX_HEADER_BYTES: usize = 8192;

/// A JWS compact token split and decoded. Nothing here is verified.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<'a> {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    /// `base64url(header) "." base64url(claims)`: what the signature covers.
    pub signing_input: &'a str,
    /// The third segment, still base64url.
    pub signature: &'a str,
}

impl Decoded<'_> {
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }
}

/// `Bearer <jwt>` → `<jwt>`, in the pinned order: missing, not Bearer, too large.
pub fn bearer_token(authorization: Option<&str>) -> Result<&str, Failure> {
    let header = match authorization {
        None | Some("") => {
            return Err(Failure::new(
                Reason::MissingToken,
                "no Authorization header value",
                "send `Authorization: Bearer <access token>`; get a token with `authgate token`",
            ));
        }
        Some(header) => header,
    };
    let Some(token) = header.strip_prefix("Bearer ") else {
        let hint = if header.to_ascii_lowercase().starts_with("bearer") {
            "the scheme is case-sensitive and takes exactly one space: `Bearer <token>`"
        } else if header.starts_with("eyJ") {
            "the value is a bare token: prefix it with `Bearer ` (API Gateway passes the header as-is)"
        } else {
            "send `Authorization: Bearer <access token>`"
        };
        return Err(Failure::new(
            Reason::NotBearer,
            "the Authorization value does not start with `Bearer `",
            hint,
        ));
    };
    if header.len() > MAX_HEADER_BYTES {
        return Err(Failure::new(
            Reason::TokenTooLarge,
            format!(
                "the Authorization value is {} bytes, over the {MAX_HEADER_BYTES}-byte limit",
                header.len()
            ),
            "access tokens are usually under 2 KiB; check that the right value is being sent",
        ));
    }
    Ok(token)
}

/// Splits and decodes a compact JWS: three base64url segments, the first two JSON objects.
pub fn decode(token: &str) -> Result<Decoded<'_>, Failure> {
    let malformed = |what: String| {
        Failure::new(
            Reason::Malformed,
            what,
            "a JWT is three base64url segments `header.payload.signature`; \
             copy the whole access_token (an opaque token means the audience was not requested)",
        )
    };
    let segments: Vec<&str> = token.split('.').collect();
    let [header, claims, signature] = segments[..] else {
        return Err(malformed(match segments.len() {
            5 => "the token has 5 segments: it is encrypted (JWE), not a signed JWT".to_owned(),
            1 => "the token has no dots: it is opaque, not a JWT".to_owned(),
            n => format!("the token has {n} segments, not 3"),
        }));
    };
    let header = json_object(header).map_err(|e| malformed(format!("header: {e}")))?;
    let claims = json_object(claims).map_err(|e| malformed(format!("payload: {e}")))?;
    if URL_SAFE_NO_PAD.decode(signature).is_err() {
        return Err(malformed("signature: not base64url".to_owned()));
    }
    let signing_input = &token[..token.len() - signature.len() - 1];
    Ok(Decoded {
        header,
        claims,
        signing_input,
        signature,
    })
}

/// Decodes a token for display only: header and claims as JSON, no checks at all.
/// Accepts the bare token or the `Bearer ` header value.
pub fn decode_unverified(token: &str) -> Result<(Value, Value), Failure> {
    let token = token.trim();
    let decoded = decode(token.strip_prefix("Bearer ").unwrap_or(token))?;
    Ok((Value::Object(decoded.header), Value::Object(decoded.claims)))
}

/// Why a header or payload segment is not a JSON object (after `header: ` / `payload: `).
#[derive(Debug, thiserror::Error)]
enum SegmentError {
    #[error("empty segment")]
    Empty,
    #[error("not base64url")]
    NotBase64,
    #[error("not a JSON object")]
    NotObject,
    #[error("not JSON")]
    NotJson,
}

impl crate::hint::Hint for SegmentError {
    fn fix(&self) -> String {
        "pass the whole token as the tenant issued it (three base64url segments joined by dots)"
            .to_owned()
    }
}

fn json_object(segment: &str) -> Result<Map<String, Value>, SegmentError> {
    if segment.is_empty() {
        return Err(SegmentError::Empty);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| SegmentError::NotBase64)?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(SegmentError::NotObject),
        Err(_) => Err(SegmentError::NotJson),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn bearer_rules_in_order() {
        let reason = |h: Option<&str>| bearer_token(h).unwrap_err().reason;
        assert_eq!(reason(None), Reason::MissingToken);
        assert_eq!(reason(Some("")), Reason::MissingToken);
        assert_eq!(reason(Some("bearer abc")), Reason::NotBearer);
        assert_eq!(reason(Some("Bearer")), Reason::NotBearer);
        assert_eq!(reason(Some("Basic abc")), Reason::NotBearer);
        let big = format!("Bearer {}", "a".repeat(MAX_HEADER_BYTES));
        assert_eq!(reason(Some(&big)), Reason::TokenTooLarge);
        let exact = format!("Bearer {}", "a".repeat(MAX_HEADER_BYTES - 7));
        assert_eq!(
            bearer_token(Some(&exact)).unwrap().len(),
            MAX_HEADER_BYTES - 7
        );
        assert_eq!(bearer_token(Some("Bearer ")).unwrap(), "");
    }

    #[test]
    fn decodes_and_rejects() {
        let token = format!(
            "{}.{}.c2ln",
            b64(r#"{"alg":"RS256","kid":"k"}"#),
            b64(r#"{"sub":"a"}"#)
        );
        let decoded = decode(&token).unwrap();
        assert_eq!(decoded.kid(), Some("k"));
        assert_eq!(decoded.claim_str("sub"), Some("a"));
        assert_eq!(
            format!("{}.{}", decoded.signing_input, decoded.signature),
            token
        );
        let obj = b64("{}");
        for bad in [
            String::new(),
            "abc".to_owned(),
            format!("{obj}.{obj}"),
            format!("{obj}.{obj}.c2ln.x.y"),
            format!("{}.{obj}.", b64("[1]")),
            format!("{obj}.{}.", b64("nope")),
            format!("{obj}..c2ln"),
            format!("{obj}.{obj}.***"),
            format!("{obj}.{obj}=.c2ln"),
        ] {
            assert_eq!(decode(&bad).unwrap_err().reason, Reason::Malformed, "{bad}");
        }
        let (header, _) = decode_unverified(&format!("Bearer {token}")).unwrap();
        assert_eq!(header["alg"], "RS256");
    }
}
