//! Claim checks, each on its own (the inspector shows them all) and in the pinned order
//! (the authorizer stops at the first failure).

use serde_json::{Map, Value};

use super::humanize::{duration, relative, rfc3339};
use super::reason::{Failure, Reason};

type Claims = Map<String, Value>;

/// What the claims are checked against.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub audience: &'a str,
    pub leeway_secs: u64,
}

/// Every claim check in the pinned order; the first failure wins.
pub fn check(claims: &Claims, expected: Expected<'_>, now: i64) -> Result<(), Failure> {
    check_types(claims)?;
    check_times(claims, now, expected.leeway_secs)?;
    check_issuer(claims, expected.issuer)?;
    check_audience(claims, expected.audience)
}

/// `exp`/`nbf`/`iat` numeric, `sub` a string, `iss` a string, `aud` a string or strings.
pub fn check_types(claims: &Claims) -> Result<(), Failure> {
    let invalid = |message: String| {
        Failure::new(
            Reason::InvalidClaimType,
            message,
            "the token was not issued by a standard issuer; Auth0 access tokens use \
             NumericDate numbers and string `iss`/`sub`/`aud`",
        )
    };
    for name in ["exp", "nbf", "iat"] {
        if let Some(value) = claims.get(name).filter(|v| !v.is_number()) {
            return Err(invalid(format!(
                "`{name}` is {}, not a number of seconds",
                kind(value)
            )));
        }
    }
    match claims.get("sub") {
        Some(Value::String(_)) => {}
        None => {
            return Err(invalid(
                "`sub` is missing (the policy's principalId comes from it)".to_owned(),
            ));
        }
        Some(other) => return Err(invalid(format!("`sub` is {}, not a string", kind(other)))),
    }
    if let Some(iss) = claims.get("iss").filter(|v| !v.is_string()) {
        return Err(invalid(format!("`iss` is {}, not a string", kind(iss))));
    }
    match claims.get("aud") {
        None | Some(Value::String(_)) => Ok(()),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(()),
        Some(other) => Err(invalid(format!(
            "`aud` is {}, not a string or an array of strings",
            kind(other)
        ))),
    }
}

/// `exp` required and not past, `nbf` not in the future, both with leeway.
pub fn check_times(claims: &Claims, now: i64, leeway_secs: u64) -> Result<(), Failure> {
    #[allow(clippy::cast_precision_loss)]
    let (now_f, leeway) = (now as f64, leeway_secs as f64);
    let Some(exp) = claims.get("exp").and_then(Value::as_f64) else {
        return Err(Failure::new(
            Reason::MissingExp,
            "the token has no `exp`, so it would never expire",
            "issue tokens with an expiry (Auth0 always sets exp; check the token's issuer)",
        ));
    };
    if now_f > exp + leeway {
        return Err(Failure::new(
            Reason::Expired,
            format!(
                "token expired {} (exp {}; leeway {leeway_secs} s)",
                relative(exp, now),
                rfc3339(exp)
            ),
            "fetch a new one with `authgate token`",
        ));
    }
    if let Some(nbf) = claims.get("nbf").and_then(Value::as_f64)
        && now_f < nbf - leeway
    {
        return Err(Failure::new(
            Reason::NotYetValid,
            format!(
                "token is not valid until {} ({}; leeway {leeway_secs} s)",
                rfc3339(nbf),
                relative(nbf, now)
            ),
            "check this machine's clock (NTP), or raise --leeway",
        ));
    }
    Ok(())
}

/// `iss` equals the expected issuer exactly.
pub fn check_issuer(claims: &Claims, expected: &str) -> Result<(), Failure> {
    let Some(iss) = claims.get("iss").and_then(Value::as_str) else {
        return Err(Failure::new(
            Reason::IssuerMismatch,
            format!("the token has no `iss`; expected `{expected}`"),
            "use a token issued by your Auth0 tenant (`authgate token`)",
        ));
    };
    if iss == expected {
        return Ok(());
    }
    let hint = if iss.trim_end_matches('/') == expected.trim_end_matches('/') {
        format!(
            "they differ only by the trailing slash: Auth0's issuer is `https://TENANT/` with the \
             slash; set TOKEN_ISSUER (--issuer) to `{iss}` exactly"
        )
    } else {
        format!(
            "the token comes from another tenant; set TOKEN_ISSUER (--issuer) to `{iss}` if that tenant is right"
        )
    };
    Err(Failure::new(
        Reason::IssuerMismatch,
        format!("iss is `{iss}` but the expected issuer is `{expected}`"),
        hint,
    ))
}

/// `aud` (a string or an array) contains the expected audience.
pub fn check_audience(claims: &Claims, expected: &str) -> Result<(), Failure> {
    let auds: Vec<&str> = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if auds.contains(&expected) {
        return Ok(());
    }
    let shown = if auds.is_empty() {
        "missing".to_owned()
    } else {
        format!("`{}`", auds.join("`, `"))
    };
    let near = auds
        .iter()
        .find(|a| a.trim_end_matches('/') == expected.trim_end_matches('/'));
    let hint = match near {
        Some(aud) => format!(
            "they differ only by a trailing slash: set AUDIENCE (--audience) to `{aud}` exactly"
        ),
        None => format!(
            "request the token with audience `{expected}` (the Auth0 API identifier), \
             or set AUDIENCE (--audience) to the API the token was issued for"
        ),
    };
    Err(Failure::new(
        Reason::AudienceMismatch,
        format!("aud is {shown}, which does not contain `{expected}`"),
        hint,
    ))
}

/// How long ago or from now an `exp` is, for summaries: `expires in 23h59m`.
pub fn lifetime_note(claims: &Claims, now: i64) -> Option<String> {
    let exp = claims.get("exp")?.as_f64()?;
    let iat = claims.get("iat").and_then(Value::as_f64);
    let lifetime = iat.filter(|iat| exp > *iat).map(|iat| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let secs = (exp - iat) as u64;
        format!(" (lifetime {})", duration(secs))
    });
    Some(format!(
        "exp {} ({}){}",
        rfc3339(exp),
        relative(exp, now),
        lifetime.unwrap_or_default()
    ))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
