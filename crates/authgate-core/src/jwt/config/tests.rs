use super::*;
use crate::hint::Hint as _;

#[test]
fn jwks_url_rules() {
    for ok in [
        "https://t.example/.well-known/jwks.json",
        "http://127.0.0.1:9/j",
        "http://127.8.0.1/j",
        "http://[::1]:3/j",
        "http://localhost/j",
    ] {
        assert!(JwksSource::url(ok).is_ok(), "{ok}");
    }
    assert!(matches!(
        JwksSource::url("http://t.example/j"),
        Err(ConfigError::InsecureJwksUrl(_))
    ));
    assert!(matches!(
        JwksSource::url("http://128.0.0.1/j"),
        Err(ConfigError::InsecureJwksUrl(_))
    ));
    assert!(matches!(
        JwksSource::url("ftp://t.example/j"),
        Err(ConfigError::InvalidJwksUrl(..))
    ));
    assert!(matches!(
        JwksSource::url("jwks.json"),
        Err(ConfigError::InvalidJwksUrl(..))
    ));
}

#[test]
fn env_requires_every_variable() {
    let full = |name: &str| match name {
        "TOKEN_ISSUER" => Some("https://t/".to_owned()),
        "JWKS_URI" => Some("http://127.0.0.1:1/jwks".to_owned()),
        "AUDIENCE" => Some("aud".to_owned()),
        "POLICY_SCOPE" => Some("method".to_owned()),
        _ => None,
    };
    assert_eq!(
        VerifierConfig::from_env(full).unwrap().policy_scope,
        PolicyScope::Method
    );
    for missing in ["TOKEN_ISSUER", "JWKS_URI", "AUDIENCE"] {
        let err = VerifierConfig::from_env(|n| {
            if n == missing {
                Some(String::new())
            } else {
                full(n)
            }
        })
        .unwrap_err();
        assert!(
            matches!(err, ConfigError::Missing { name, .. } if name == missing),
            "{missing}"
        );
        assert!(err.fix().contains(missing));
    }
    let bad_scope = VerifierConfig::from_env(|n| {
        if n == "POLICY_SCOPE" {
            Some("all".into())
        } else {
            full(n)
        }
    });
    assert!(matches!(bad_scope, Err(ConfigError::PolicyScope(_))));
}

#[test]
fn env_required_permissions_is_optional_and_refused_when_invalid() {
    let with = |value: Option<&str>| {
        let value = value.map(str::to_owned);
        VerifierConfig::from_env(move |name| match name {
            "TOKEN_ISSUER" => Some("https://t/".to_owned()),
            "JWKS_URI" => Some("http://127.0.0.1:1/jwks".to_owned()),
            "AUDIENCE" => Some("aud".to_owned()),
            "REQUIRED_PERMISSIONS" => value.clone(),
            _ => None,
        })
    };
    assert_eq!(with(None).unwrap().required_permissions, None);
    assert_eq!(with(Some("")).unwrap().required_permissions, None);
    let map = with(Some(r#"{"POST /pets":"write:pets"}"#)).unwrap();
    let arn = "arn:aws:execute-api:r:1:api/prod/POST/pets";
    assert_eq!(
        map.required_permissions.unwrap().required_for(arn),
        Some("write:pets")
    );
    for bad in ["{", r#"{"POST /pets":1}"#] {
        let err = with(Some(bad)).unwrap_err();
        assert!(matches!(err, ConfigError::RequiredPermissions(_)), "{bad}");
        assert!(err.to_string().starts_with("REQUIRED_PERMISSIONS"), "{err}");
        assert!(err.fix().contains("read:pets"), "{}", err.fix());
    }
}
