//! A Management API token for the sandbox's management app (its credentials are public and
//! work only against a sandbox), as `curl` would get one.

use serde_json::{Value, json};

use authgate_sandbox::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET};

pub async fn management_token(http: &reqwest::Client, base: &str) -> String {
    let grant: Value = http
        .post(format!("{base}/oauth/token"))
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": MANAGEMENT_CLIENT_ID,
            "client_secret": MANAGEMENT_CLIENT_SECRET,
            "audience": format!("{base}/api/v2/"),
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    grant["access_token"]
        .as_str()
        .expect("a management token")
        .to_owned()
}

/// The verifier the authorizer is configured as for `tenant`'s API `audience` (what a session
/// builds from step 1's records), for the tests that fetch tokens without a session.
pub fn tenant_verifier(
    tenant: &authgate_providers::auth0::TenantUrl,
    audience: &str,
) -> authgate_core::jwt::Verifier {
    let jwks = authgate_core::jwt::JwksSource::url(&tenant.jwks_uri()).unwrap();
    let config = authgate_core::jwt::VerifierConfig::new(tenant.issuer(), audience, jwks);
    authgate_core::jwt::Verifier::new(config).unwrap()
}
