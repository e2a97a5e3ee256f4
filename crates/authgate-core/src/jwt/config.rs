//! What a verifier checks against, and the errors that stop one from being built.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use jsonwebtoken::Algorithm;

use crate::policy::{PolicyScope, RoutePermissions, RoutePermissionsError};

/// Where the signing keys come from. Never from the token itself (`jku`, `x5u`, `jwk`, `x5c`).
#[derive(Debug, Clone, PartialEq)]
pub enum JwksSource {
    /// https, or http for loopback hosts only.
    Url(url::Url),
    /// A JWKS file, read on each (throttled) fetch.
    File(PathBuf),
    /// A JWKS document held in memory (benchmarks, tests, the inspector).
    Inline(serde_json::Value),
}

impl JwksSource {
    /// Parses a URL, enforcing https except for 127.0.0.0/8, `::1` and localhost.
    pub fn url(raw: &str) -> Result<Self, ConfigError> {
        let url = url::Url::parse(raw)
            .map_err(|e| ConfigError::InvalidJwksUrl(raw.to_owned(), e.to_string()))?;
        match url.scheme() {
            "https" => Ok(Self::Url(url)),
            "http" if is_loopback(&url) => Ok(Self::Url(url)),
            "http" => Err(ConfigError::InsecureJwksUrl(raw.to_owned())),
            other => Err(ConfigError::InvalidJwksUrl(
                raw.to_owned(),
                format!("scheme `{other}` is not https"),
            )),
        }
    }

    /// For messages and logs.
    pub fn describe(&self) -> String {
        match self {
            Self::Url(url) => url.to_string(),
            Self::File(path) => path.display().to_string(),
            Self::Inline(_) => "(inline JWKS)".to_owned(),
        }
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Everything a [`super::Verifier`] needs.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifierConfig {
    /// Expected `iss`, compared exactly (Auth0: `https://TENANT/`, trailing slash included).
    pub issuer: String,
    /// Expected audience (the Auth0 API identifier).
    pub audience: String,
    pub jwks: JwksSource,
    /// Accepted `alg` values; RSA family only (keys come from an RSA JWKS).
    pub algorithms: Vec<Algorithm>,
    /// Clock leeway for `exp`/`nbf`, in seconds.
    pub leeway_secs: u64,
    pub policy_scope: PolicyScope,
    /// `REQUIRED_PERMISSIONS`: when set, the policy lists every mapped route (Allow when the
    /// token has its permission, Deny otherwise) instead of one Allow.
    pub required_permissions: Option<RoutePermissions>,
    /// Per JWKS fetch (connect + body).
    pub fetch_timeout: Duration,
}

impl VerifierConfig {
    pub const DEFAULT_LEEWAY_SECS: u64 = 60;

    pub fn new(issuer: impl Into<String>, audience: impl Into<String>, jwks: JwksSource) -> Self {
        Self {
            issuer: issuer.into(),
            audience: audience.into(),
            jwks,
            algorithms: vec![Algorithm::RS256],
            leeway_secs: Self::DEFAULT_LEEWAY_SECS,
            policy_scope: PolicyScope::Stage,
            required_permissions: None,
            fetch_timeout: Duration::from_secs(5),
        }
    }

    /// The authorizer's environment: `TOKEN_ISSUER`, `JWKS_URI`, `AUDIENCE` (required, non-empty)
    /// and `POLICY_SCOPE` (optional: method|stage|api), `REQUIRED_PERMISSIONS` (optional, empty
    /// is unset; an invalid value is an error, never ignored).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let required = |name: &'static str| {
            var(name)
                .filter(|v| !v.is_empty())
                .ok_or(ConfigError::Missing {
                    name,
                    flag: flag_for(name),
                })
        };
        let issuer = required("TOKEN_ISSUER")?;
        let jwks = JwksSource::url(&required("JWKS_URI")?)?;
        let audience = required("AUDIENCE")?;
        let mut config = Self::new(issuer, audience, jwks);
        if let Some(scope) = var("POLICY_SCOPE").filter(|v| !v.is_empty()) {
            config.policy_scope =
                PolicyScope::parse(&scope).ok_or(ConfigError::PolicyScope(scope))?;
        }
        // Empty counts as unset, as for POLICY_SCOPE (a template's blank value).
        if let Some(map) = var(RoutePermissions::ENV).filter(|v| !v.is_empty()) {
            config.required_permissions = Some(RoutePermissions::parse(&map)?);
        }
        Ok(config)
    }

    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        if self.issuer.is_empty() {
            return Err(ConfigError::Missing {
                name: "TOKEN_ISSUER",
                flag: "--issuer",
            });
        }
        if self.audience.is_empty() {
            return Err(ConfigError::Missing {
                name: "AUDIENCE",
                flag: "--audience",
            });
        }
        if self.algorithms.is_empty() {
            return Err(ConfigError::Algorithms("the list is empty".to_owned()));
        }
        if let Some(alg) = self
            .algorithms
            .iter()
            .find(|a| a.family() != jsonwebtoken::AlgorithmFamily::Rsa)
        {
            return Err(ConfigError::Algorithms(format!(
                "{} is not an RSA algorithm",
                alg_name(*alg)
            )));
        }
        if let JwksSource::Url(url) = &self.jwks {
            Self::check_url(url)?;
        }
        Ok(())
    }

    fn check_url(url: &url::Url) -> Result<(), ConfigError> {
        JwksSource::url(url.as_str()).map(|_| ())
    }
}

