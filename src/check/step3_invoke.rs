//! Step 3's checks about calling the authorizer: may API Gateway assume its role, may that
//! role invoke the function (or, without a role, does the function's resource policy let API
//! Gateway in), and does the console's Test with the token return an Allow policy.

use authgate_core::policy::iam::{
    INVOKE_ACTION, INVOKING_MANAGED_POLICIES, Verdict, allows, combined,
    resource_policy_allows_service, trusts_service,
};

use super::model::CheckResult;
use super::verdict::Ctx;

const API_GATEWAY: &str = "apigateway.amazonaws.com";
const LAMBDA: &str = "lambda.amazonaws.com";
const TRUST: &str = "step3.role.trust";
const INVOKE: &str = "step3.role.invoke";
const TEST: &str = "step3.authorizer.test_invoke";

pub fn checks(cx: &Ctx) -> Vec<CheckResult> {
    let mut out = role(cx);
    out.push(test_invoke(cx));
    out
}

fn role(cx: &Ctx) -> Vec<CheckResult> {
    let aws = &cx.facts.aws;
    // `checks` reaches here only with an authorizer found.
    #[allow(clippy::expect_used)]
    let z = aws.authorizer.as_ref().expect("checked by the caller");
    let function = aws
        .function
        .as_ref()
        .map(|f| f.arn.clone())
        .or_else(|| z.function_arn.clone())
        .unwrap_or_default();
    let Some(role_arn) = z.credentials.as_deref().filter(|c| !c.is_empty()) else {
        let allowed = aws
            .function_policy
            .as_ref()
            .is_some_and(|p| resource_policy_allows_service(p, API_GATEWAY));
        return vec![
            cx.pass(
                TRUST,
                "no invoke role: API Gateway calls the function under the function's own resource policy",
            ),
            cx.judge(
                INVOKE,
                allowed,
                if allowed {
                    "the function's resource policy lets apigateway.amazonaws.com invoke it"
                        .to_owned()
                } else {
                    "no invoke role, and the function's resource policy does not let \
                     apigateway.amazonaws.com invoke it: API Gateway answers 500"
                        .to_owned()
                },
            ),
        ];
    };
    let Some(role) = &aws.role else {
        let why = aws
            .role_error
            .clone()
            .unwrap_or_else(|| format!("{role_arn} could not be read"));
        return vec![
            cx.fail(TRUST, format!("the invoke role: {why}")),
            cx.blocked(INVOKE, TRUST, "no role"),
        ];
    };
    let trusted = trusts_service(&role.trust, API_GATEWAY);
    // The tutorial's one role is also the function's execution role: Lambda assumes it too.
    let runs_function = aws.function.as_ref().is_some_and(|f| f.role == role.arn);
    let lambda_ok = !runs_function || trusts_service(&role.trust, LAMBDA);
    let services = services(&role.trust);
    let named = if services.is_empty() {
        "no service"
    } else {
        services.as_str()
    };
    let what = match (trusted, lambda_ok) {
        (true, true) => format!("{} trusts {services}", role.name),
        (false, _) => format!(
            "{}'s trust policy names {named}, not {API_GATEWAY}: API Gateway cannot act as it (500)",
            role.name
        ),
        (true, false) => format!(
            "{}'s trust policy names {named}, not {LAMBDA}, yet the function runs as it: Lambda \
             cannot start the function",
            role.name
        ),
    };
    vec![
        cx.judge(TRUST, trusted && lambda_ok, what),
        may_invoke(cx, role, &function),
    ]
}

