//! `step4.cors.deployed`: the stage serves the browser setup the API has. A CORS change made
//! in the API (an `OPTIONS` method, its headers, a gateway response) reaches a page only
//! after a deployment. Compared where the target tells: the deployment's `OPTIONS` methods
//! (`GetDeployment` with `apisummary`), and the stage's live answers to a preflight and to a
//! call without a token against what the API's configuration would answer.

use super::cors_reading::{DEPLOYED, live_ok, seen_text};
use super::facts::{BrowserFacts, allows_authorization, allows_origin};
use super::model::CheckResult;
use super::verdict::Ctx;
use authgate_providers::aws::cors::read::effective_response;

/// What the API's configuration would answer a preflight from the page: `None` when only
/// the backend knows (a proxy integration).
fn config_ok(r: &super::facts::CorsResource, origin: &str) -> Option<bool> {
    match &r.options {
        None => Some(false),
        Some(o) if o.authorization_type != "NONE" => Some(false),
        Some(o) if o.is_proxy() => None,
        Some(o) => Some(
            allows_origin(o.allow_origin.as_deref(), origin)
                && allows_authorization(o.allow_headers.as_deref()),
        ),
    }
}

fn says(ok: bool) -> &'static str {
    if ok {
        "lets the page through"
    } else {
        "does not let the page through"
    }
}

pub fn deployed(cx: &Ctx, b: &BrowserFacts) -> CheckResult {
    let f = cx.facts;
    let Some(stage) = f.aws.rest_api.as_ref().and_then(|a| a.stage.as_ref()) else {
        return cx.blocked(DEPLOYED, "step2.stage.deployed", "no stage");
    };
    let mut differs = Vec::new();
    let mut compared = false;
    if let Some(served) = &stage.served {
        compared = true;
        for r in &b.resources {
            let api = r.options.as_ref().map(|o| o.authorization_type.as_str());
            let on_stage = served
                .get(&r.path)
                .and_then(|m| m.get("OPTIONS"))
                .map(|(auth, _)| auth.as_str());
            if api != on_stage {
                differs.push(format!(
                    "OPTIONS {} is {} in the API but {} on the stage",
                    r.path,
                    api.unwrap_or("absent"),
                    on_stage.unwrap_or("absent")
                ));
            }
        }
    }
    for r in &b.resources {
        let (Some(Ok(seen)), Some(wanted)) = (&r.live, config_ok(r, &b.origin)) else {
            continue;
        };
        compared = true;
        let answered = live_ok(seen, &b.origin);
        if answered != wanted {
            differs.push(format!(
                "the preflight of {}: the API's OPTIONS {}, the stage answers {}",
                r.path,
                says(wanted),
                seen_text(seen)
            ));
        }
    }
    let gateway_401 = b.no_token.as_ref().and_then(|s| s.as_ref().ok());
    if let (Some(seen), Ok(customised)) = (gateway_401, &b.responses)
        && seen.status == 401
        && seen.error_type.is_some()
    {
        compared = true;
        let response = effective_response(customised, "UNAUTHORIZED");
        let wanted = response.is_some_and(|(_, v)| allows_origin(v.as_deref(), &b.origin));
        let answered = allows_origin(seen.allow_origin.as_deref(), &b.origin);
        if answered != wanted {
            differs.push(format!(
                "the 401: the API's {} {}, the stage answers {}",
                response.map_or_else(
                    || "default UNAUTHORIZED response".to_owned(),
                    |(kind, _)| format!("{kind} response")
                ),
                says(wanted),
                seen_text(seen)
            ));
        }
    }
    if !compared {
        return cx.not_checkable(
            DEPLOYED,
            format!(
                "{}; and GetDeployment does not say what the deployment serves",
                super::step2::stand_in(f)
            ),
        );
    }
    cx.judge(
        DEPLOYED,
        differs.is_empty(),
        if differs.is_empty() {
            format!(
                "stage {} (deployment {}) serves the browser setup the API has",
                stage.name, stage.deployment_id
            )
        } else {
            format!(
                "stage {} (deployment {}) is not what the API has: {}; the change was not deployed",
                stage.name,
                stage.deployment_id,
                differs.join("; ")
            )
        },
    )
}
