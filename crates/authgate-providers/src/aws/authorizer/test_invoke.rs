//! The console's "Test" for the authorizer.

use crate::aws::Aws;
use crate::aws::error::{AwsError, sdk};

/// The console's authorizer test: what API Gateway got back for this header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizerTest {
    /// The HTTP status the caller would see (200, 401, 403, 500).
    pub client_status: i32,
    pub principal_id: Option<String>,
    /// The returned policy document, as JSON text.
    pub policy: Option<String>,
    pub latency_ms: i64,
    pub log: String,
}

/// Runs the authorizer with `authorization` as the `Authorization` header (never logged).
pub async fn test_authorizer(
    aws: &Aws,
    api_id: &str,
    authorizer_id: &str,
    authorization: &str,
) -> Result<AuthorizerTest, AwsError> {
    let out = aws
        .apigateway
        .test_invoke_authorizer()
        .rest_api_id(api_id)
        .authorizer_id(authorizer_id)
        .headers("Authorization", authorization)
        .send()
        .await
        .map_err(|e| sdk("apigateway:POST .../authorizers/{id} (test invoke)", e))?;
    Ok(AuthorizerTest {
        client_status: out.client_status,
        principal_id: out.principal_id,
        policy: out.policy,
        latency_ms: out.latency,
        log: out.log.unwrap_or_default(),
    })
}
