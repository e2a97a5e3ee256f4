//! The rows for behaviours: what the phases measured, judged.

use authgate_core::policy::{Evaluation, MethodArn, evaluate};

use super::cases::{Expect, jwt};
use super::mint::{METHOD_ARN, SIBLING_ROUTES};
use super::phases::{CorpusRun, Sent, WarmRun};
use super::report::{HttpApiJwt, JwtAnswer, Kind, Outcome, Row};

mod logs;
mod permissions;
mod timing;

pub use logs::token_in_logs;
pub use permissions::route_permissions;
pub use timing::latency;

fn row(id: &'static str, security: bool, expected: String, got: String, passed: bool) -> Row {
    Row {
        id,
        kind: Kind::Behaviour,
        security,
        expected,
        got,
        passed,
        status: None,
        why: "",
        reference: "",
        fix: "",
        http_api_jwt: jwt(JwtAnswer::NotApplicable, ""),
    }
}

fn explain(
    mut row: Row,
    why: &'static str,
    reference: &'static str,
    fix: &'static str,
    http_api_jwt: HttpApiJwt,
) -> Row {
    row.why = why;
    row.reference = reference;
    row.fix = fix;
    row.http_api_jwt = http_api_jwt;
    row
}

/// How the call ended, for a `got` field.
pub fn describe(sent: &Sent) -> String {
    let call = &sent.call;
    let status = call.outcome.status();
    match &call.detail {
        Some(detail) => format!("{} ({status}): {detail}", call.outcome.as_str()),
        None => format!("{} ({status})", call.outcome.as_str()),
    }
}

pub fn jwks_cached(warm: &WarmRun) -> Row {
    let calls = warm.calls.len();
    let fetches = warm.fetches_after_valid;
    explain(
        row(
            "jwks_cached",
            false,
            format!("at most 1 JWKS fetch for {calls} valid calls"),
            format!("{fetches} JWKS fetches for {calls} valid calls"),
            fetches <= 1,
        ),
        "a fetch per request adds latency to every call and spends the issuer's rate limit",
        "Auth0 docs: Cache the JSON Web Key Set",
        "keep the keys in module scope across warm invocations; refresh them when a kid is unknown or they are old (e.g. 10 min)",
        jwt(
            JwtAnswer::NotApplicable,
            "API Gateway fetches and caches the issuer's keys itself",
        ),
    )
}

pub fn unknown_kid_throttled(warm: &WarmRun) -> Row {
    let burst = warm.burst.len();
    let refused = warm.burst.iter().all(|s| s.call.outcome.refused());
    let fetches = warm.burst_fetches;
    explain(
        row(
            "jwks_refetch_throttled",
            true,
            format!("{burst} tokens with unknown kids refused, at most 1 JWKS refetch"),
            format!(
                "{} refused, {fetches} JWKS refetches",
                warm.burst
                    .iter()
                    .filter(|s| s.call.outcome.refused())
                    .count()
            ),
            refused && fetches <= 1,
        ),
        "each unknown kid triggering a fetch lets anyone turn the authorizer into a flood against the issuer",
        "RFC 8725 §3.10; Auth0 docs: JWKS rate limits",
        "refetch on an unknown kid at most once per 30 s, and share one in-flight fetch",
        jwt(
            JwtAnswer::NotApplicable,
            "key fetching is API Gateway's own",
        ),
    )
}

/// A valid token while the issuer's JWKS is down, slow or huge: 401 within the timeout.
pub fn jwks_fault(id: &'static str, sent: &Sent, why: &'static str, fix: &'static str) -> Row {
    let mut row = explain(
        row(
            id,
            false,
            "unauthorized (401) before the function's timeout".to_owned(),
            describe(sent),
            sent.call.outcome == Outcome::Unauthorized,
        ),
        why,
        "authgate contract (DESIGN.md): JWKS timeout 5 s, size cap 1 MiB",
        fix,
        jwt(
            JwtAnswer::NotDocumented,
            "the key fetch is API Gateway's; its failure modes are not documented",
        ),
    );
    row.status = Some(sent.call.outcome.status());
    row
}

