//! The inspector's work, done off the UI task: build (or reuse) a verifier for the form's
//! settings, so the JWKS is fetched once per settings and not once per keystroke, then
//! inspect the token at the current time.

use authgate_core::hint::Hint as _;
use std::sync::Arc;

use crate::app::inspector::InspectRequest;
use authgate_core::jwt::inspect::{Inspection, inspect_with};
use authgate_core::jwt::{JwksSource, Verifier, VerifierConfig};
use authgate_core::policy::RoutePermissions;

/// The verifier for the last settings seen; replaced when the settings change.
#[derive(Default)]
pub struct VerifierCache {
    current: Option<(Settings, Arc<Verifier>)>,
}

#[derive(Clone, PartialEq, Eq)]
struct Settings {
    issuer: String,
    audience: String,
    jwks_uri: String,
    scope: authgate_core::policy::PolicyScope,
}

/// A verifier for the request, or why there is none (to show as a warning).
pub enum Prepared {
    Verifier(Arc<Verifier>),
    /// No issuer given: the checks that need one are shown as skipped.
    Offline,
    Invalid(String),
}

impl VerifierCache {
    pub fn prepare(&mut self, request: &InspectRequest) -> Prepared {
        if request.issuer.is_empty() {
            return Prepared::Offline;
        }
        let settings = Settings {
            issuer: request.issuer.clone(),
            audience: request.audience.clone(),
            jwks_uri: if request.jwks_uri.is_empty() {
                derived_jwks_uri(&request.issuer)
            } else {
                request.jwks_uri.clone()
            },
            scope: request.scope,
        };
        if let Some((cached, verifier)) = &self.current
            && *cached == settings
        {
            return Prepared::Verifier(Arc::clone(verifier));
        }
        let built = JwksSource::url(&settings.jwks_uri).and_then(|jwks| {
            let mut config = VerifierConfig::new(&settings.issuer, &settings.audience, jwks);
            config.policy_scope = settings.scope;
            Verifier::new(config)
        });
        match built {
            Ok(verifier) => {
                let verifier = Arc::new(verifier);
                self.current = Some((settings, Arc::clone(&verifier)));
                Prepared::Verifier(verifier)
            }
            Err(error) => Prepared::Invalid(format!("{error}; {}", error.fix())),
        }
    }
}

/// Auth0 serves a tenant's keys at `{issuer}.well-known/jwks.json` (the issuer ends in `/`).
pub fn derived_jwks_uri(issuer: &str) -> String {
    format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/'))
}

pub async fn run(request: &InspectRequest, prepared: Prepared) -> Inspection {
    let method_arn = (!request.method_arn.is_empty()).then_some(request.method_arn.as_str());
    let now = jiff::Timestamp::now().as_second();
    let verifier = match &prepared {
        Prepared::Verifier(verifier) => Some(verifier.as_ref()),
        Prepared::Offline | Prepared::Invalid(_) => None,
    };
    let map = &request.required_permissions;
    let required = (!map.is_empty()).then(|| RoutePermissions::parse(map));
    let valid = required.as_ref().and_then(|r| r.as_ref().ok());
    let mut inspection = inspect_with(&request.input, verifier, method_arn, valid, now).await;
    if let Some(Err(error)) = &required {
        inspection
            .warnings
            .insert(0, format!("{error}; {}", error.fix()));
    }
    match prepared {
        Prepared::Invalid(why) => inspection
            .warnings
            .insert(0, format!("the verifier settings are not usable: {why}")),
        Prepared::Offline => inspection.warnings.insert(
            0,
            "no issuer given: signature, issuer and audience checks are skipped".to_owned(),
        ),
        Prepared::Verifier(_) => {}
    }
    inspection
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::policy::PolicyScope;

    fn request(issuer: &str) -> InspectRequest {
        InspectRequest {
            input: "not a token".into(),
            issuer: issuer.into(),
            audience: "https://api".into(),
            jwks_uri: String::new(),
            method_arn: String::new(),
            required_permissions: String::new(),
            scope: PolicyScope::Stage,
        }
    }

    #[test]
    fn the_same_settings_reuse_the_verifier_and_new_ones_replace_it() {
        let mut cache = VerifierCache::default();
        let Prepared::Verifier(first) = cache.prepare(&request("https://t.example/")) else {
            panic!("expected a verifier");
        };
        let Prepared::Verifier(again) = cache.prepare(&request("https://t.example/")) else {
            panic!("expected a verifier");
        };
        assert!(Arc::ptr_eq(&first, &again));
        let Prepared::Verifier(other) = cache.prepare(&request("https://u.example/")) else {
            panic!("expected a verifier");
        };
        assert!(!Arc::ptr_eq(&first, &other));
    }

    #[test]
    fn an_http_issuer_off_loopback_is_refused_with_the_reason() {
        let mut cache = VerifierCache::default();
        let Prepared::Invalid(why) = cache.prepare(&request("http://t.example/")) else {
            panic!("plain http to a remote host must be refused");
        };
        assert!(why.contains("http"), "{why}");
        assert_eq!(
            derived_jwks_uri("https://t.example/"),
            "https://t.example/.well-known/jwks.json"
        );
    }

    #[tokio::test]
    async fn without_an_issuer_the_inspection_says_what_was_skipped() {
        let inspection = run(&request(""), Prepared::Offline).await;
        assert!(inspection.warnings[0].contains("no issuer"));
        assert!(!inspection.all_passed());
    }
}
