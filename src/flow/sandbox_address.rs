//! Whether the sandbox a session attached is the one the state's records were made with:
//! the issuer, the JWKS URI, the function's settings and the invoke URL all carry the
//! sandbox's address, so a sandbox on another port leaves every one of them dead.

use super::Session;
use crate::state::State;

/// The records name one sandbox address, the attached sandbox answers on another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// `http://127.0.0.1:PORT` as the state recorded it.
    pub recorded: String,
    /// Where this directory's sandbox answers now.
    pub now: String,
}

impl Moved {
    /// One sentence saying which side changed.
    pub fn what(&self) -> String {
        format!(
            "this directory's sandbox answers on {} now, but what was set up here names {}",
            self.now, self.recorded
        )
    }

    pub fn fix(&self) -> &'static str {
        "run `authgate --sandbox setup --yes`: it sets everything up again on the sandbox's \
         address (the objects themselves are kept)"
    }
}

/// The sandbox origin (`http://host:port`) the state's records were made with: the issuer
/// step 1 recorded, else the invoke URL step 2 did.
pub fn recorded_origin(state: &State) -> Option<String> {
    let from_issuer = state.verifier.as_ref().map(|v| v.issuer.as_str());
    let from_stage = state
        .resources
        .stage
        .as_ref()
        .map(|s| s.details.invoke_url.as_str());
    from_issuer
        .or(from_stage)
        .and_then(origin)
        .filter(|o| authgate_core::loopback::is_loopback_url(o))
}

/// The port of [`recorded_origin`], for a sandbox starting for a directory that has no
/// address of its own yet (set up before the sandbox kept one).
pub fn recorded_port(state: &State) -> Option<u16> {
    recorded_origin(state)
        .and_then(|o| url::Url::parse(&o).ok())
        .and_then(|u| u.port())
}

fn origin(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    Some(parsed.origin().ascii_serialization())
}

impl Session {
    /// `Some` when the attached sandbox is not where the records point: the issuer, or
    /// (unless `AWS_ENDPOINT_URL` pairs the tenant with another AWS stand-in) the invoke
    /// URL. `None` for a real target or a session without records.
    pub async fn sandbox_moved(&self) -> Option<Moved> {
        let now = origin(self.sandbox_url()?)?;
        let state = self.store.snapshot().await;
        let other_aws = std::env::var("AWS_ENDPOINT_URL").is_ok_and(|u| !u.is_empty());
        let issuer = state.verifier.as_ref().map(|v| v.issuer.as_str());
        let invoke = state
            .resources
            .stage
            .as_ref()
            .filter(|_| !other_aws)
            .map(|s| s.details.invoke_url.as_str());
        let recorded = issuer
            .into_iter()
            .chain(invoke)
            .filter_map(origin)
            .filter(|o| authgate_core::loopback::is_loopback_url(o))
            .find(|o| *o != now)?;
        Some(Moved { recorded, now })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuer_names_the_recorded_sandbox() {
        let mut state = State::default();
        assert_eq!(recorded_origin(&state), None);
        state.verifier = Some(crate::state::VerifierSettings {
            issuer: "http://127.0.0.1:46033/".into(),
            audience: "https://petstore.authgate.example".into(),
            jwks_uri: "http://127.0.0.1:46033/.well-known/jwks.json".into(),
            required_permissions: None,
        });
        assert_eq!(
            recorded_origin(&state).as_deref(),
            Some("http://127.0.0.1:46033")
        );
        assert_eq!(recorded_port(&state), Some(46033));
        state.verifier.as_mut().unwrap().issuer = "https://tenant.auth0.com/".into();
        assert_eq!(
            recorded_origin(&state),
            None,
            "a real tenant is not a sandbox"
        );
    }
}
