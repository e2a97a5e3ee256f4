//! `step4.cors.allow_headers`: the answer to the preflight lets the page at the origin send an
//! `Authorization` header: `Access-Control-Allow-Origin` allows the origin and
//! `Access-Control-Allow-Headers` names `Authorization` (a `*` does not cover it). Read from
//! the `OPTIONS` integration's static mappings; for a proxy integration, from the live answer.

use super::cors_reading::{ANY, HEADERS, OPEN, live};
use super::facts::{BrowserFacts, allows_authorization, allows_origin};
use super::model::CheckResult;
use super::verdict::Ctx;

pub fn headers(cx: &Ctx, b: &BrowserFacts) -> CheckResult {
    let origin = &b.origin;
    let mut bad = Vec::new();
    let mut good = Vec::new();
    let mut unknown = Vec::new();
    for r in &b.resources {
        let Some(o) = &r.options else {
            continue;
        };
        let (allow_origin, allow_headers, said) = if o.is_proxy() {
            let Some(Ok(seen)) = &r.live else {
                unknown.push(format!(
                    "OPTIONS {} has a proxy integration: only its backend's answer tells",
                    r.path
                ));
                continue;
            };
            (
                seen.allow_origin.clone(),
                seen.allow_headers.clone(),
                "its proxy backend answers the preflight with",
            )
        } else {
            (
                o.allow_origin.clone(),
                o.allow_headers.clone(),
                "its answer maps",
            )
        };
        let mut wrong = Vec::new();
        if !allows_origin(allow_origin.as_deref(), origin) {
            wrong.push(match &allow_origin {
                Some(v) => format!("Access-Control-Allow-Origin {v}, not the page's {origin}"),
                None => "no Access-Control-Allow-Origin".to_owned(),
            });
        }
        if !allows_authorization(allow_headers.as_deref()) {
            wrong.push(format!(
                "Access-Control-Allow-Headers {} without Authorization (a * does not cover it)",
                allow_headers.as_deref().unwrap_or("unset")
            ));
        }
        if wrong.is_empty() {
            good.push(r.path.clone());
        } else {
            bad.push(format!(
                "OPTIONS {}: {said} {}{}",
                r.path,
                wrong.join(" and "),
                live(r)
            ));
        }
    }
    if bad.is_empty() && good.is_empty() && unknown.is_empty() {
        return match (b.resources.is_empty(), failing_preflight_check(b)) {
            (false, Some(cause)) => cx.blocked(HEADERS, cause, "no OPTIONS method to read"),
            _ => cx.pass(HEADERS, "no resource the page calls with a token"),
        };
    }
    if bad.is_empty() && good.is_empty() {
        return cx.not_checkable(HEADERS, unknown.join("; "));
    }
    cx.judge(
        HEADERS,
        bad.is_empty(),
        if bad.is_empty() {
            format!(
                "the preflight of {} allows {origin} and the Authorization header",
                good.join(", ")
            )
        } else {
            bad.join("; ")
        },
    )
}

/// The check that reports a resource with no `OPTIONS` method.
fn failing_preflight_check(b: &BrowserFacts) -> Option<&'static str> {
    b.resources.iter().find(|r| r.options.is_none()).map(|r| {
        if r.authorized_any().is_some() {
            ANY
        } else {
            OPEN
        }
    })
}
