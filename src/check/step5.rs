//! Step 5's checks: the three calls of the tutorial (no token 401, bad token 401, the test
//! token 200) and, when the routes require permissions, `POST /pets` with a read-only token
//! (403) and with a write token (200). A failure here usually follows from an earlier step;
//! the root-cause pass in `check.rs` says which.

use std::fmt::Write as _;

use super::facts::Facts;
use super::model::CheckResult;
use super::step2::{describe, stand_in};
use super::verdict::Ctx;
use authgate_providers::aws::http::Exchange;

const POST_READ: &str = "step5.call.post_read";
const POST_WRITE: &str = "step5.call.post_write";

pub fn checks(cx: &Ctx) -> Vec<CheckResult> {
    let f = cx.facts;
    let calls = &f.aws.calls;
    let mut out = vec![
        call(
            cx,
            "step5.call.no_token",
            "GET /pets without a token",
            calls.no_token.as_ref(),
            &[401],
        ),
        call(
            cx,
            "step5.call.bad_token",
            "GET /pets with a bad token",
            calls.bad_token.as_ref(),
            &[401],
        ),
        call(
            cx,
            "step5.call.token",
            "GET /pets with the test token",
            calls.token.as_ref(),
            &[200],
        ),
    ];
    // The stage may answer from its policy cache (keyed by the token: the same token again,
    // or an identical one minted in the same second) although the authorizer refuses it now:
    // that 200 proves nothing about the setup as it is, so it is not a pass (the root-cause
    // pass then names the failure it follows from).
    let refused_now = f.aws.test_invoke.as_ref().is_some_and(|t| t.status != 200);
    if let Some(token) = out.last_mut().filter(|r| r.ok() && refused_now) {
        let ttl = f.aws.authorizer.as_ref().map_or(0, |z| z.ttl_secs);
        token.status = super::model::Status::Fail;
        let _ = write!(
            token.what,
            " — answered from the stage's policy cache, not by the authorizer: its Test \
             refuses this token now, so the call fails once the cached policy expires (TTL \
             {ttl} s)"
        );
    }
    match post_permission(f) {
        None => {
            let why = "REQUIRED_PERMISSIONS does not map POST /pets: no permission to test";
            out.push(cx.pass(POST_READ, why));
            out.push(cx.pass(POST_WRITE, why));
        }
        Some(permission) => {
            out.push(if f.aws.executes && calls.post_read.is_none() && calls.token.is_some() {
                cx.pass(
                    POST_READ,
                    format!("the test application is granted {permission}: no read-only token to refuse"),
                )
            } else {
                call(cx, POST_READ, "POST /pets with the read-only token", calls.post_read.as_ref(), &[403])
            });
            out.push(if f.auth0.writer.is_none() && f.aws.executes {
                cx.blocked(
                    POST_WRITE,
                    "step1.client.writer",
                    &format!("no application holds {permission}"),
                )
            } else {
                call(
                    cx,
                    POST_WRITE,
                    "POST /pets with a write token",
                    calls.post_write.as_ref(),
                    &[200, 201],
                )
            });
        }
    }
    out
}

/// The permission `POST /pets` requires, when `REQUIRED_PERMISSIONS` maps it.
pub fn post_permission(f: &Facts) -> Option<String> {
    f.required_permissions
        .as_ref()?
        .rules()
        .iter()
        .find(|rule| rule.matches("POST", "pets"))
        .map(|rule| rule.permission.clone())
}

fn call(
    cx: &Ctx,
    id: &'static str,
    what: &str,
    answer: Option<&Result<Exchange, String>>,
    expected: &[u16],
) -> CheckResult {
    let f = cx.facts;
    if !f.aws.executes {
        return cx.not_checkable(id, stand_in(f));
    }
    let want = expected
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(" or ");
    match answer {
        None if f.auth0.token.as_ref().is_none_or(|t| !t.issued)
            && id != "step5.call.no_token"
            && id != "step5.call.bad_token" =>
        {
            cx.blocked(id, "step1.token.issued", "no token to call with")
        }
        None => cx.blocked(id, "step2.stage.deployed", "no invoke URL"),
        Some(Err(e)) => cx.fail(id, format!("{what}: could not be sent: {e}")),
        Some(Ok(ex)) => {
            let ok = expected.contains(&ex.status);
            let mut text = format!("{what} → {}", describe(ex));
            if !ok {
                let _ = write!(text, " (expected {want}){}", meaning(ex.status));
            }
            cx.judge(id, ok, text)
        }
    }
}

/// What a status usually means at this gateway, in a few words.
fn meaning(status: u16) -> &'static str {
    match status {
        200 | 201 => ": the call went through without the authorizer stopping it",
        401 => ": the authorizer refused the token, or the header never reached it",
        403 => ": the policy does not allow this route for this token",
        500 => ": the authorizer failed or could not be invoked",
        _ => "",
    }
}
