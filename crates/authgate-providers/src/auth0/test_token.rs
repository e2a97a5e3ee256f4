//! The test access token: client credentials of the test client for the API's audience,
//! decoded and verified against the tenant's JWKS (issuer `https://{domain}/`).

use authgate_core::hint::Hint as _;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde_json::Value;

use authgate_core::jwt::{JwksSource, Outcome, Reason, TokenEvent, Verifier, VerifierConfig};

use super::{
    Auth0Error, ClientCredentials, TenantUrl, TestClient, TokenFor, TokenGrant, client_credentials,
};

/// The outcome of verifying a token the way the authorizer will.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub valid: bool,
    /// Why it was refused (never contains the token), its stable code, and the fix.
    pub reason: Option<String>,
    pub reason_code: Option<&'static str>,
    pub hint: Option<String>,
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
    let verification = verify_access_token(tenant, token, audience).await;
    Ok(TestToken {
        response,
        header,
        claims,
        verification,
    })
}

/// The methodArn used for the check in step 1, before any API Gateway API exists: the
/// tutorial's `GET /pets` on a placeholder API and stage.
pub const PLACEHOLDER_METHOD_ARN: &str =
    "arn:aws:execute-api:us-east-1:000000000000:authgate/test/GET/pets";

/// Verifies the token exactly as the authorizer will (the verification core: RS256 with the
/// key named by `kid` from the tenant's JWKS, `iss`, `aud`, `exp`/`nbf` with 60 s leeway).
pub async fn verify_access_token(tenant: &TenantUrl, token: &str, audience: &str) -> Verification {
    let mut v = Verification {
        valid: false,
        reason: None,
        reason_code: None,
        hint: None,
        kid: None,
        issuer: tenant.issuer(),
        audience: audience.to_owned(),
        jwks_uri: tenant.jwks_uri(),
    };
    let verifier = JwksSource::url(&tenant.jwks_uri())
        .map(|jwks| VerifierConfig::new(tenant.issuer(), audience, jwks))
        .and_then(Verifier::new);
    let verifier = match verifier {
        Ok(verifier) => verifier,
        Err(e) => {
            v.reason = Some(e.to_string());
            v.hint = Some(e.fix());
            return v;
        }
    };
    let event = TokenEvent::new(format!("Bearer {token}"), PLACEHOLDER_METHOD_ARN);
    let decision = verifier
        .authorize(&event, jiff::Timestamp::now().as_second())
        .await;
    v.kid = decision
        .header
        .as_ref()
        .and_then(|h| h["kid"].as_str())
        .map(str::to_owned);
    v.valid = decision.outcome == Outcome::Allow;
    if !v.valid {
        v.reason_code = decision.reason.map(Reason::code);
        v.reason = Some(decision.message);
        v.hint = decision.hint;
    }
    v
}
