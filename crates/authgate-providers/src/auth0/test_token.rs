//! The test access token: client credentials of an M2M client (the test client or the writer
//! client) for the API's audience, inspected once with the caller's verifier: the session's,
//! made from the issuer, audience and JWKS URI step 1 recorded, as the authorizer gets them.

use serde::Serialize;

use authgate_core::jwt::Verifier;
use authgate_core::jwt::inspect::{Inspection, inspect};

use super::{
    Auth0Error, ClientCredentials, TenantUrl, TestClient, TokenFor, TokenGrant, client_credentials,
};

/// A fresh token and its one inspection (decoded, verified, its claims described).
#[derive(Debug, Clone, Serialize)]
pub struct TestToken {
    pub response: TokenGrant,
    pub inspection: Inspection,
}

/// Fetches a token for `audience` as `client`, then decodes and verifies it once with
/// `verifier` (the placeholder methodArn: no API Gateway API may exist yet). A token that is
/// not a JWT is an error; one that does not verify is a token whose inspection says why.
pub async fn fetch_test_token(
    http: &reqwest::Client,
    tenant: &TenantUrl,
    client: &TestClient,
    audience: &str,
    verifier: &Verifier,
) -> Result<TestToken, Auth0Error> {
    let credentials = ClientCredentials {
        client_id: client.client_id.clone(),
        client_secret: client.secret.clone(),
    };
    let response =
        client_credentials(http, tenant, &credentials, audience, TokenFor::TestClient).await?;
    let now = jiff::Timestamp::now().as_second();
    let inspection = inspect(response.access_token.expose(), Some(verifier), None, now).await;
    if inspection.header.is_null() {
        return Err(Auth0Error::Unexpected {
            what: tenant.token_endpoint(),
            detail:
                "the access token is not a JWT (opaque token: was the audience an API identifier?)"
                    .into(),
        });
    }
    Ok(TestToken {
        response,
        inspection,
    })
}
