//! What step 4's browser checks share with each other and with the fix texts: the check ids,
//! a live preflight answer in words, and the resource the fixes name.

use super::facts::{BrowserFacts, CorsResource, allows_authorization, allows_origin};
use authgate_providers::aws::cors::verdict::Seen;

pub const OPEN: &str = "step4.cors.preflight_open";
pub const ANY: &str = "step4.cors.any_method";
pub const HEADERS: &str = "step4.cors.allow_headers";
pub const RESPONSES: &str = "step4.cors.gateway_responses";
pub const DEPLOYED: &str = "step4.cors.deployed";

/// A live answer in words: `401 UnauthorizedException, no Access-Control-Allow-Origin`.
pub fn seen_text(seen: &Seen) -> String {
    let mut text = seen.status.to_string();
    if let Some(kind) = &seen.error_type {
        text.push(' ');
        text.push_str(kind);
    }
    match &seen.allow_origin {
        Some(o) => {
            text.push_str(", Access-Control-Allow-Origin ");
            text.push_str(o);
        }
        None => text.push_str(", no Access-Control-Allow-Origin"),
    }
    if let Some(h) = &seen.allow_headers {
        text.push_str(", Access-Control-Allow-Headers ");
        text.push_str(h);
    }
    text
}

/// ` (the stage answers its preflight: …)`, when it was asked.
pub fn live(r: &CorsResource) -> String {
    match &r.live {
        Some(Ok(seen)) => format!(" (the stage answers its preflight: {})", seen_text(seen)),
        _ => String::new(),
    }
}

/// The live preflight lets a page call with a token.
pub fn live_ok(seen: &Seen, origin: &str) -> bool {
    (200..300).contains(&seen.status)
        && allows_origin(seen.allow_origin.as_deref(), origin)
        && allows_authorization(seen.allow_headers.as_deref())
}

/// The resource the fixes name: the first one with a preflight problem, else the first.
pub fn focus(b: &BrowserFacts) -> Option<&CorsResource> {
    let troubled = |r: &&CorsResource| match &r.options {
        None => true,
        Some(o) => {
            o.authorization_type != "NONE"
                || (!o.is_proxy()
                    && (!allows_origin(o.allow_origin.as_deref(), &b.origin)
                        || !allows_authorization(o.allow_headers.as_deref())))
        }
    };
    b.resources
        .iter()
        .find(troubled)
        .or_else(|| b.resources.first())
}
