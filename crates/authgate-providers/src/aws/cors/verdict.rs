//! Why a browser keeps an answer from a page, in words: what the preflight and the answer
//! carried (their status and `Access-Control-*` headers, as a probe saw them), checked the
//! way the browser checks them, each failure with the step-4 action that fixes it. Pure.

use serde::{Deserialize, Serialize};

/// What one exchange carried, as far as CORS is concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub status: u16,
    pub allow_origin: Option<String>,
    pub allow_headers: Option<String>,
    pub allow_methods: Option<String>,
    /// `x-amzn-ErrorType`: set when API Gateway answered itself (a gateway response).
    pub error_type: Option<String>,
}

/// The request the page makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call<'a> {
    pub origin: &'a str,
    pub method: &'a str,
    /// It sends `Authorization` (a custom header: the browser asks first).
    pub with_token: bool,
    /// It sends a JSON body (`Content-Type: application/json` is not a simple header either).
    pub with_json: bool,
}

impl Call<'_> {
    /// Whether the browser sends a preflight first.
    pub fn needs_preflight(&self) -> bool {
        self.with_token || self.with_json || !matches!(self.method, "GET" | "HEAD" | "POST")
    }
}

const PREFLIGHT_FIX: &str = "step 4 \"Answer the browser's preflight (Enable CORS)\"";
const GATEWAY_FIX: &str = "step 4 \"CORS headers on 4XX and 5XX (gateway responses)\"";

fn allows(list: Option<&str>, item: &str) -> bool {
    list.is_some_and(|l| {
        l.split(',')
            .map(str::trim)
            .any(|x| x == "*" || x.eq_ignore_ascii_case(item))
    })
}

/// `None` when the allowed origin lets this page read; else why not.
fn origin_problem(call: &Call<'_>, seen: &Seen, what: &str, fix: &str) -> Option<String> {
    match seen.allow_origin.as_deref() {
        None => Some(format!(
            "{what} has no Access-Control-Allow-Origin: add it — {fix}"
        )),
        Some(o) if o == "*" || o == call.origin => None,
        Some(o) => Some(format!(
            "{what} allows the origin {o}, not this page's ({}): set step 4's browser origin to \
             {} and rerun step 4",
            call.origin, call.origin
        )),
    }
}

/// Why the browser blocks the page from reading the answer, or `None` when it may read it.
pub fn blocked_because(call: &Call<'_>, preflight: Option<&Seen>, answer: &Seen) -> Option<String> {
    if call.needs_preflight() {
        let Some(p) = preflight else {
            return Some("the preflight (OPTIONS) got no answer".to_owned());
        };
        if !(200..300).contains(&p.status) {
            let kind = p
                .error_type
                .as_deref()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            return Some(format!(
                "the preflight (OPTIONS) got {}{kind}: a browser sends no token on it, so \
                 OPTIONS must answer without the authorizer — {PREFLIGHT_FIX}",
                p.status
            ));
        }
        if let Some(problem) = origin_problem(call, p, "the preflight's answer", PREFLIGHT_FIX) {
            return Some(problem);
        }
        if call.with_token && !allows(p.allow_headers.as_deref(), "authorization") {
            return Some(format!(
                "the preflight's Access-Control-Allow-Headers ({}) lacks Authorization — \
                 {PREFLIGHT_FIX}",
                p.allow_headers.as_deref().unwrap_or("none")
            ));
        }
        if call.with_json && !allows(p.allow_headers.as_deref(), "content-type") {
            return Some(format!(
                "the preflight's Access-Control-Allow-Headers lacks Content-Type — {PREFLIGHT_FIX}"
            ));
        }
        let simple = matches!(call.method, "GET" | "HEAD" | "POST");
        if !simple && !allows(p.allow_methods.as_deref(), call.method) {
            return Some(format!(
                "the preflight's Access-Control-Allow-Methods lacks {} — {PREFLIGHT_FIX}",
                call.method
            ));
        }
    }
    let (what, fix) = match &answer.error_type {
        Some(kind) => (
            format!("the {} from API Gateway itself ({kind})", answer.status),
            GATEWAY_FIX,
        ),
        None => (
            format!("the {} from the integration", answer.status),
            "the method's integration response (or a proxy backend) must send it; step 4 \
             \"Answer the browser's preflight (Enable CORS)\" sets it on non-proxy methods",
        ),
    };
    origin_problem(call, answer, &what, fix)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://127.0.0.1:5180";

    fn call(with_token: bool) -> Call<'static> {
        Call {
            origin: PAGE,
            method: "GET",
            with_token,
            with_json: false,
        }
    }

    fn seen(status: u16, origin: Option<&str>) -> Seen {
        Seen {
            status,
            allow_origin: origin.map(str::to_owned),
            ..Seen::default()
        }
    }

    #[test]
    fn a_gateway_401_without_the_header_names_gateway_responses() {
        let mut answer = seen(401, None);
        answer.error_type = Some("UnauthorizedException".into());
        let why = blocked_because(&call(false), None, &answer).unwrap();
        assert!(
            why.contains("401") && why.contains("gateway responses"),
            "{why}"
        );
        answer.allow_origin = Some(PAGE.into());
        assert_eq!(blocked_because(&call(false), None, &answer), None);
    }

    #[test]
    fn preflight_problems_come_first_and_say_which() {
        let ok = seen(200, Some(PAGE));
        let mut denied = seen(401, None);
        denied.error_type = Some("UnauthorizedException".into());
        let why = blocked_because(&call(true), Some(&denied), &ok).unwrap();
        assert!(
            why.contains("OPTIONS must answer without the authorizer"),
            "{why}"
        );
        let mut no_auth = seen(200, Some("*"));
        no_auth.allow_headers = Some("Content-Type".into());
        let why = blocked_because(&call(true), Some(&no_auth), &ok).unwrap();
        assert!(why.contains("lacks Authorization"), "{why}");
        let other = seen(200, Some("http://127.0.0.1:9"));
        let why = blocked_because(&call(true), Some(&other), &ok).unwrap();
        assert!(why.contains("not this page's"), "{why}");
        let mut fine = seen(204, Some(PAGE));
        fine.allow_headers = Some("Content-Type,Authorization".into());
        assert_eq!(blocked_because(&call(true), Some(&fine), &ok), None);
    }
}
