//! Test helpers: sign tokens with the fixture key and build verifiers on an inline JWKS.

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::{JwksSource, Verifier, VerifierConfig};

pub const NOW: i64 = 1_795_428_000; // 2026-11-23T10:00:00Z
pub const ISS: &str = "https://tenant.example/";
pub const AUD: &str = "https://petstore.example";
pub const ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets";
pub const KID: &str = "test-key-1";
const PEM: &[u8] = include_bytes!("../../../../tests/fixtures/rsa-test-key.pem");

pub fn key() -> EncodingKey {
    EncodingKey::from_rsa_pem(PEM).unwrap()
}

pub fn jwks() -> Value {
    let mut jwk = Jwk::from_encoding_key(&key(), Algorithm::RS256).unwrap();
    jwk.common.key_id = Some(KID.to_owned());
    jwk.common.public_key_use = Some(jsonwebtoken::jwk::PublicKeyUse::Signature);
    serde_json::to_value(JwkSet { keys: vec![jwk] }).unwrap()
}

/// Standard M2M claims (valid at `NOW` for an hour), with `extra` merged over them
/// (`null` removes a claim).
pub fn claims(extra: &Value) -> Value {
    let mut claims = json!({
        "iss": ISS, "sub": "client123@clients", "aud": AUD, "iat": NOW - 60, "exp": NOW + 3600,
        "azp": "client123", "scope": "read:pets", "gty": "client-credentials",
    });
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    claims
}

pub fn token(extra: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(KID.to_owned());
    jsonwebtoken::encode(&header, &claims(extra), &key()).unwrap()
}

pub fn verifier() -> Verifier {
    Verifier::new(VerifierConfig::new(ISS, AUD, JwksSource::Inline(jwks()))).unwrap()
}
