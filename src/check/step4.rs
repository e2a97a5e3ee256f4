//! Step 4's checks: the methods use the authorizer in the API and **on the deployed stage**
//! (secured but not redeployed is the classic mistake), and a cached policy covers every
//! secured route (the cache trap: TTL > 0 with a policy for one method).

use authgate_core::policy::{Evaluation, evaluate};

use super::facts::Facts;
use super::model::CheckResult;
use super::verdict::Ctx;

const SECURED: &str = "step4.methods.secured";
const DEPLOYED: &str = "step4.stage.deployed";
const CACHE: &str = "step4.cache.policy_scope";

/// The methods that must use the authorizer: `GET /pets`, and every method of the API that
/// `REQUIRED_PERMISSIONS` maps (a permission only means something on a secured route).
pub fn wanted(f: &Facts) -> Vec<(String, String)> {
    let mut out = vec![("/pets".to_owned(), "GET".to_owned())];
    if let (Some(api), Some(routes)) = (&f.aws.rest_api, &f.required_permissions) {
        for (path, methods) in &api.methods {
            let arn_path = sample_path(path);
            for verb in methods.keys() {
                let mapped = routes
                    .rules()
                    .iter()
                    .any(|rule| rule.matches(verb, arn_path.trim_start_matches('/')));
                if mapped && !out.iter().any(|(p, v)| p == path && v == verb) {
                    out.push((path.clone(), verb.clone()));
                }
            }
        }
    }
    out
}

/// `/pets/{petId}` → `/pets/1`: a request path for a resource path.
pub fn sample_path(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with('{') { "1" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

pub fn checks(cx: &Ctx) -> Vec<CheckResult> {
    let f = cx.facts;
    let aws = &f.aws;
    let (Some(api), Some(z)) = (&aws.rest_api, &aws.authorizer) else {
        let blocker = if aws.rest_api.is_none() {
            "step2.api.imported"
        } else {
            "step3.authorizer.exists"
        };
        return [SECURED, DEPLOYED, CACHE]
            .into_iter()
            .map(|id| cx.blocked(id, blocker, "nothing to secure with"))
            .collect();
    };
    let wanted = wanted(f);
    let label = |(p, v): &(String, String)| format!("{v} {p}");
    let open: Vec<String> = wanted
        .iter()
        .filter(|(path, verb)| {
            !api.methods
                .get(path)
                .and_then(|m| m.get(verb))
                .is_some_and(|m| {
                    m.authorization_type == "CUSTOM"
                        && m.authorizer_id.as_deref() == Some(z.id.as_str())
                        && !m.api_key_required
                })
        })
        .map(label)
        .collect();
    let names: Vec<String> = wanted.iter().map(label).collect();
    let mut out = vec![cx.judge(
        SECURED,
        open.is_empty(),
        if open.is_empty() {
            format!("{} use {} (API key not required)", names.join(", "), z.name)
        } else {
            format!(
                "{} do not use {} (or require an API key)",
                open.join(", "),
                z.name
            )
        },
    )];
    out.push(deployed(cx, &wanted));
    out.push(cache(cx, &wanted));
    out
}

fn deployed(cx: &Ctx, wanted: &[(String, String)]) -> CheckResult {
    let f = cx.facts;
    let Some(stage) = f.aws.rest_api.as_ref().and_then(|a| a.stage.as_ref()) else {
        return cx.blocked(DEPLOYED, "step2.stage.deployed", "no stage");
    };
    if let Some(served) = &stage.served {
        let open: Vec<String> = wanted
            .iter()
            .filter(|(path, verb)| {
                !served
                    .get(path)
                    .and_then(|m| m.get(verb))
                    .is_some_and(|(auth, key)| auth == "CUSTOM" && !key)
            })
            .map(|(p, v)| {
                let now = served
                    .get(p)
                    .and_then(|m| m.get(v))
                    .map_or("absent", |(a, _)| a);
                format!("{v} {p} ({now})")
            })
            .collect();
        return cx.judge(
            DEPLOYED,
            open.is_empty(),
            if open.is_empty() {
                format!(
                    "stage {} (deployment {}) serves them secured",
                    stage.name, stage.deployment_id
                )
            } else {
                format!(
                    "stage {} still serves {} from deployment {}: the change was not deployed",
                    stage.name,
                    open.join(", "),
                    stage.deployment_id
                )
            },
        );
    }
    match &f.aws.calls.no_token {
        Some(Ok(ex)) if f.aws.executes => cx.judge(
            DEPLOYED,
            ex.status == 401,
            format!(
                "GET /pets without a token on stage {} → {}",
                stage.name,
                super::step2::describe(ex)
            ),
        ),
        _ => cx.not_checkable(
            DEPLOYED,
            format!(
                "{}; and GetDeployment does not say what the deployment serves",
                super::step2::stand_in(f)
            ),
        ),
    }
}

fn cache(cx: &Ctx, wanted: &[(String, String)]) -> CheckResult {
    let f = cx.facts;
    // `checks` reaches here only with an authorizer found.
    #[allow(clippy::expect_used)]
    let z = f.aws.authorizer.as_ref().expect("checked by the caller");
    if z.ttl_secs <= 0 {
        return cx.pass(
            CACHE,
            "TTL 0: every request runs the authorizer, so no policy is reused",
        );
    }
    if !f.aws.executes {
        return cx.not_checkable(
            CACHE,
            format!("TTL {} s; {}", z.ttl_secs, super::step2::stand_in(f)),
        );
    }
    let Some(policy) = f.aws.test_invoke.as_ref().and_then(|t| t.policy.as_ref()) else {
        return cx.blocked(CACHE, "step3.authorizer.test_invoke", "no policy to read");
    };
    let api = f.aws.rest_api.as_ref().map_or("", |a| a.id.as_str());
    let prefix = format!(
        "arn:aws:execute-api:{}:{}:{api}/ESTestInvoke-stage",
        f.aws.region, f.aws.account
    );
    let trapped: Vec<String> = wanted
        .iter()
        .filter(|(path, verb)| {
            let arn = format!("{prefix}/{verb}{}", sample_path(path));
            evaluate(policy, &arn) == Evaluation::ImplicitDeny
        })
        .map(|(p, v)| format!("{v} {p}"))
        .collect();
    let resources: Vec<String> = authgate_core::policy::statement_resources(policy)
        .into_iter()
        .map(|(effect, r)| format!("{effect} {r}"))
        .collect();
    cx.judge(
        CACHE,
        trapped.is_empty(),
        if trapped.is_empty() {
            format!(
                "TTL {} s and the policy covers every secured route ({})",
                z.ttl_secs,
                resources.join(", ")
            )
        } else {
            format!(
                "TTL {} s, but the policy names only {}: once it is cached for a token, calls to {} with that token get 403 until the TTL ends",
                z.ttl_secs,
                resources.join(", "),
                trapped.join(", ")
            )
        },
    )
}
