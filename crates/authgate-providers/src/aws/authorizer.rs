//! Step 3c: the API Gateway TOKEN authorizer in front of the Lambda function, and the
//! console's "Test" for it.

use aws_sdk_apigateway::types::{Authorizer, AuthorizerType, Op, PatchOperation};
use serde::{Deserialize, Serialize};

use super::error::{AwsError, sdk};
use super::{Aws, Report, verb};
use authgate_core::tutorial::{AUTHORIZER_TTL_DEFAULT_SECS, authorizer_ttl};

mod test_invoke;
pub use test_invoke::{AuthorizerTest, test_authorizer};

pub const DEFAULT_AUTHORIZER_NAME: &str = "jwt-rsa-custom-authorizer";
pub const IDENTITY_SOURCE: &str = "method.request.header.Authorization";
/// The Auth0 README's expression (the tutorial's `A-z` typo fixed).
pub const VALIDATION: &str = r"^Bearer [-0-9a-zA-Z\._]*$";

/// `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{fn_arn}/invocations`.
pub(crate) fn authorizer_uri(region: &str, function_arn: &str) -> String {
    format!(
        "arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations"
    )
}

/// Said on screen when a long TTL meets a policy that names a single method.
pub fn ttl_warning(ttl_secs: i32) -> Option<String> {
    (ttl_secs > AUTHORIZER_TTL_DEFAULT_SECS).then(|| {
        format!(
            "TTL {ttl_secs} s: API Gateway reuses a cached policy for every method called with \
             the same token for up to {ttl_secs} s. If the authorizer returns a policy for one \
             method only (POLICY_SCOPE=method, the tutorial's sample), calls to other routes get \
             403 until it expires; keep the stage-wide policy or a TTL of 0."
        )
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizerSpec<'a> {
    pub api_id: &'a str,
    pub name: &'a str,
    pub function_arn: &'a str,
    pub role_arn: &'a str,
    pub ttl_secs: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizerRecord {
    pub api_id: String,
    pub id: String,
    pub name: String,
    pub ttl_secs: i32,
    pub created: bool,
    /// An existing authorizer differed and was patched (flush the stage's cache).
    pub updated: bool,
    /// Said when the TTL is long (see [`ttl_warning`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

impl AuthorizerRecord {
    /// Cached policies may be stale: the authorizer is new or was changed.
    pub fn changed(&self) -> bool {
        self.created || self.updated
    }
}

/// Finds the authorizer by name on the API; creates it, or patches what differs.
pub async fn ensure_authorizer(
    aws: &Aws,
    spec: &AuthorizerSpec<'_>,
    report: &dyn Report,
) -> Result<AuthorizerRecord, AwsError> {
    authorizer_ttl(spec.ttl_secs).map_err(|e| AwsError::Invalid(e.to_string()))?;
    let warning = ttl_warning(spec.ttl_secs);
    if let Some(text) = &warning {
        report.line(text.clone());
    }
    let uri = authorizer_uri(&aws.region, spec.function_arn);
    let existing = find(aws, spec.api_id, spec.name).await?;
    let (id, created, updated) = match existing {
        None => {
            let out = aws
                .apigateway
                .create_authorizer()
                .rest_api_id(spec.api_id)
                .name(spec.name)
                .r#type(AuthorizerType::Token)
                .authorizer_uri(&uri)
                .authorizer_credentials(spec.role_arn)
                .identity_source(IDENTITY_SOURCE)
                .identity_validation_expression(VALIDATION)
                .authorizer_result_ttl_in_seconds(spec.ttl_secs)
                .send()
                .await
                .map_err(|e| sdk("apigateway:POST /restapis/{id}/authorizers", e))?;
            (out.id.unwrap_or_default(), true, false)
        }
        Some(current) => {
            let id = current.id.clone().unwrap_or_default();
            let ops = patches(&current, spec, &uri);
            let updated = !ops.is_empty();
            if updated {
                aws.apigateway
                    .update_authorizer()
                    .rest_api_id(spec.api_id)
                    .authorizer_id(&id)
                    .set_patch_operations(Some(ops))
                    .send()
                    .await
                    .map_err(|e| sdk("apigateway:PATCH /restapis/{id}/authorizers/{id}", e))?;
            }
            (id, false, updated)
        }
    };
    report.line(format!(
        "authorizer {} {}{} ({id})",
        spec.name,
        verb(created),
        if updated { " and updated" } else { "" }
    ));
    Ok(AuthorizerRecord {
        api_id: spec.api_id.to_owned(),
        id,
        name: spec.name.to_owned(),
        ttl_secs: spec.ttl_secs,
        created,
        updated,
        warning,
    })
}

async fn find(aws: &Aws, api_id: &str, name: &str) -> Result<Option<Authorizer>, AwsError> {
    let mut position: Option<String> = None;
    for _ in 0..100 {
        let out = aws
            .apigateway
            .get_authorizers()
            .rest_api_id(api_id)
            .limit(500)
            .set_position(position.take())
            .send()
            .await
            .map_err(|e| sdk("apigateway:GET /restapis/{id}/authorizers", e))?;
        if let Some(found) = out.items().iter().find(|a| a.name() == Some(name)) {
            return Ok(Some(found.clone()));
        }
        match out.position {
            Some(p) if !p.is_empty() => position = Some(p),
            _ => break,
        }
    }
    Ok(None)
}

/// `replace` operations for every field that differs from the spec.
fn patches(current: &Authorizer, spec: &AuthorizerSpec<'_>, uri: &str) -> Vec<PatchOperation> {
    let ttl = spec.ttl_secs.to_string();
    let current_ttl = current
        .authorizer_result_ttl_in_seconds()
        .map(|t| t.to_string());
    [
        ("/authorizerUri", current.authorizer_uri(), uri),
        (
            "/authorizerCredentials",
            current.authorizer_credentials(),
            spec.role_arn,
        ),
        (
            "/identitySource",
            current.identity_source(),
            IDENTITY_SOURCE,
        ),
        (
            "/identityValidationExpression",
            current.identity_validation_expression(),
            VALIDATION,
        ),
        (
            "/authorizerResultTtlInSeconds",
            current_ttl.as_deref(),
            ttl.as_str(),
        ),
    ]
    .into_iter()
    .filter(|(_, now, want)| *now != Some(*want))
    .map(|(path, _, want)| replace(path, want))
    .collect()
}

pub fn replace(path: &str, value: &str) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Replace)
        .path(path)
        .value(value)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_and_warning() {
        assert_eq!(
            authorizer_uri("eu-west-1", "arn:aws:lambda:eu-west-1:1:function:f"),
            "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/\
             arn:aws:lambda:eu-west-1:1:function:f/invocations"
        );
        assert!(ttl_warning(300).is_none());
        assert!(ttl_warning(3600).unwrap().contains("403"));
    }

    #[test]
    fn only_differing_fields_are_patched() {
        let spec = AuthorizerSpec {
            api_id: "a",
            name: "n",
            function_arn: "f",
            role_arn: "r",
            ttl_secs: 300,
        };
        let uri = authorizer_uri("us-east-1", "f");
        let current = Authorizer::builder()
            .authorizer_uri(&uri)
            .authorizer_credentials("r")
            .identity_source(IDENTITY_SOURCE)
            .identity_validation_expression(VALIDATION)
            .authorizer_result_ttl_in_seconds(3600)
            .build();
        let ops = patches(&current, &spec, &uri);
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].path(), Some("/authorizerResultTtlInSeconds"));
        assert_eq!(ops[0].value(), Some("300"));
    }
}
