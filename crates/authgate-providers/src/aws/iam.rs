//! Step 3a: the IAM role API Gateway uses to invoke the authorizer, which the function also
//! runs as (the tutorial's single-role setup).

use serde::{Deserialize, Serialize};

use super::error::{AwsError, sdk};
use super::{Aws, Report, verb};

pub const DEFAULT_ROLE_NAME: &str = "Auth0Integration";
/// Lets the role invoke Lambda functions: what API Gateway needs to call the authorizer.
pub const LAMBDA_ROLE_POLICY: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole";
/// Lets the function write its own logs.
pub const BASIC_EXECUTION_POLICY: &str =
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
/// Why authgate attaches more than the tutorial does.
pub const LOGS_WHY: &str = "AWSLambdaBasicExecutionRole is attached too, so the authorizer's \
    logs reach CloudWatch: without it the reason a token is refused (issuer, audience, expiry, \
    key id) is written nowhere.";

/// The tutorial's trust policy: both API Gateway and Lambda may assume the role.
pub fn trust_policy() -> serde_json::Value {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": ["apigateway.amazonaws.com", "lambda.amazonaws.com"] },
            "Action": "sts:AssumeRole"
        }]
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRecord {
    pub name: String,
    pub arn: String,
    pub created: bool,
    /// Managed policies this call attached (empty when all were already there).
    pub attached: Vec<String>,
    /// The trust policy differed and was replaced.
    pub trust_updated: bool,
}

/// Finds or creates the role, puts the trust policy right and attaches both policies.
pub async fn ensure_role(
    aws: &Aws,
    name: &str,
    report: &dyn Report,
) -> Result<RoleRecord, AwsError> {
    let trust = trust_policy();
    let (arn, created, trust_updated) = match aws.iam.get_role().role_name(name).send().await {
        Ok(out) => {
            let role = out
                .role
                .ok_or_else(|| AwsError::Invalid(format!("GetRole {name} returned no role")))?;
            let current = role
                .assume_role_policy_document
                .as_deref()
                .and_then(parse_policy_document);
            let differs = current.as_ref() != Some(&trust);
            if differs {
                aws.iam
                    .update_assume_role_policy()
                    .role_name(name)
                    .policy_document(trust.to_string())
                    .send()
                    .await
                    .map_err(|e| sdk("iam:UpdateAssumeRolePolicy", e))?;
                report.line(format!(
                    "role {name}: trust policy replaced with the tutorial's"
                ));
            }
            (role.arn, false, differs)
        }
        Err(e) => {
            let e = sdk("iam:GetRole", e);
            if !e.is_not_found() {
                return Err(e);
            }
            let out = aws
                .iam
                .create_role()
                .role_name(name)
                .description("authgate: API Gateway invokes the Auth0 JWT authorizer with it")
                .assume_role_policy_document(trust.to_string())
                .send()
                .await
                .map_err(|e| sdk("iam:CreateRole", e))?;
            let role = out
                .role
                .ok_or_else(|| AwsError::Invalid(format!("CreateRole {name} returned no role")))?;
            (role.arn, true, false)
        }
    };
    report.line(format!("role {name} {} ({arn})", verb(created)));
    let present = attached_policies(aws, name).await?;
    let mut attached = Vec::new();
    for policy in [LAMBDA_ROLE_POLICY, BASIC_EXECUTION_POLICY] {
        if present.iter().any(|p| p == policy) {
            continue;
        }
        aws.iam
            .attach_role_policy()
            .role_name(name)
            .policy_arn(policy)
            .send()
            .await
            .map_err(|e| sdk("iam:AttachRolePolicy", e))?;
        report.line(format!("role {name}: attached {policy}"));
        attached.push(policy.to_owned());
    }
    Ok(RoleRecord {
        name: name.to_owned(),
        arn,
        created,
        attached,
        trust_updated,
    })
}

/// ARNs of the managed policies attached to the role.
pub async fn attached_policies(aws: &Aws, role: &str) -> Result<Vec<String>, AwsError> {
    let mut arns = Vec::new();
    let mut marker: Option<String> = None;
    for _ in 0..100 {
        let out = aws
            .iam
            .list_attached_role_policies()
            .role_name(role)
            .set_marker(marker.take())
            .send()
            .await
            .map_err(|e| sdk("iam:ListAttachedRolePolicies", e))?;
        arns.extend(
            out.attached_policies()
                .iter()
                .filter_map(|p| p.policy_arn().map(str::to_owned)),
        );
        match out.marker {
            Some(m) if out.is_truncated => marker = Some(m),
            _ => break,
        }
    }
    Ok(arns)
}

/// IAM returns policy documents URL-encoded (RFC 3986); emulators sometimes do not.
pub fn parse_policy_document(text: &str) -> Option<serde_json::Value> {
    serde_json::from_str(text)
        .ok()
        .or_else(|| serde_json::from_str(&percent_decode(text)?).ok())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_policy_matches_the_tutorial() {
        let p = trust_policy();
        assert_eq!(p["Statement"][0]["Action"], "sts:AssumeRole");
        assert_eq!(
            p["Statement"][0]["Principal"]["Service"],
            serde_json::json!(["apigateway.amazonaws.com", "lambda.amazonaws.com"])
        );
    }

    #[test]
    fn policy_documents_are_read_encoded_or_not() {
        let plain = trust_policy().to_string();
        assert_eq!(parse_policy_document(&plain), Some(trust_policy()));
        let encoded = plain
            .replace('%', "%25")
            .replace('{', "%7B")
            .replace('}', "%7D")
            .replace('"', "%22")
            .replace(':', "%3A");
        assert_eq!(parse_policy_document(&encoded), Some(trust_policy()));
        assert_eq!(parse_policy_document("%7"), None);
    }

    #[test]
    fn logs_sentence_names_the_policy() {
        assert!(LOGS_WHY.contains("AWSLambdaBasicExecutionRole"));
    }
}
