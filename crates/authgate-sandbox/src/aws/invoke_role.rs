//! May API Gateway invoke an authorizer's function with the authorizer's role
//! (`authorizerCredentials`)? As on AWS: the role must exist, trust
//! `apigateway.amazonaws.com`, and its policies must allow `lambda:InvokeFunction` on the
//! function (an AWS-managed policy that grants it, or an inline policy). Otherwise API Gateway
//! answers 500 (`AuthorizerConfigurationException`) without running the function. IAM is not
//! part of a deployment: the role is read live, so a fix applies without redeploying.
//!
//! An authorizer without a role is not judged here: on AWS the function's resource policy
//! (`lambda add-permission`) must then allow API Gateway, which the sandbox does not enforce.

use authgate_core::policy::iam::{
    INVOKE_ACTION, INVOKING_MANAGED_POLICIES, Verdict, allows, combined, trusts_service,
};

use crate::aws::model::Document;

const API_GATEWAY: &str = "apigateway.amazonaws.com";

/// `Err` says why API Gateway may not invoke `function_arn` with `credentials`.
pub fn check(doc: &Document, credentials: Option<&str>, function_arn: &str) -> Result<(), String> {
    let Some(role_arn) = credentials.filter(|c| !c.is_empty()) else {
        return Ok(());
    };
    let name = role_arn.rsplit('/').next().unwrap_or(role_arn);
    let role = doc
        .roles
        .get(name)
        .filter(|r| r.arn == role_arn)
        .ok_or_else(|| format!("the authorizer's role {role_arn} does not exist"))?;
    let trust: serde_json::Value =
        serde_json::from_str(&role.assume_role_policy_document).unwrap_or_default();
    if !trusts_service(&trust, API_GATEWAY) {
        return Err(format!(
            "API Gateway cannot assume the authorizer's role {name}: its trust policy does not \
             name {API_GATEWAY}"
        ));
    }
    let managed = role
        .attached_policies
        .iter()
        .any(|arn| INVOKING_MANAGED_POLICIES.contains(&arn.as_str()));
    let inline = role.inline_policies.values().map(|text| {
        let document = serde_json::from_str(text).unwrap_or_default();
        allows(&document, INVOKE_ACTION, function_arn)
    });
    let managed = if managed {
        Verdict::Allow
    } else {
        Verdict::ImplicitDeny
    };
    match combined(std::iter::once(managed).chain(inline)) {
        Verdict::Allow => Ok(()),
        Verdict::ExplicitDeny => Err(format!(
            "the authorizer's role {name} denies {INVOKE_ACTION} on {function_arn}"
        )),
        Verdict::ImplicitDeny => Err(format!(
            "the authorizer's role {name} may not call {INVOKE_ACTION} on {function_arn} \
             (attach AWSLambdaRole or an inline policy that allows it)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::aws::model::Role;

    const FUNCTION: &str = "arn:aws:lambda:us-east-1:000000000000:function:f";

    fn doc(trust: &str, attached: &[&str], inline: &[(&str, &str)]) -> Document {
        let mut doc = Document::default();
        doc.roles.insert(
            "R".to_owned(),
            Role {
                role_name: "R".to_owned(),
                role_id: "AROA".to_owned(),
                arn: "arn:aws:iam::000000000000:role/R".to_owned(),
                path: "/".to_owned(),
                description: String::new(),
                assume_role_policy_document: trust.to_owned(),
                create_date: String::new(),
                attached_policies: attached.iter().map(|s| (*s).to_owned()).collect(),
                inline_policies: inline
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect::<BTreeMap<_, _>>(),
            },
        );
        doc
    }

    const TRUST: &str = r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
        "Principal":{"Service":["apigateway.amazonaws.com","lambda.amazonaws.com"]}}]}"#;
    const ROLE: &str = "arn:aws:iam::000000000000:role/R";

    #[test]
    fn the_tutorials_role_may_invoke() {
        let d = doc(TRUST, &[INVOKING_MANAGED_POLICIES[0]], &[]);
        assert_eq!(check(&d, Some(ROLE), FUNCTION), Ok(()));
        assert_eq!(check(&d, None, FUNCTION), Ok(()), "no role: not judged");
    }

    #[test]
    fn a_missing_policy_trust_or_role_is_refused_with_why() {
        let d = doc(TRUST, &[], &[]);
        assert!(
            check(&d, Some(ROLE), FUNCTION)
                .unwrap_err()
                .contains("may not")
        );
        let lambda_only = TRUST.replace(r#""apigateway.amazonaws.com","#, "");
        let d = doc(&lambda_only, &[INVOKING_MANAGED_POLICIES[0]], &[]);
        assert!(
            check(&d, Some(ROLE), FUNCTION)
                .unwrap_err()
                .contains("trust")
        );
        let other = "arn:aws:iam::000000000000:role/Other";
        assert!(
            check(&d, Some(other), FUNCTION)
                .unwrap_err()
                .contains("does not exist")
        );
        let inline =
            r#"{"Statement":{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"*"}}"#;
        let d = doc(TRUST, &[], &[("invoke", inline)]);
        assert_eq!(check(&d, Some(ROLE), FUNCTION), Ok(()));
    }
}