/// The services a trust policy names, sorted, comma-separated.
fn services(trust: &serde_json::Value) -> String {
    let statements: Vec<&serde_json::Value> = match trust.pointer("/Statement") {
        Some(serde_json::Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    let mut names: Vec<String> = statements
        .into_iter()
        .filter_map(|st| st.pointer("/Principal/Service"))
        .flat_map(|v| match v {
            serde_json::Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str())
                .map(str::to_owned)
                .collect(),
            other => other
                .as_str()
                .map(str::to_owned)
                .into_iter()
                .collect::<Vec<_>>(),
        })
        .collect();
    names.sort();
    names.join(", ")
}

/// Whether the role's AWS-managed or inline policies allow invoking `function`.
fn may_invoke(cx: &Ctx, role: &super::facts::RoleFacts, function: &str) -> CheckResult {
    let managed = role
        .attached
        .iter()
        .find(|arn| INVOKING_MANAGED_POLICIES.contains(&arn.as_str()));
    let inline = role
        .inline
        .iter()
        .map(|(_, doc)| allows(doc, INVOKE_ACTION, function));
    let verdict = combined(
        std::iter::once(if managed.is_some() {
            Verdict::Allow
        } else {
            Verdict::ImplicitDeny
        })
        .chain(inline),
    );
    let names = |v: &[String]| {
        if v.is_empty() {
            "none".to_owned()
        } else {
            v.join(", ")
        }
    };
    let inline_names: Vec<String> = role.inline.iter().map(|(n, _)| n.clone()).collect();
    let unread: Vec<String> = role
        .attached
        .iter()
        .filter(|arn| !arn.starts_with("arn:aws:iam::aws:policy/"))
        .cloned()
        .collect();
    let found = format!(
        "{} has attached {} and inline {}",
        role.name,
        names(&role.attached),
        names(&inline_names)
    );
    match verdict {
        Verdict::Allow => cx.pass(INVOKE, format!("{found}: it may invoke {function}")),
        Verdict::ExplicitDeny => cx.fail(
            INVOKE,
            format!("{found}: a statement denies {INVOKE_ACTION}"),
        ),
        Verdict::ImplicitDeny if !unread.is_empty() => cx.not_checkable(
            INVOKE,
            format!(
                "{found}; check reads AWS-managed and inline policies only, not {}",
                unread.join(", ")
            ),
        ),
        Verdict::ImplicitDeny => cx.fail(
            INVOKE,
            format!(
                "{found}: none allows {INVOKE_ACTION} on {function}, so API Gateway answers 500"
            ),
        ),
    }
}

fn test_invoke(cx: &Ctx) -> CheckResult {
    let f = cx.facts;
    if !f.aws.executes {
        return cx.not_checkable(TEST, super::step2::stand_in(f));
    }
    if !f.auth0.token.as_ref().is_some_and(|t| t.issued) {
        return cx.blocked(TEST, "step1.token.issued", "no token to test with");
    }
    let Some(t) = &f.aws.test_invoke else {
        return cx.fail(TEST, "the Test could not be run");
    };
    let log = if t.log_tail.is_empty() {
        String::new()
    } else {
        format!("; log: {}", t.log_tail)
    };
    let allow = t
        .policy
        .as_ref()
        .map(authgate_core::policy::statement_resources)
        .unwrap_or_default()
        .into_iter()
        .filter(|(effect, _)| effect == "Allow")
        .map(|(_, resource)| resource)
        .collect::<Vec<_>>();
    match (t.status, t.reason.as_deref()) {
        (200, _) if !allow.is_empty() => cx.pass(TEST, format!("200, Allow for {}", allow.join(", "))),
        (200, _) => cx.fail(TEST, format!("200, but the policy allows nothing{log}")),
        (401, Some("unknown_kid")) if f.auth0.token.as_ref().is_some_and(|t| t.refusal.is_none()) => {
            cx.fail(
                TEST,
                format!(
                    "401: the function does not know the token's key id (kid) although the tenant's \
                     JWKS has it: a warm function refetches its cached JWKS at most every 30 s, so \
                     right after a key rotation new tokens are refused; wait 30 s, or start fresh \
                     environments (update the function's configuration){log}"
                ),
            )
        }
        (401, reason) => cx.fail(
            TEST,
            format!(
                "401: the function refused the token{}{log}",
                reason.map_or_else(String::new, |r| format!(" ({r})"))
            ),
        ),
        (status, _) => cx.fail(
            TEST,
            format!("{status}: the authorizer failed rather than deciding{log}"),
        ),
    }
}
