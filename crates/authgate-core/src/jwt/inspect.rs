//! The token inspector's data model: decoded header and claims, times relative to a given
//! `now`, what Auth0's claims mean, a checklist with a fix per failure, and the policy the
//! authorizer returns evaluated against a second route (the cache trap of method scope).
//! Rendering lives elsewhere (`ui::inspector`, the CLI report); this is data only.

mod auth0;
mod checklist;
mod permission;

use serde::Serialize;
use serde_json::Value;

use super::humanize::{relative, rfc3339};
use super::{Verifier, VerifierConfig, decode};
use crate::policy::{self, Evaluation, MethodArn, PolicyScope, RoutePermissions};

pub use auth0::{ClaimNote, Observation, dialect_guess, observations};
pub use checklist::{Check, CheckStatus};
pub use permission::PermissionCheck;

/// The methodArn used when none is given: obviously a template, never mistaken for a real one.
pub const PLACEHOLDER_METHOD_ARN: &str = "arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/GET/pets";

/// Everything the inspector shows about one token at one `now`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inspection {
    pub now: i64,
    pub now_rfc3339: String,
    /// Decoded header and claims (`null` when the token does not decode).
    pub header: Value,
    pub claims: Value,
    pub times: Vec<TimeClaim>,
    pub notes: Vec<ClaimNote>,
    /// `access_token`, `access_token_authz`, `rfc9068_profile`, … (a guess from the claims).
    pub dialect: Option<&'static str>,
    pub machine_to_machine: bool,
    /// Things that do not fail verification but deserve a look (e.g. a `jku` header).
    pub warnings: Vec<String>,
    pub checks: Vec<Check>,
    pub policy: Option<PolicyPreview>,
    /// With `REQUIRED_PERMISSIONS` known: the methodArn's required permission and whether
    /// the token has it.
    pub permission: Option<PermissionCheck>,
    /// Auth0-specific findings with their fix (an ID token sent as the access token, …).
    pub observations: Vec<Observation>,
}

/// A `NumericDate` claim in three forms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeClaim {
    pub name: String,
    pub unix: f64,
    pub rfc3339: String,
    pub relative: String,
}

/// The Allow policy for `method_arn`, evaluated on it and on a second route of the same stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyPreview {
    pub scope: PolicyScope,
    pub method_arn: String,
    pub placeholder: bool,
    /// Whether the authorizer would return it (every check passed).
    pub returned: bool,
    pub response: Value,
    pub evaluation: Evaluation,
    pub second_arn: String,
    pub second_evaluation: Evaluation,
}

impl Inspection {
    /// Whether every check that ran passed and none was skipped.
    pub fn all_passed(&self) -> bool {
        self.checks.iter().all(|c| c.status == CheckStatus::Pass)
    }

    pub fn failed(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.status == CheckStatus::Fail)
    }
}

/// Inspects `input` (a bare token or a `Bearer …` header value). With a verifier, every check
/// runs (the JWKS may be fetched, throttled as usual); without, the checks needing the
/// issuer, audience or keys are marked skipped with the flag that enables them. The
/// verifier's `REQUIRED_PERMISSIONS`, if any, is used (see [`inspect_with`]).
pub async fn inspect(
    input: &str,
    verifier: Option<&Verifier>,
    method_arn: Option<&str>,
    now: i64,
) -> Inspection {
    let required = verifier.and_then(|v| v.config().required_permissions.as_ref());
    inspect_with(input, verifier, method_arn, required, now).await
}

/// [`inspect`] with the `REQUIRED_PERMISSIONS` map given explicitly (also without a verifier).
pub async fn inspect_with(
    input: &str,
    verifier: Option<&Verifier>,
    method_arn: Option<&str>,
    required: Option<&RoutePermissions>,
    now: i64,
) -> Inspection {
    let input = input.trim();
    let checks = checklist::run(input, verifier, now).await;
    let token = input.strip_prefix("Bearer ").unwrap_or(input);
    let decoded = decode(token).ok();
    let (header, claims) = decoded.as_ref().map_or((Value::Null, Value::Null), |d| {
        (
            Value::Object(d.header.clone()),
            Value::Object(d.claims.clone()),
        )
    });
    let times = ["iat", "nbf", "exp", "auth_time"]
        .into_iter()
        .filter_map(|name| {
            let unix = claims.get(name)?.as_f64()?;
            Some(TimeClaim {
                name: name.to_owned(),
                unix,
                rfc3339: rfc3339(unix),
                relative: relative(unix, now),
            })
        })
        .collect();
    let all_passed = checks.iter().all(|c| c.status == CheckStatus::Pass);
    let scope = verifier.map_or(PolicyScope::Stage, |v| v.config().policy_scope);
    let policy = decoded.as_ref().and_then(|d| {
        d.claim_str("sub")?;
        preview(&d.claims, method_arn, scope, required, all_passed)
    });
    let permission = decoded.as_ref().zip(required).map(|(d, required)| {
        PermissionCheck::new(
            required,
            method_arn.unwrap_or(PLACEHOLDER_METHOD_ARN),
            &d.claims,
        )
    });
    let audience = verifier.map(|v| v.config().audience.as_str());
    Inspection {
        now,
        now_rfc3339: jiff::Timestamp::from_second(now)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        notes: auth0::notes(&claims),
        dialect: dialect_guess(&header, &claims),
        machine_to_machine: claims
            .get("sub")
            .and_then(Value::as_str)
            .is_some_and(|s| s.ends_with("@clients")),
        warnings: auth0::header_warnings(&header),
        observations: auth0::observations(&claims, audience),
        permission,
        header,
        claims,
        times,
        checks,
        policy,
    }
}

fn preview(
    claims: &serde_json::Map<String, Value>,
    method_arn: Option<&str>,
    scope: PolicyScope,
    required: Option<&RoutePermissions>,
    returned: bool,
) -> Option<PolicyPreview> {
    let arn = MethodArn::parse(method_arn.unwrap_or(PLACEHOLDER_METHOD_ARN)).ok()?;
    let response = super::policy_response(claims, &arn, scope, required);
    let second_arn = if arn.as_str().ends_with("/GET/pets/1") {
        arn.with_route("GET", "")
    } else {
        arn.with_route("GET", "pets/1")
    };
    Some(PolicyPreview {
        scope,
        method_arn: arn.as_str().to_owned(),
        placeholder: method_arn.is_none(),
        returned,
        evaluation: policy::evaluate(&response["policyDocument"], arn.as_str()),
        second_evaluation: policy::evaluate(&response["policyDocument"], &second_arn),
        second_arn,
        response,
    })
}

/// The default configuration's leeway, for offline inspections.
pub(crate) const OFFLINE_LEEWAY_SECS: u64 = VerifierConfig::DEFAULT_LEEWAY_SECS;
