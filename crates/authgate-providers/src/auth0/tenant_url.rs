//! Normalising what users type as their Auth0 domain, and validating API identifiers.

use std::net::IpAddr;

use url::{Host, Url};

use super::Auth0Error;

/// A tenant's origin: `https://tenant.eu.auth0.com` (or a custom domain), or a loopback
/// `http://127.0.0.1:PORT` (tests and the sandbox). Nothing else is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantUrl {
    /// Scheme, host and port, without a trailing slash.
    origin: String,
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
        Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
    }
}

impl TenantUrl {
    /// Accepts `tenant.eu.auth0.com`, `https://tenant.eu.auth0.com/`, a custom domain, or
    /// `http://127.0.0.1:PORT`.
    pub fn parse(input: &str) -> Result<Self, Auth0Error> {
        let invalid = |reason: &'static str| Auth0Error::InvalidDomain {
            input: input.to_owned(),
            reason,
        };
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(invalid("it is empty"));
        }
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("https://{trimmed}")
        };
        let url = Url::parse(&with_scheme).map_err(|_| invalid("it is not a host name"))?;
        let host = url.host().ok_or_else(|| invalid("it has no host"))?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            "http" => return Err(invalid("plain http is only allowed for loopback hosts")),
            _ => return Err(invalid("only https is supported")),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("it must not contain credentials"));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("give the domain only, without a path"));
        }
        let origin = url.origin().ascii_serialization();
        Ok(Self { origin })
    }

    /// `https://tenant/` — the `iss` of the tenant's tokens (trailing slash included).
    pub fn issuer(&self) -> String {
        format!("{}/", self.origin)
    }
    pub fn jwks_uri(&self) -> String {
        format!("{}/.well-known/jwks.json", self.origin)
    }
    pub fn token_endpoint(&self) -> String {
        format!("{}/oauth/token", self.origin)
    }
    /// RFC 8628's device authorization endpoint, where Auth0 serves it.
    pub fn device_code_endpoint(&self) -> String {
        format!("{}/oauth/device/code", self.origin)
    }
    /// The Management API audience `https://tenant/api/v2/`.
    pub fn management_audience(&self) -> String {
        format!("{}/api/v2/", self.origin)
    }
    /// `path` starts with `/api/v2/…`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

impl std::fmt::Display for TenantUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.origin)
    }
}

/// An API identifier (the `aud` of its tokens): URL-like, as Auth0 recommends, at most 600
/// characters, no whitespace. It cannot be changed once created.
pub fn validate_api_identifier(identifier: &str) -> Result<(), Auth0Error> {
    let invalid = |reason: &'static str| Auth0Error::InvalidIdentifier {
        identifier: identifier.to_owned(),
        reason,
    };
    if identifier.is_empty() || identifier.len() > 600 {
        return Err(invalid("it must be 1 to 600 characters"));
    }
    if identifier.chars().any(char::is_whitespace) {
        return Err(invalid("it must not contain whitespace"));
    }
    let url = Url::parse(identifier)
        .map_err(|_| invalid("it must be a URL such as https://petstore.example"))?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(invalid("it must be an http(s) URL with a host"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::hint::Hint;

    #[test]
    fn bare_domain_slashes_and_case_normalise_to_one_origin() {
        for input in [
            "tenant.eu.auth0.com",
            "https://tenant.eu.auth0.com/",
            " HTTPS://Tenant.EU.auth0.com ",
        ] {
            let t = TenantUrl::parse(input).unwrap();
            assert_eq!(t.origin(), "https://tenant.eu.auth0.com", "{input}");
        }
    }

    #[test]
    fn derived_urls_follow_auth0_conventions() {
        let t = TenantUrl::parse("login.example.com").unwrap();
        assert_eq!(t.issuer(), "https://login.example.com/");
        assert_eq!(
            t.jwks_uri(),
            "https://login.example.com/.well-known/jwks.json"
        );
        assert_eq!(t.management_audience(), "https://login.example.com/api/v2/");
        assert_eq!(t.token_endpoint(), "https://login.example.com/oauth/token");
    }

    #[test]
    fn loopback_http_is_allowed_with_its_port() {
        let t = TenantUrl::parse("http://127.0.0.1:4566/").unwrap();
        assert_eq!(t.issuer(), "http://127.0.0.1:4566/");
        assert!(TenantUrl::parse("http://localhost:8080").is_ok());
        assert!(TenantUrl::parse("http://[::1]:8080").is_ok());
    }

    #[test]
    fn plain_http_to_a_real_host_and_other_shapes_are_refused() {
        for bad in [
            "http://tenant.auth0.com",
            "ftp://tenant.auth0.com",
            "",
            "https://t.auth0.com/api/v2",
            "https://user:pw@t.auth0.com",
            "https://t.auth0.com/?x=1",
        ] {
            let err = TenantUrl::parse(bad).unwrap_err();
            assert!(matches!(err, Auth0Error::InvalidDomain { .. }), "{bad}");
            assert!(!err.fix().is_empty());
        }
    }

    #[test]
    fn api_identifiers_must_be_url_like() {
        assert!(validate_api_identifier("https://petstore.authgate.example").is_ok());
        for bad in [
            "petstore",
            "",
            "https://pet store.example",
            "urn:x:y",
            "https://",
        ] {
            assert!(validate_api_identifier(bad).is_err(), "{bad}");
        }
    }
}