fn flag_for(name: &str) -> &'static str {
    match name {
        "TOKEN_ISSUER" => "--issuer",
        "AUDIENCE" => "--audience",
        _ => "--jwks-uri",
    }
}

/// Why a verifier could not be built. Nothing is ever skipped for missing configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not set")]
    Missing {
        name: &'static str,
        flag: &'static str,
    },
    #[error("the JWKS URL `{0}` is not https")]
    InsecureJwksUrl(String),
    #[error("the JWKS URL `{0}` is not valid: {1}")]
    InvalidJwksUrl(String, String),
    #[error("POLICY_SCOPE `{0}` is not one of method, stage, api")]
    PolicyScope(String),
    #[error("the algorithm allowlist is not usable: {0}")]
    Algorithms(String),
    #[error(transparent)]
    RequiredPermissions(#[from] RoutePermissionsError),
}

impl crate::hint::Hint for ConfigError {
    fn fix(&self) -> String {
        match self {
            Self::Missing { name, flag } => {
                format!("pass {flag} (the authorizer reads the environment variable {name})")
            }
            Self::InsecureJwksUrl(_) => {
                "use https; plain http is allowed only for 127.0.0.0/8, ::1 and localhost \
                 (Auth0: https://TENANT/.well-known/jwks.json)"
                    .to_owned()
            }
            Self::InvalidJwksUrl(..) => {
                "pass the full URL, e.g. https://TENANT/.well-known/jwks.json, or --jwks-file"
                    .to_owned()
            }
            Self::PolicyScope(_) => {
                "use --policy-scope method|stage|api (default stage)".to_owned()
            }
            Self::Algorithms(_) => {
                "Auth0 APIs sign with RS256; keep the default allowlist".to_owned()
            }
            Self::RequiredPermissions(error) => crate::hint::Hint::fix(error),
        }
    }
}

/// The algorithm's name as a JWT header writes it (`RS256`).
pub(crate) fn alg_name(alg: jsonwebtoken::Algorithm) -> &'static str {
    use jsonwebtoken::Algorithm as A;
    match alg {
        A::HS256 => "HS256",
        A::HS384 => "HS384",
        A::HS512 => "HS512",
        A::ES256 => "ES256",
        A::ES384 => "ES384",
        A::RS256 => "RS256",
        A::RS384 => "RS384",
        A::RS512 => "RS512",
        A::PS256 => "PS256",
        A::PS384 => "PS384",
        A::PS512 => "PS512",
        A::EdDSA => "EdDSA",
        _ => "an unknown algorithm",
    }
}

#[cfg(test)]
mod tests;
