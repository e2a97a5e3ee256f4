//! Token verification exactly as the bundled authorizer does it (DESIGN.md, "The authorizer
//! contract"; the order and codes are pinned in tests/conformance/README.md).
//!
//! The signature is checked with the `jsonwebtoken` crate on its `aws_lc_rs` backend: the same
//! crypto the AWS SDK's TLS uses, and its RSA verify runs close to OpenSSL's speed
//! (BENCHMARKS.md). Its own claim validation is not used: the claims are checked here, in the
//! pinned order, so every failure gets its exact reason code.

pub mod claims;
mod config;
mod decision;
mod decode;
pub mod humanize;
pub mod inspect;
mod jwks;
mod reason;

use serde_json::{Value, json};

use crate::hint::Hint as _;
use crate::policy::{self, MethodArn};

pub use config::{ConfigError, JwksSource, VerifierConfig};
pub use decision::{Decision, Outcome};
pub use decode::{Decoded, MAX_HEADER_BYTES, bearer_token, decode, decode_unverified};
pub use jwks::{JwksError, Lookup, MAX_KEY_AGE_SECS, MIN_REFETCH_SECS, parse_keys};
pub use reason::{Failure, Reason};

/// A TOKEN authorizer event, as API Gateway sends it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TokenEvent {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "authorizationToken", default)]
    pub authorization_token: Option<String>,
    #[serde(rename = "methodArn", default)]
    pub method_arn: String,
}

impl TokenEvent {
    pub fn new(authorization: impl Into<String>, method_arn: impl Into<String>) -> Self {
        Self {
            kind: "TOKEN".to_owned(),
            authorization_token: Some(authorization.into()),
            method_arn: method_arn.into(),
        }
    }
}

/// Verifies tokens and builds the Allow policy. Holds the JWKS cache: build one, share it
/// (`Arc<Verifier>`); it is `Send + Sync`.
pub struct Verifier {
    config: VerifierConfig,
    keys: jwks::KeyCache,
}

impl Verifier {
    pub fn new(config: VerifierConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        let keys = jwks::KeyCache::new(config.jwks.clone(), config.fetch_timeout);
        Ok(Self { config, keys })
    }

    pub fn config(&self) -> &VerifierConfig {
        &self.config
    }

    /// The `kid`s in the JWKS cache.
    pub fn cached_kids(&self) -> Vec<String> {
        self.keys.cached_kids()
    }

    /// Runs the authorizer on `event` at time `now_unix`: Allow with the policy, or
    /// Unauthorized with the first failed check.
    pub async fn authorize(&self, event: &TokenEvent, now_unix: i64) -> Decision {
        let mut header = None;
        let mut claims = None;
        let result = self.run(event, now_unix, &mut header, &mut claims).await;
        match result {
            Ok(response) => Decision::allow(response, header, claims),
            Err(failure) => {
                let field = |v: &Option<Value>, k: &str| {
                    v.as_ref()
                        .and_then(|v| v.get(k))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                };
                tracing::info!(
                    reason = failure.reason.code(),
                    kid = field(&header, "kid"),
                    iss = field(&claims, "iss"),
                    sub = field(&claims, "sub"),
                    "unauthorized"
                );
                Decision::unauthorized(failure, header, claims)
            }
        }
    }

    async fn run(
        &self,
        event: &TokenEvent,
        now: i64,
        header_out: &mut Option<Value>,
        claims_out: &mut Option<Value>,
    ) -> Result<Value, Failure> {
        if event.kind != "TOKEN" {
            return Err(Failure::new(
                Reason::Malformed,
                format!("the event type is `{}`, not `TOKEN`", event.kind),
                "create the authorizer with type TOKEN (identity source method.request.header.Authorization)",
            ));
        }
        let token = bearer_token(event.authorization_token.as_deref())?;
        let decoded = decode(token)?;
        *header_out = Some(Value::Object(decoded.header.clone()));
        *claims_out = Some(Value::Object(decoded.claims.clone()));
        let key = self.check_header_and_key(&decoded, now).await?;
        check_signature(&decoded, &key)?;
        claims::check(&decoded.claims, self.expected(), now)?;
        self.allow_response(&decoded, &event.method_arn)
    }

