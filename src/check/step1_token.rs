//! Step 1's token checks: the test application gets a token for the API (or `--token`), and
//! it verifies as the authorizer will verify it (RS256 key from the JWKS, issuer, audience,
//! expiry), with the sandbox's clock named when it is the reason.

use std::fmt::Write as _;

use super::model::CheckResult;
use super::verdict::Ctx;

pub fn checks(cx: &Ctx) -> Vec<CheckResult> {
    let a = &cx.facts.auth0;
    let Some(t) = &a.token else {
        let blocker = if a.granted.is_empty() {
            "step1.client.granted"
        } else {
            "step1.client.client_credentials"
        };
        return vec![
            cx.blocked(
                "step1.token.issued",
                blocker,
                "no application to ask for a token",
            ),
            cx.blocked("step1.token.valid", "step1.token.issued", "no token"),
        ];
    };
    if !t.issued {
        let why = t.error.clone().unwrap_or_default();
        return vec![
            cx.fail(
                "step1.token.issued",
                format!("{} got no token: {why}", t.source),
            ),
            cx.blocked("step1.token.valid", "step1.token.issued", "no token"),
        ];
    }
    let issued = cx.pass(
        "step1.token.issued",
        format!(
            "{} got a token (alg {}, kid {})",
            t.source,
            t.header["alg"].as_str().unwrap_or("?"),
            t.header["kid"].as_str().unwrap_or("none")
        ),
    );
    let valid = match &t.refusal {
        None => cx.pass(
            "step1.token.valid",
            format!(
                "iss {}, aud {}, verified with the tenant's JWKS",
                t.claims["iss"].as_str().unwrap_or("?"),
                t.claims["aud"]
            ),
        ),
        Some((code, text)) => {
            let mut what = format!("refused ({code}): {text}");
            for observation in &t.observations {
                what.push_str("; ");
                what.push_str(observation);
            }
            if (code == "expired" || code == "not_yet_valid")
                && let Some(skew) = a.clock_skew_secs.filter(|s| *s != 0)
            {
                let _ = write!(
                    what,
                    "; the sandbox's clock is skewed by {skew} s, so the tenant mints tokens \
                     that are already out of date: POST {}/sandbox/clock-skew \
                     {{\"skew_secs\":0}} sets it back",
                    a.base_url
                );
            }
            cx.fail("step1.token.valid", what)
        }
    };
    vec![issued, valid]
}
