//! Removing what authgate made, in dependency order: a stage and an authorizer it added to
//! an API it did not create, the API (its stages, deployments, authorizer and methods go
//! with it), then the function, then the role. Something
//! already gone counts as done, so a second teardown is a no-op.

use serde::{Deserialize, Serialize};

use super::apigateway::RestApiRecord;
use super::error::{AwsError, sdk};
use super::iam::{RoleRecord, attached_policies};
use super::lambda::FunctionRecord;
use super::{Aws, Report};

/// What to delete (names/ids as the state file remembers them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeardownPlan {
    /// `(api id, stage name)`: only needed when the API itself stays.
    #[serde(default)]
    pub stage: Option<(String, String)>,
    /// `(api id, authorizer id)`: likewise.
    #[serde(default)]
    pub authorizer: Option<(String, String)>,
    pub rest_api_id: Option<String>,
    pub function_name: Option<String>,
    pub role_name: Option<String>,
}

impl TeardownPlan {
    /// Everything authgate created; what it found and reused only with `include_reused`.
    pub fn from_records(
        api: Option<&RestApiRecord>,
        function: Option<&FunctionRecord>,
        role: Option<&RoleRecord>,
        include_reused: bool,
    ) -> Self {
        let keep = |created: bool| created || include_reused;
        Self {
            stage: None,
            authorizer: None,
            rest_api_id: api.filter(|r| keep(r.created)).map(|r| r.id.clone()),
            function_name: function.filter(|r| keep(r.created)).map(|r| r.name.clone()),
            role_name: role.filter(|r| keep(r.created)).map(|r| r.name.clone()),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeardownOutcome {
    /// e.g. `API abc123`, `function jwtRsaCustomAuthorizer`, `role Auth0Integration`.
    pub deleted: Vec<String>,
    pub already_gone: Vec<String>,
}

pub async fn teardown(
    aws: &Aws,
    plan: &TeardownPlan,
    report: &dyn Report,
) -> Result<TeardownOutcome, AwsError> {
    let mut outcome = TeardownOutcome::default();
    if let Some((api, stage)) = &plan.stage {
        let result = aws
            .apigateway
            .delete_stage()
            .rest_api_id(api)
            .stage_name(stage)
            .send()
            .await;
        let result = result
            .map(|_| ())
            .map_err(|e| sdk("apigateway:DELETE /restapis/{id}/stages/{stage}", e));
        settle(
            &mut outcome,
            format!("stage {stage} of API {api}"),
            result,
            report,
        )?;
    }
    if let Some((api, id)) = &plan.authorizer {
        let result = aws
            .apigateway
            .delete_authorizer()
            .rest_api_id(api)
            .authorizer_id(id)
            .send()
            .await;
        let result = result
            .map(|_| ())
            .map_err(|e| sdk("apigateway:DELETE /restapis/{id}/authorizers/{id}", e));
        settle(
            &mut outcome,
            format!("authorizer {id} of API {api}"),
            result,
            report,
        )?;
    }
    if let Some(id) = &plan.rest_api_id {
        let result = aws
            .apigateway
            .delete_rest_api()
            .rest_api_id(id)
            .send()
            .await;
        let result = result
            .map(|_| ())
            .map_err(|e| sdk("apigateway:DELETE /restapis/{id}", e));
        settle(&mut outcome, format!("API {id}"), result, report)?;
    }
    if let Some(name) = &plan.function_name {
        let result = aws
            .lambda
            .delete_function()
            .function_name(name)
            .send()
            .await;
        let result = result
            .map(|_| ())
            .map_err(|e| sdk("lambda:DeleteFunction", e));
        settle(&mut outcome, format!("function {name}"), result, report)?;
    }
    if let Some(name) = &plan.role_name {
        let result = delete_role(aws, name, report).await;
        settle(&mut outcome, format!("role {name}"), result, report)?;
    }
    Ok(outcome)
}

fn settle(
    outcome: &mut TeardownOutcome,
    what: String,
    result: Result<(), AwsError>,
    report: &dyn Report,
) -> Result<(), AwsError> {
    match result {
        Ok(()) => {
            report.line(format!("{what} deleted"));
            outcome.deleted.push(what);
        }
        Err(e) if e.is_not_found() => {
            report.line(format!("{what} already gone"));
            outcome.already_gone.push(what);
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

/// IAM refuses to delete a role with policies: detach the managed ones, delete inline ones.
async fn delete_role(aws: &Aws, name: &str, report: &dyn Report) -> Result<(), AwsError> {
    for arn in attached_policies(aws, name).await? {
        aws.iam
            .detach_role_policy()
            .role_name(name)
            .policy_arn(&arn)
            .send()
            .await
            .map_err(|e| sdk("iam:DetachRolePolicy", e))?;
        report.line(format!("role {name}: detached {arn}"));
    }
    let inline = aws
        .iam
        .list_role_policies()
        .role_name(name)
        .send()
        .await
        .map_err(|e| sdk("iam:ListRolePolicies", e))?;
    for policy in inline.policy_names {
        aws.iam
            .delete_role_policy()
            .role_name(name)
            .policy_name(&policy)
            .send()
            .await
            .map_err(|e| sdk("iam:DeleteRolePolicy", e))?;
        report.line(format!("role {name}: deleted inline policy {policy}"));
    }
    aws.iam
        .delete_role()
        .role_name(name)
        .send()
        .await
        .map_err(|e| sdk("iam:DeleteRole", e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_keeps_reused_resources_unless_asked() {
        let api = RestApiRecord {
            id: "a1".into(),
            name: "PetStore".into(),
            created: false,
        };
        let role = RoleRecord {
            name: "Auth0Integration".into(),
            arn: "arn:aws:iam::1:role/Auth0Integration".into(),
            created: true,
            attached: vec![],
            trust_updated: false,
        };
        let plan = TeardownPlan::from_records(Some(&api), None, Some(&role), false);
        assert_eq!(plan.rest_api_id, None);
        assert_eq!(plan.role_name.as_deref(), Some("Auth0Integration"));
        let all = TeardownPlan::from_records(Some(&api), None, Some(&role), true);
        assert_eq!(all.rest_api_id.as_deref(), Some("a1"));
    }
}
