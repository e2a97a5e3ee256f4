//! The test access token: client credentials of the test client for the API's audience,
//! decoded and verified against the tenant's JWKS (issuer `https://{domain}/`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Serialize;
use serde_json::Value;

use super::{
    Auth0Error, ClientCredentials, TenantUrl, TestClient, TokenFor, TokenGrant, client_credentials,
};

/// The outcome of verifying a token the way the authorizer will.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub valid: bool,
    /// Why it was refused (never contains the token).
    pub reason: Option<String>,
    pub kid: Option<String>,
    pub issuer: String,
    pub audience: String,
    pub jwks_uri: String,
}

/// A fresh test token with its decoded parts and verification.
#[derive(Debug, Clone, Serialize)]
pub struct TestToken {
    pub response: TokenGrant,
    pub header: Value,
    pub claims: Value,
    pub verification: Verification,
}

/// Decodes header and claims without checking anything (for display only).
pub fn decode_unverified(token: &str) -> Option<(Value, Value)> {
    let mut parts = token.split('.');
    let mut part = || -> Option<Value> {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts.next()?).ok()?).ok()
    };
    let header = part()?;
    let claims = part()?;
    Some((header, claims))
}

/// Fetches a token for `audience` as the test client, then decodes and verifies it.
pub async fn fetch_test_token(
    http: &reqwest::Client,
    tenant: &TenantUrl,
    client: &TestClient,
    audience: &str,
) -> Result<TestToken, Auth0Error> {
    let credentials = ClientCredentials {
        client_id: client.client_id.clone(),
        client_secret: client.secret.clone(),
    };
    let response =
        client_credentials(http, tenant, &credentials, audience, TokenFor::TestClient).await?;
    let token = response.access_token.expose();
    let (header, claims) = decode_unverified(token).ok_or_else(|| Auth0Error::Unexpected {
        what: tenant.token_endpoint(),
        detail: "the access token is not a JWT (opaque token: was the audience an API identifier?)"
            .into(),
    })?;
    let verification = verify_access_token(http, tenant, token, audience).await;
    Ok(TestToken {
        response,
        header,
        claims,
        verification,
    })
}

/// Verifies RS256 signature (key by `kid` from the tenant's JWKS), `iss`, `aud` and `exp`
/// (60 s leeway).
pub async fn verify_access_token(
    http: &reqwest::Client,
    tenant: &TenantUrl,
    token: &str,
    audience: &str,
) -> Verification {
    let mut v = Verification {
        valid: false,
        reason: None,
        kid: None,
        issuer: tenant.issuer(),
        audience: audience.to_owned(),
        jwks_uri: tenant.jwks_uri(),
    };
    match check(http, tenant, token, audience, &mut v).await {
        Ok(()) => v.valid = true,
        Err(reason) => v.reason = Some(reason),
    }
    v
}

async fn check(
    http: &reqwest::Client,
    tenant: &TenantUrl,
    token: &str,
    audience: &str,
    v: &mut Verification,
) -> Result<(), String> {
    let header = jsonwebtoken::decode_header(token).map_err(|e| format!("malformed token: {e}"))?;
    if header.alg != Algorithm::RS256 {
        return Err(format!("alg {:?} is not RS256", header.alg));
    }
    let kid = header.kid.ok_or("the token header has no kid")?;
    v.kid = Some(kid.clone());
    let jwks: JwkSet = http
        .get(tenant.jwks_uri())
        .timeout(std::time::Duration::from_secs(5))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| format!("JWKS unreachable: {e}"))?
        .json()
        .await
        .map_err(|e| format!("JWKS is not a key set: {e}"))?;
    let jwk = jwks
        .find(&kid)
        .ok_or_else(|| format!("kid {kid} is not in the tenant's JWKS"))?;
    let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("unusable JWK {kid}: {e}"))?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[tenant.issuer()]);
    validation.set_audience(&[audience]);
    validation.leeway = 60;
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    jsonwebtoken::decode::<Value>(token, &key, &validation).map_err(|e| match e.kind() {
        jsonwebtoken::errors::ErrorKind::InvalidAudience => {
            format!("aud does not contain {audience}")
        }
        jsonwebtoken::errors::ErrorKind::InvalidIssuer => format!("iss is not {}", tenant.issuer()),
        jsonwebtoken::errors::ErrorKind::ExpiredSignature => "the token has expired".to_owned(),
        jsonwebtoken::errors::ErrorKind::InvalidSignature => "bad signature".to_owned(),
        other => format!("{other:?}"),
    })?;
    Ok(())
}
