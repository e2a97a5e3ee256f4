//! Step 1's checks: the Auth0 API (RS256, its permissions), an application granted for it
//! that may use client credentials, one granted every required permission, and a token that
//! verifies the way the authorizer will verify it.

use super::facts::{ApiChoice, GrantedClient};
use super::model::CheckResult;
use super::verdict::Ctx;

const API: &str = "step1.api.exists";

pub fn checks(cx: &Ctx) -> Vec<CheckResult> {
    let f = cx.facts;
    let a = &f.auth0;
    let Some(api) = &a.api else {
        let audience = f.env("AUDIENCE");
        let names: Vec<String> = a
            .apis
            .iter()
            .map(|x| format!("{} ({})", x.name, x.identifier))
            .collect();
        let what = match (a.apis.is_empty(), audience) {
            (true, _) => "the tenant has no API besides the Management API".to_owned(),
            (false, Some(aud)) => format!(
                "no Auth0 API has the identifier AUDIENCE names ({aud}); the tenant has {}",
                names.join(", ")
            ),
            (false, None) => format!(
                "{} APIs and no authorizer AUDIENCE to tell which one: {}",
                names.len(),
                names.join(", ")
            ),
        };
        let mut out = vec![cx.fail(API, what)];
        for id in &ALL[1..] {
            out.push(cx.blocked(id, API, "no Auth0 API to check"));
        }
        return out;
    };
    let audience_note = match (&a.api_choice, f.env("AUDIENCE")) {
        (ApiChoice::ByAudience, _) => " (= the authorizer's AUDIENCE)".to_owned(),
        (ApiChoice::Closest, Some(aud)) => format!(
            "; the authorizer's AUDIENCE says {aud}, which names no API: the nearest is this one \
             (see step3.function_env.audience)"
        ),
        (_, Some(aud)) if aud != api.identifier => {
            format!("; the authorizer's AUDIENCE says {aud} (see step3.function_env.audience)")
        }
        _ => String::new(),
    };
    let mut out = vec![cx.pass(
        API,
        format!(
            "Auth0 API \"{}\" has identifier {}{audience_note}",
            api.name, api.identifier
        ),
    )];
    out.push(cx.judge(
        "step1.api.signing_alg",
        api.signing_alg == "RS256",
        if api.signing_alg == "RS256" {
            "signs with RS256".to_owned()
        } else {
            format!(
                "signs with {}: its tokens carry no kid from the JWKS, and the authorizer accepts RS256 only",
                api.signing_alg
            )
        },
    ));
    let required = f.required();
    let missing: Vec<&String> = required
        .iter()
        .filter(|p| !api.permissions.contains(p))
        .collect();
    out.push(if required.is_empty() {
        cx.pass(
            "step1.api.permissions",
            "REQUIRED_PERMISSIONS is not set: no permission is needed",
        )
    } else {
        cx.judge(
            "step1.api.permissions",
            missing.is_empty(),
            format!(
                "the routes require {}; the API defines {}{}",
                required.join(", "),
                list(&api.permissions),
                if missing.is_empty() {
                    String::new()
                } else {
                    format!(" (missing: {})", join(&missing))
                }
            ),
        )
    });
    out.extend(clients(cx, &required));
    out.extend(super::step1_token::checks(cx));
    out
}

const ALL: [&str; 8] = [
    API,
    "step1.api.signing_alg",
    "step1.api.permissions",
    "step1.client.granted",
    "step1.client.client_credentials",
    "step1.client.writer",
    "step1.token.issued",
    "step1.token.valid",
];

fn clients(cx: &Ctx, required: &[String]) -> Vec<CheckResult> {
    let a = &cx.facts.auth0;
    let granted = &a.granted;
    let described = |c: &GrantedClient| format!("{} [{}]", c.name, c.scopes.join(" "));
    let mut out = vec![cx.judge(
        "step1.client.granted",
        !granted.is_empty(),
        if granted.is_empty() {
            "no application has a client grant for this API".to_owned()
        } else {
            format!(
                "granted: {}",
                granted.iter().map(described).collect::<Vec<_>>().join(", ")
            )
        },
    )];
    let cc: Vec<&GrantedClient> = granted.iter().filter(|c| c.client_credentials).collect();
    out.push(if granted.is_empty() {
        cx.blocked(
            "step1.client.client_credentials",
            "step1.client.granted",
            "no granted application",
        )
    } else {
        cx.judge(
            "step1.client.client_credentials",
            !cc.is_empty(),
            if cc.is_empty() {
                "no granted application allows the client_credentials grant".to_owned()
            } else {
                format!(
                    "{} may use client_credentials",
                    cc.iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        )
    });
    let writer = a
        .writer
        .as_ref()
        .and_then(|id| granted.iter().find(|c| &c.client_id == id));
    out.push(match (required.is_empty(), writer) {
        (true, _) => cx.pass(
            "step1.client.writer",
            "REQUIRED_PERMISSIONS is not set: every granted token may write",
        ),
        (false, Some(w)) => cx.pass(
            "step1.client.writer",
            format!("{} is granted {}", w.name, required.join(", ")),
        ),
        (false, None) => cx.fail(
            "step1.client.writer",
            format!(
                "no application's grant holds every required permission ({}); grants: {}",
                required.join(", "),
                if granted.is_empty() {
                    "none".to_owned()
                } else {
                    granted.iter().map(described).collect::<Vec<_>>().join(", ")
                }
            ),
        ),
    });
    out
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
