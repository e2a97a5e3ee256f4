//! Token verification with a cached JWKS (DESIGN.md target: ≥ 50 % of the machine's raw
//! RSA-2048 verify rate from `openssl speed -seconds 2 rsa2048`). Results: BENCHMARKS.md.
//!   cargo bench --bench verify -- --measurement-time 5

use std::hint::black_box;

use authgate_core::jwt::{JwksSource, TokenEvent, Verifier, VerifierConfig, decode_unverified};
use criterion::{Criterion, criterion_group, criterion_main};
use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde_json::json;

const NOW: i64 = 1_795_428_000;
const ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets";

fn setup() -> (Verifier, String, DecodingKey) {
    let key =
        EncodingKey::from_rsa_pem(include_bytes!("../tests/fixtures/rsa-test-key.pem")).unwrap();
    let mut jwk = Jwk::from_encoding_key(&key, Algorithm::RS256).unwrap();
    jwk.common.key_id = Some("bench".to_owned());
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    let decoding = DecodingKey::from_jwk(&jwk).unwrap();
    let jwks = serde_json::to_value(JwkSet { keys: vec![jwk] }).unwrap();
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("bench".to_owned());
    // The shape of an Auth0 M2M access token.
    let claims = json!({
        "iss": "https://tenant.example/", "sub": "Abc123DefGhi456@clients", "aud": "https://petstore.example",
        "iat": NOW - 60, "exp": NOW + 86_400, "azp": "Abc123DefGhi456", "scope": "read:pets write:pets",
        "gty": "client-credentials",
    });
    let token = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    let config = VerifierConfig::new(
        "https://tenant.example/",
        "https://petstore.example",
        JwksSource::Inline(jwks),
    );
    (Verifier::new(config).unwrap(), token, decoding)
}

fn bench(c: &mut Criterion) {
    let (verifier, token, key) = setup();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let event = TokenEvent::new(format!("Bearer {token}"), ARN);
    assert!(
        rt.block_on(verifier.authorize(&event, NOW)).is_allow(),
        "warm the JWKS cache"
    );

    c.bench_function("authorize (cached JWKS, RS256, allow)", |b| {
        b.iter(|| rt.block_on(verifier.authorize(black_box(&event), NOW)));
    });
    let (input, signature) = token.rsplit_once('.').unwrap();
    c.bench_function("jsonwebtoken::crypto::verify only (RS256)", |b| {
        b.iter(|| {
            jsonwebtoken::crypto::verify(
                black_box(signature),
                input.as_bytes(),
                &key,
                Algorithm::RS256,
            )
        });
    });
    c.bench_function("decode_unverified", |b| {
        b.iter(|| decode_unverified(black_box(&token)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
