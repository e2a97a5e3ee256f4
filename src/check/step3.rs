//! Step 3's checks about the authorizer itself and its function: it exists, is a TOKEN
//! authorizer on the Authorization header whose validation expression lets a real header
//! through, and its function exists with `TOKEN_ISSUER`, `JWKS_URI`, `AUDIENCE` (and
//! `REQUIRED_PERMISSIONS`) as the tenant and the API need. The role and the console Test are
//! in `step3_invoke`.

use super::model::CheckResult;
use super::verdict::Ctx;
use authgate_providers::aws::authorizer::IDENTITY_SOURCE;

const EXISTS: &str = "step3.authorizer.exists";
const FUNCTION: &str = "step3.function.exists";
/// A JWT-shaped header with every character base64url uses.
const SAMPLE: &str = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhLWJfYyJ9.c2ln-_0";

pub fn checks(cx: &Ctx, token: Option<&str>) -> Vec<CheckResult> {
    let aws = &cx.facts.aws;
    if aws.rest_api.is_none() {
        return super::ids::ALL_IDS
            .iter()
            .filter(|id| id.starts_with("step3."))
            .map(|id| cx.blocked(id, "step2.api.imported", "no API"))
            .collect();
    }
    let Some(z) = &aws.authorizer else {
        let mut out = vec![cx.fail(EXISTS, "the API has no Lambda authorizer")];
        out.extend(
            super::ids::ALL_IDS
                .iter()
                .filter(|id| id.starts_with("step3.") && **id != EXISTS)
                .map(|id| cx.blocked(id, EXISTS, "no authorizer")),
        );
        return out;
    };
    let function_name = z
        .function_arn
        .as_deref()
        .and_then(|arn| arn.rsplit(':').next())
        .unwrap_or("(none)");
    let mut out = vec![cx.pass(
        EXISTS,
        format!("{} ({}) runs the function {function_name}", z.name, z.id),
    )];
    let source = z.identity_source.as_deref().unwrap_or("(none)");
    out.push(cx.judge(
        "step3.authorizer.type",
        z.kind == "TOKEN" && source == IDENTITY_SOURCE,
        format!("type {}, token source {source}", z.kind),
    ));
    out.push(validation(cx, z.validation.as_deref(), token));
    out.extend(function(cx));
    out.extend(super::step3_invoke::checks(cx));
    out
}

fn validation(cx: &Ctx, expression: Option<&str>, token: Option<&str>) -> CheckResult {
    const ID: &str = "step3.authorizer.validation";
    let Some(expression) = expression.filter(|e| !e.is_empty()) else {
        return cx.pass(
            ID,
            "no validation expression: every header reaches the function",
        );
    };
    let regex = match regex::Regex::new(expression) {
        Ok(regex) => regex,
        Err(e) => return cx.fail(ID, format!("{expression} is not a valid expression: {e}")),
    };
    let real = token.map(|t| format!("Bearer {t}"));
    let refused: Vec<&str> = [Some(SAMPLE), real.as_deref()]
        .into_iter()
        .flatten()
        .filter(|header| !regex.is_match(header))
        .map(|header| {
            if header == SAMPLE {
                "a JWT-shaped header"
            } else {
                "the test token's header"
            }
        })
        .collect();
    cx.judge(
        ID,
        refused.is_empty(),
        if refused.is_empty() {
            format!("{expression} accepts \"Bearer <jwt>\"")
        } else {
            format!(
                "{expression} refuses {}: API Gateway answers 401 without calling the function",
                refused.join(" and ")
            )
        },
    )
}

fn function(cx: &Ctx) -> Vec<CheckResult> {
    let f = cx.facts;
    let aws = &f.aws;
    let Some(fun) = &aws.function else {
        let why = aws
            .function_error
            .clone()
            .unwrap_or_else(|| "the authorizer names no function".to_owned());
        let mut out = vec![cx.fail(FUNCTION, why)];
        for id in [
            "step3.function_env.issuer",
            "step3.function_env.jwks_uri",
            "step3.function_env.audience",
            "step3.function_env.required_permissions",
        ] {
            out.push(cx.blocked(id, FUNCTION, "no function"));
        }
        return out;
    };
    let mut out = vec![cx.pass(FUNCTION, format!("{} ({})", fun.name, fun.arn))];
    let a = &f.auth0;
    out.push(expected(
        cx,
        "step3.function_env.issuer",
        "TOKEN_ISSUER",
        &a.issuer,
        "the tokens' iss",
    ));
    out.push(expected(
        cx,
        "step3.function_env.jwks_uri",
        "JWKS_URI",
        &a.jwks_uri,
        "the tenant's keys are at",
    ));
    out.push(match &a.api {
        Some(api) => expected(
            cx,
            "step3.function_env.audience",
            "AUDIENCE",
            &api.identifier,
            "the API's identifier (the tokens' aud) is",
        ),
        None => cx.blocked(
            "step3.function_env.audience",
            "step1.api.exists",
            &format!("AUDIENCE is {}", f.env("AUDIENCE").unwrap_or("(not set)")),
        ),
    });
    out.push(required_permissions(cx));
    out
}

fn required_permissions(cx: &Ctx) -> CheckResult {
    const RP: &str = "step3.function_env.required_permissions";
    let f = cx.facts;
    match f.env(authgate_core::policy::RoutePermissions::ENV) {
        None => cx.pass(
            RP,
            "not set: every valid token may call every secured route",
        ),
        Some(text) => match authgate_core::policy::RoutePermissions::parse(text) {
            Ok(map) => cx.pass(
                RP,
                map.rules()
                    .iter()
                    .map(|r| format!("{} → {}", r.key(), r.permission))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Err(e) => cx.fail(RP, format!("{text} is not a route map: {e}")),
        },
    }
}

/// A variable that must equal `want`; the difference said in words (the trailing slash).
fn expected(cx: &Ctx, id: &'static str, name: &str, want: &str, wanted: &str) -> CheckResult {
    match cx.facts.env(name) {
        None => cx.fail(
            id,
            format!("{name} is not set ({wanted} {want}); the bundled authorizer refuses to start without it, the tutorial's sample silently skips that check"),
        ),
        Some(have) if have == want => cx.pass(id, format!("{name} = {have}")),
        Some(have) if format!("{have}/") == want => cx.fail(
            id,
            format!("{name} = {have}, without the trailing slash; {wanted} {want}"),
        ),
        Some(have) => cx.fail(id, format!("{name} = {have}; {wanted} {want}")),
    }
}