/// The allow policy of the corpus's valid token against the stage's other routes.
pub fn cache_trap(corpus: &CorpusRun, ttl_secs: u32) -> Row {
    let policy = corpus
        .results
        .iter()
        .find(|(case, _, _)| case.expect == Expect::Allow)
        .and_then(|(_, sent, _)| sent.call.policy.clone());
    // METHOD_ARN is a constant the audit's tests parse.
    #[allow(clippy::expect_used)]
    let arn = MethodArn::parse(METHOD_ARN).expect("the audit's methodArn parses");
    let denied = policy.as_ref().and_then(|p| {
        SIBLING_ROUTES
            .iter()
            .find(|(verb, path, _)| {
                // An explicit Deny is a decision (e.g. a missing permission), not the trap.
                evaluate(p, &arn.with_route(verb, path)) == Evaluation::ImplicitDeny
            })
            .map(|(_, _, route)| *route)
    });
    let resource = policy
        .as_ref()
        .map(|p| {
            authgate_core::policy::first_resource(&serde_json::json!({"policyDocument": p}))
                .to_owned()
        })
        .unwrap_or_default();
    let (got, passed) = match (&policy, denied) {
        (None, _) => (
            "no Allow policy came back for the valid token".to_owned(),
            false,
        ),
        (Some(_), None) => (
            format!("Resource {resource} covers the stage's other routes"),
            true,
        ),
        (Some(_), Some(_)) if ttl_secs == 0 => (
            "methodArn-only, but the cache is off (TTL 0)".to_owned(),
            true,
        ),
        (Some(_), Some(route)) => (
            format!(
                "Resource {resource}: after GET /pets, {route} gets 403 for up to {ttl_secs} s (cached policy)"
            ),
            false,
        ),
    };
    explain(
        row(
            "policy_cache_trap",
            false,
            format!("an Allow that covers every route the token may call (TTL {ttl_secs} s)"),
            got,
            passed,
        ),
        "API Gateway caches the policy per token and checks it against later routes: methodArn-only turns them into 403",
        "AWS docs: Lambda authorizer caching (authorizerResultTtlInSeconds)",
        "list every route the token may call in the policy (Allow what its permissions grant, Deny the rest; never a stage-wide Allow when routes need different permissions), or set the authorizer's TTL to 0",
        jwt(
            JwtAnswer::NotApplicable,
            "no policy: a route needs a valid token and, if configured, one of its scopes; no custom context",
        ),
    )
}

/// Refusals signalled as `Unauthorized` (401), not as other errors (500).
pub fn unauthorized_signal(corpus: &CorpusRun) -> Row {
    let refusals: Vec<&Sent> = corpus
        .results
        .iter()
        .filter(|(case, _, _)| case.expect == Expect::Refuse)
        .map(|(_, sent, _)| sent)
        .collect();
    let wrong: Vec<&&Sent> = refusals
        .iter()
        .filter(|s| s.call.outcome.refused() && s.call.outcome != Outcome::Unauthorized)
        .collect();
    let got = match wrong.first() {
        None => format!("{} of {} refusals are 401", refusals.len(), refusals.len()),
        Some(first) => format!(
            "{} of {} refusals are not 401 (first: {}, {})",
            wrong.len(),
            refusals.len(),
            first.label,
            describe(first)
        ),
    };
    explain(
        row(
            "unauthorized_signal",
            false,
            "every refused token answered 401".to_owned(),
            got,
            wrong.is_empty(),
        ),
        "only an error whose message is exactly \"Unauthorized\" becomes a 401; anything else is a 500 to the client",
        "AWS docs: API Gateway Lambda authorizer output (Unauthorized → 401)",
        "end every refusal with throw new Error(\"Unauthorized\") (Node) or raise Exception(\"Unauthorized\") (Python)",
        jwt(JwtAnswer::Unauthorized, "a refused token is always a 401"),
    )
}
