//! Discovery of the authorizer's function (its configuration and environment) and of the
//! role API Gateway invokes it with (trust, attached and inline policies), or, without a
//! role, the function's resource policy. Read-only.

use super::facts::{AwsFacts, FunctionFacts, RoleFacts};
use authgate_providers::aws::Aws;
use authgate_providers::aws::iam::{attached_policies, parse_policy_document};
use authgate_providers::aws::{AwsError, sdk};

/// The authorizer's function, its role (or its resource policy when there is no role).
pub async fn function_and_role(aws: &Aws, facts: &mut AwsFacts) {
    let Some(z) = facts.authorizer.clone() else {
        return;
    };
    if let Some(arn) = &z.function_arn {
        match aws
            .lambda
            .get_function_configuration()
            .function_name(arn)
            .send()
            .await
        {
            Ok(c) => {
                facts.function = Some(FunctionFacts {
                    name: c.function_name.unwrap_or_default(),
                    arn: c.function_arn.unwrap_or_default(),
                    role: c.role.unwrap_or_default(),
                    env: c
                        .environment
                        .and_then(|e| e.variables)
                        .map(|v| v.into_iter().collect())
                        .unwrap_or_default(),
                });
            }
            Err(e) => {
                facts.function_error = Some(sdk("lambda:GetFunctionConfiguration", e).to_string());
            }
        }
    }
    match z.credentials.as_deref().filter(|c| !c.is_empty()) {
        Some(role_arn) => match role(aws, role_arn).await {
            Ok(role) => facts.role = Some(role),
            Err(e) => facts.role_error = Some(e.to_string()),
        },
        None => {
            if let Some(arn) = &z.function_arn
                && let Ok(out) = aws.lambda.get_policy().function_name(arn).send().await
            {
                facts.function_policy = out.policy.as_deref().and_then(parse_policy_document);
            }
        }
    }
}

async fn role(aws: &Aws, arn: &str) -> Result<RoleFacts, AwsError> {
    let name = arn.rsplit('/').next().unwrap_or(arn).to_owned();
    let out = aws
        .iam
        .get_role()
        .role_name(&name)
        .send()
        .await
        .map_err(|e| sdk("iam:GetRole", e))?;
    let trust = out
        .role
        .and_then(|r| r.assume_role_policy_document)
        .as_deref()
        .and_then(parse_policy_document)
        .unwrap_or_default();
    let attached = attached_policies(aws, &name).await?;
    let listed = aws
        .iam
        .list_role_policies()
        .role_name(&name)
        .send()
        .await
        .map_err(|e| sdk("iam:ListRolePolicies", e))?;
    let mut inline = Vec::new();
    for policy in listed.policy_names {
        let got = aws
            .iam
            .get_role_policy()
            .role_name(&name)
            .policy_name(&policy)
            .send()
            .await
            .map_err(|e| sdk("iam:GetRolePolicy", e))?;
        let document = parse_policy_document(&got.policy_document).unwrap_or_default();
        inline.push((policy, document));
    }
    Ok(RoleFacts {
        name,
        arn: arn.to_owned(),
        trust,
        attached,
        inline,
    })
}
