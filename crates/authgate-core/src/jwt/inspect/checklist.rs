//! The inspector's checklist: every check on its own (not first-failure-wins), so a person
//! sees everything that is wrong at once, each ✗ with its fix.

use jsonwebtoken::Algorithm;
use serde::Serialize;

use super::OFFLINE_LEEWAY_SECS;
use crate::jwt::claims::{self, Expected};
use crate::jwt::{
    Decoded, Failure, MAX_HEADER_BYTES, Reason, Verifier, bearer_token, check_alg_and_crit,
    check_kid, check_signature, decode,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Pass,
    Fail,
    /// Not run: an earlier check failed, or the configuration it needs was not given.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub status: CheckStatus,
    pub detail: String,
    /// How to fix a failure, or how to enable a skipped check.
    pub fix: Option<String>,
    pub reason: Option<Reason>,
}

impl Check {
    fn pass(name: &'static str, detail: impl Into<String>) -> Self {
        Self {
            name,
            status: CheckStatus::Pass,
            detail: detail.into(),
            fix: None,
            reason: None,
        }
    }

    fn skipped(name: &'static str, detail: impl Into<String>, fix: Option<&str>) -> Self {
        Self {
            name,
            status: CheckStatus::Skipped,
            detail: detail.into(),
            fix: fix.map(str::to_owned),
            reason: None,
        }
    }

    fn from(name: &'static str, result: Result<(), Failure>, ok: impl Into<String>) -> Self {
        match result {
            Ok(()) => Self::pass(name, ok),
            Err(failure) => Self {
                name,
                status: CheckStatus::Fail,
                detail: failure.message,
                fix: Some(failure.hint),
                reason: Some(failure.reason),
            },
        }
    }
}

pub(super) async fn run(input: &str, verifier: Option<&Verifier>, now: i64) -> Vec<Check> {
    let token = if input.starts_with("Bearer ") || input.is_empty() {
        bearer_token(Some(input))
    } else if input.len() + "Bearer ".len() > MAX_HEADER_BYTES {
        bearer_token(Some(&format!("Bearer {input}"))).map(|_| input)
    } else {
        Ok(input)
    };
    let decoded = token.and_then(decode);
    let decoded = match decoded {
        Ok(decoded) => decoded,
        Err(failure) => {
            let mut checks = vec![Check::from("format", Err(failure), "")];
            for name in [
                "alg",
                "kid",
                "signature",
                "claim types",
                "exp/nbf",
                "iss",
                "aud",
            ] {
                checks.push(Check::skipped(name, "the token does not decode", None));
            }
            return checks;
        }
    };
    let mut checks = vec![Check::pass(
        "format",
        "a JWS: three base64url segments, JSON header and claims",
    )];
    checks.extend(key_checks(&decoded, verifier, now).await);
    let leeway = verifier.map_or(OFFLINE_LEEWAY_SECS, |v| v.config().leeway_secs);
    let claims = &decoded.claims;
    checks.push(Check::from(
        "claim types",
        claims::check_types(claims),
        "exp/nbf/iat numbers; sub, iss, aud strings",
    ));
    let times_ok = claims::lifetime_note(claims, now).unwrap_or_default();
    checks.push(Check::from(
        "exp/nbf",
        claims::check_times(claims, now, leeway),
        format!("{times_ok}; leeway {leeway} s"),
    ));
    if let Some(Expected {
        issuer, audience, ..
    }) = verifier.map(Verifier::expected)
    {
        checks.push(Check::from(
            "iss",
            claims::check_issuer(claims, issuer),
            format!("`{issuer}`"),
        ));
        checks.push(Check::from(
            "aud",
            claims::check_audience(claims, audience),
            format!("contains `{audience}`"),
        ));
    } else {
        checks.push(Check::skipped(
            "iss",
            "no expected issuer given",
            Some("pass --issuer https://TENANT/"),
        ));
        checks.push(Check::skipped(
            "aud",
            "no expected audience given",
            Some("pass --audience API_IDENTIFIER"),
        ));
    }
    checks
}

async fn key_checks(decoded: &Decoded<'_>, verifier: Option<&Verifier>, now: i64) -> Vec<Check> {
    let algorithms =
        verifier.map_or_else(|| vec![Algorithm::RS256], |v| v.config().algorithms.clone());
    let alg = decoded.alg().unwrap_or("?");
    let alg_check = Check::from(
        "alg",
        check_alg_and_crit(decoded, &algorithms),
        format!("{alg}, no crit"),
    );
    if alg_check.status == CheckStatus::Fail {
        let skip = |name| Check::skipped(name, "alg is not allowed", None);
        return vec![alg_check, skip("kid"), skip("signature")];
    }
    let kid = match check_kid(decoded) {
        Ok(kid) => kid,
        Err(failure) => {
            return vec![
                alg_check,
                Check::from("kid", Err(failure), ""),
                Check::skipped("signature", "no key", None),
            ];
        }
    };
    let Some(verifier) = verifier else {
        let fix = Some("pass --jwks-uri https://TENANT/.well-known/jwks.json or --jwks-file");
        return vec![
            alg_check,
            Check::skipped("kid", format!("`{kid}`, not looked up: no JWKS given"), fix),
            Check::skipped(
                "signature",
                "not verified: no JWKS given (the claims below are unverified)",
                fix,
            ),
        ];
    };
    match verifier.lookup_key(kid, now).await {
        Ok(key) => vec![
            alg_check,
            Check::pass("kid", format!("`{kid}` found in the JWKS")),
            Check::from(
                "signature",
                check_signature(decoded, &key),
                "verified with the JWKS key",
            ),
        ],
        Err(failure) => vec![
            alg_check,
            Check::from("kid", Err(failure), ""),
            Check::skipped("signature", "no key", None),
        ],
    }
}
