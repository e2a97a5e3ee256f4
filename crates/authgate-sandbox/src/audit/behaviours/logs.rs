//! Does any invocation's log hold the token it was sent, or the token's signature?

use super::super::phases::Sent;
use super::super::report::{JwtAnswer, Row};
use super::{explain, jwt, row};

/// Shorter strings could appear in a log by chance (a kid, a scope); none of the audit's
/// tokens or RSA signatures is that short.
const MIN_SECRET_LEN: usize = 24;

pub fn token_in_logs<'a>(sent: impl IntoIterator<Item = &'a Sent>) -> Row {
    let mut total = 0;
    let mut leaked: Vec<&Sent> = Vec::new();
    for s in sent {
        total += 1;
        if leaks(s) {
            leaked.push(s);
        }
    }
    let got = match leaked.first() {
        None => format!("no token or signature in {total} invocation logs"),
        Some(first) => format!(
            "{} of {total} invocation logs hold the token or its signature (first: {})",
            leaked.len(),
            first.label
        ),
    };
    explain(
        row(
            "token_in_logs",
            true,
            "no log line holds a token or its signature".to_owned(),
            got,
            leaked.is_empty(),
        ),
        "a token in CloudWatch is a credential anyone with log access can replay until it expires",
        "RFC 6750 §5.3; RFC 8725 §3.10 (untrusted input in logs)",
        "log the decision, the reason, kid, iss and sub; never the event, the header or the token",
        jwt(
            JwtAnswer::NotApplicable,
            "no code of yours sees the token; access logs hold what their format names",
        ),
    )
}

fn leaks(sent: &Sent) -> bool {
    let token = sent
        .authorization
        .split_once(' ')
        .map_or(sent.authorization.as_str(), |(_, token)| token);
    let signature = token.rsplit_once('.').map_or("", |(_, sig)| sig);
    [token, signature]
        .iter()
        .any(|secret| secret.len() >= MIN_SECRET_LEN && sent.call.log.contains(secret))
}