    pub(crate) fn expected(&self) -> claims::Expected<'_> {
        claims::Expected {
            issuer: &self.config.issuer,
            audience: &self.config.audience,
            leeway_secs: self.config.leeway_secs,
        }
    }

    /// alg allowlist, crit, kid, key lookup: everything before the signature.
    pub(crate) async fn check_header_and_key(
        &self,
        decoded: &Decoded<'_>,
        now: i64,
    ) -> Result<std::sync::Arc<jsonwebtoken::DecodingKey>, Failure> {
        check_alg_and_crit(decoded, &self.config.algorithms)?;
        let kid = check_kid(decoded)?;
        self.lookup_key(kid, now).await
    }

    pub(crate) async fn lookup_key(
        &self,
        kid: &str,
        now: i64,
    ) -> Result<std::sync::Arc<jsonwebtoken::DecodingKey>, Failure> {
        match self.keys.key(kid, now).await {
            jwks::Lookup::Found(key) => Ok(key),
            jwks::Lookup::UnknownKid => Err(Failure::new(
                Reason::UnknownKid,
                format!(
                    "kid `{kid}` is not in the JWKS at {}",
                    self.keys.describe_source()
                ),
                format!(
                    "the token was signed by another tenant or a rotated key; check TOKEN_ISSUER/JWKS_URI \
                     (the JWKS is refetched at most once per {MIN_REFETCH_SECS} s)"
                ),
            )),
            jwks::Lookup::Unavailable(why) => Err(Failure::new(
                Reason::JwksUnavailable,
                format!(
                    "the JWKS at {} could not be loaded: {why}",
                    self.keys.describe_source()
                ),
                "check JWKS_URI (--jwks-uri): Auth0 serves it at https://TENANT/.well-known/jwks.json",
            )),
        }
    }

    fn allow_response(&self, decoded: &Decoded<'_>, method_arn: &str) -> Result<Value, Failure> {
        let arn = MethodArn::parse(method_arn)
            .map_err(|e| Failure::new(Reason::Malformed, e.to_string(), e.fix()))?;
        Ok(policy_response(
            &decoded.claims,
            &arn,
            self.config.policy_scope,
            self.config.required_permissions.as_ref(),
        ))
    }
}

/// The authorizer's response for valid `claims`: one Allow for the scope's resource, or with
/// `REQUIRED_PERMISSIONS` every mapped route (and `context.permissions`). Context values are
/// strings only (anything else makes API Gateway answer 500).
pub fn policy_response(
    claims: &serde_json::Map<String, Value>,
    arn: &MethodArn,
    scope: policy::PolicyScope,
    required: Option<&policy::RoutePermissions>,
) -> Value {
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    let sub = text("sub").unwrap_or_default();
    let mut context = json!({ "scope": text("scope").unwrap_or_default() });
    if let Some(client_id) = text("azp").or_else(|| text("client_id")) {
        context["client_id"] = json!(client_id);
    }
    let Some(required) = required else {
        return policy::allow_response(sub, &scope.resource(arn), &context);
    };
    let granted = policy::granted_permissions(claims);
    context["permissions"] = json!(granted.join(" "));
    policy::response(sub, required.statements(arn, scope, &granted), &context)
}

/// `alg` in the allowlist, no `crit`.
pub(crate) fn check_alg_and_crit(
    decoded: &Decoded<'_>,
    algorithms: &[jsonwebtoken::Algorithm],
) -> Result<(), Failure> {
    let allowed: Vec<&str> = algorithms.iter().map(|a| config::alg_name(*a)).collect();
    if !decoded.alg().is_some_and(|alg| allowed.contains(&alg)) {
        let alg = decoded
            .header
            .get("alg")
            .map_or_else(|| "missing".to_owned(), Value::to_string);
        return Err(Failure::new(
            Reason::AlgNotAllowed,
            format!("alg is {alg}; allowed: {}", allowed.join(", ")),
            "set the Auth0 API's signing algorithm to RS256 (HS256 tokens cannot be verified with a JWKS)",
        ));
    }
    if decoded.header.contains_key("crit") {
        return Err(Failure::new(
            Reason::CritHeader,
            "the header has `crit`: extensions this verifier does not understand",
            "issue tokens without a `crit` header",
        ));
    }
    Ok(())
}

/// A string `kid`.
pub(crate) fn check_kid<'a>(decoded: &'a Decoded<'_>) -> Result<&'a str, Failure> {
    decoded.kid().ok_or_else(|| {
        Failure::new(
            Reason::MissingKid,
            "the header has no string `kid`, so no key can be picked from the JWKS",
            "Auth0 RS256 tokens always carry a kid; check the token comes from the tenant",
        )
    })
}

/// The signature, checked by `jsonwebtoken` (aws-lc-rs) with the token's (allowlisted) alg.
pub(crate) fn check_signature(
    decoded: &Decoded<'_>,
    key: &jsonwebtoken::DecodingKey,
) -> Result<(), Failure> {
    let alg: jsonwebtoken::Algorithm = decoded
        .alg()
        .and_then(|a| a.parse().ok())
        .unwrap_or(jsonwebtoken::Algorithm::RS256);
    match jsonwebtoken::crypto::verify(
        decoded.signature,
        decoded.signing_input.as_bytes(),
        key,
        alg,
    ) {
        Ok(true) => Ok(()),
        _ => Err(Failure::new(
            Reason::BadSignature,
            format!(
                "the signature does not match the key `{}`",
                decoded.kid().unwrap_or_default()
            ),
            "the token was altered, or signed by a different key with the same kid; fetch a fresh token",
        )),
    }
}

/// Tokens signed with the test fixture key, for the tests of this and dependent crates.
#[cfg(any(test, feature = "test-support"))]
pub mod test_tokens;
#[cfg(test)]
mod tests;
