//! Step 4's browser checks, when a page calls the API: each resource the page calls with a
//! token answers the preflight without an authorizer (a browser sends no credentials on it),
//! no authorized `ANY` answers it instead, the answer allows the page's origin and the
//! `Authorization` header, and API Gateway's own 401 and 403 carry
//! `Access-Control-Allow-Origin` (else the page sees only "Failed to fetch"). These grade the
//! API as configured, with the stage's live answers quoted (the preflight's headers:
//! `step4_cors_headers`); `step4_cors_deployed` compares the two. Without a browser origin
//! they pass, saying so.

use super::cors_reading::{ANY, DEPLOYED, HEADERS, OPEN, RESPONSES, live, seen_text};
use super::facts::{Browser, BrowserFacts, allows_origin};
use super::model::CheckResult;
use super::verdict::Ctx;
use authgate_providers::aws::cors::read::effective_response;

const IDS: [&str; 5] = [OPEN, ANY, HEADERS, RESPONSES, DEPLOYED];

pub fn checks(cx: &Ctx) -> Vec<CheckResult> {
    let f = cx.facts;
    let b = match &f.aws.browser {
        Browser::NotSet(why) => {
            return IDS
                .into_iter()
                .map(|id| {
                    cx.pass(
                        id,
                        format!(
                            "not set up for a browser ({why}); pass --browser-origin ORIGIN to check a page's calls"
                        ),
                    )
                })
                .collect();
        }
        Browser::Set(b) => b,
    };
    if f.aws.rest_api.is_none() {
        return IDS
            .into_iter()
            .map(|id| cx.blocked(id, "step2.api.imported", "no API to call from a page"))
            .collect();
    }
    vec![
        open(cx, b),
        any(cx, b),
        super::step4_cors_headers::headers(cx, b),
        responses(cx, b),
        super::step4_cors_deployed::deployed(cx, b),
    ]
}

fn open(cx: &Ctx, b: &BrowserFacts) -> CheckResult {
    let mut bad = Vec::new();
    let mut good = Vec::new();
    for r in &b.resources {
        match &r.options {
            None if r.authorized_any().is_some() => {}
            None => bad.push(format!(
                "{} has no OPTIONS method, so nothing answers the preflight{}",
                r.path,
                live(r)
            )),
            Some(o) if o.authorization_type != "NONE" => bad.push(format!(
                "OPTIONS {} uses authorization {}: a browser sends no token on a preflight, so it gets 401{}",
                r.path,
                o.authorization_type,
                live(r)
            )),
            Some(_) => good.push(format!("OPTIONS {}", r.path)),
        }
    }
    if bad.is_empty() && good.is_empty() {
        return cx.pass(
            OPEN,
            "no resource the page calls with a token needs its own OPTIONS",
        );
    }
    cx.judge(
        OPEN,
        bad.is_empty(),
        if bad.is_empty() {
            format!(
                "{} {} the preflight without an authorizer",
                good.join(", "),
                if good.len() == 1 { "answers" } else { "answer" }
            )
        } else {
            bad.join("; ")
        },
    )
}

fn any(cx: &Ctx, b: &BrowserFacts) -> CheckResult {
    let mut bad = Vec::new();
    let mut good = Vec::new();
    for r in &b.resources {
        let Some(auth) = r.authorized_any() else {
            continue;
        };
        if r.options.is_some() {
            good.push(format!(
                "OPTIONS {} answers the preflight before ANY",
                r.path
            ));
        } else {
            bad.push(format!(
                "ANY {} uses authorization {auth} and there is no OPTIONS method: ANY answers the preflight too, and without a token that is 401{}",
                r.path,
                live(r)
            ));
        }
    }
    if bad.is_empty() && good.is_empty() {
        return cx.pass(ANY, "no ANY method with an authorizer");
    }
    cx.judge(
        ANY,
        bad.is_empty(),
        if bad.is_empty() {
            good.join("; ")
        } else {
            bad.join("; ")
        },
    )
}

fn responses(cx: &Ctx, b: &BrowserFacts) -> CheckResult {
    let Ok(customised) = &b.responses else {
        let why = b.responses.as_ref().err().map_or("", String::as_str);
        return cx.not_checkable(
            RESPONSES,
            format!("the gateway responses could not be read: {why}"),
        );
    };
    let origin = &b.origin;
    let mut bad = Vec::new();
    let mut good = Vec::new();
    for (kind, status) in [("UNAUTHORIZED", 401), ("ACCESS_DENIED", 403)] {
        match effective_response(customised, kind) {
            None => bad.push(format!(
                "the {status} ({kind}) is API Gateway's default, without Access-Control-Allow-Origin"
            )),
            Some((from, value)) if !allows_origin(value.as_deref(), origin) => {
                bad.push(format!(
                    "the {status} ({kind}, from the {from} response) has {}",
                    value.as_ref().map_or_else(
                        || "no Access-Control-Allow-Origin".to_owned(),
                        |v| format!("Access-Control-Allow-Origin {v}, not the page's {origin}")
                    )
                ));
            }
            Some((from, value)) => good.push(format!(
                "the {status} carries Access-Control-Allow-Origin {} (the {from} response)",
                value.as_deref().unwrap_or_default()
            )),
        }
    }
    let live = match &b.no_token {
        Some(Ok(seen)) => format!(
            " (the stage answers GET /pets without a token from {}: {})",
            super::facts::probe_origin(origin),
            seen_text(seen)
        ),
        _ => String::new(),
    };
    let page = format!("page {origin} ({})", b.from.said());
    cx.judge(
        RESPONSES,
        bad.is_empty(),
        if bad.is_empty() {
            format!("{page}: {}{live}", good.join("; "))
        } else {
            format!(
                "{page}: {}: the page sees only \"TypeError: Failed to fetch\", not the status{live}",
                bad.join("; ")
            )
        },
    )
}

#[cfg(test)]
mod tests;
