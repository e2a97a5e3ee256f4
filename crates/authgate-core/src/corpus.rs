//! The conformance corpus's types: hostile and edge-case tokens (RFC 8725 classes) with the
//! JWKS answers each step is served and the decision it must get. The cases live in
//! `tests/conformance/*.json` (format and pinned semantics in its README); the Rust core and
//! the bundled authorizer are both held to them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::jwt::TokenEvent;

/// One case: an authorizer configuration, what the JWKS endpoint answers, and the steps.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub about: String,
    /// The authorizer's environment (`TOKEN_ISSUER`, `AUDIENCE`, …); `JWKS_URI` is the
    /// harness's own server.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    pub jwks_responses: Vec<JwksResponse>,
    pub steps: Vec<Step>,
}

/// What the JWKS endpoint answers while a step runs.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JwksResponse {
    /// Never answers (the authorizer must time out, not hang).
    #[serde(default)]
    pub hang: bool,
    /// Answers more than the authorizer may read.
    #[serde(default)]
    pub oversize: bool,
    pub status: Option<u16>,
    /// A JSON body.
    pub body: Option<Value>,
    /// A body that is not JSON.
    pub raw: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub event: TokenEvent,
    /// The authorizer's clock, in seconds since the epoch.
    pub now: i64,
    /// Which of the case's `jwks_responses` the endpoint serves.
    pub serve: usize,
    pub expect: Expect,
}

/// The decision a step must get.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `allow`, `unauthorized`, `error` or `config_error`.
    pub outcome: String,
    /// The reason code (`Reason::code`), when there is one.
    #[serde(default)]
    pub reason: Option<String>,
    /// JWKS fetches so far in the case (is it cached? is the refetch throttled?).
    pub jwks_fetches: Option<usize>,
    /// Requests to anything but the JWKS URI (`jku`/`x5u` must never be followed).
    pub other_fetches: Option<usize>,
    /// The whole authorizer answer, when the case pins it.
    pub response: Option<Value>,
    /// What API Gateway makes of the returned policy on the event's methodArn: `allow`,
    /// `explicit_deny` or `implicit_deny` (`policy::Evaluation`).
    pub policy_effect: Option<String>,
    /// The same policy evaluated on other methodArns, as API Gateway does when it reuses a
    /// cached policy for the token's later requests.
    #[serde(default)]
    pub also: Vec<AlsoEvaluated>,
}

/// A further methodArn the step's returned policy is evaluated on.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlsoEvaluated {
    pub method_arn: String,
    pub policy_effect: String,
}

impl Expect {
    /// Every `(methodArn, expected effect)` this step pins: the event's own (when
    /// `policy_effect` is given) and the `also` list.
    pub fn policy_effects<'a>(&'a self, event_arn: &'a str) -> Vec<(&'a str, &'a str)> {
        let own = self.policy_effect.as_deref().map(|e| (event_arn, e));
        own.into_iter()
            .chain(
                self.also
                    .iter()
                    .map(|a| (a.method_arn.as_str(), a.policy_effect.as_str())),
            )
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a corpus case: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
}

impl crate::hint::Hint for CorpusError {
    fn fix(&self) -> String {
        match self {
            Self::Read { .. } => "check the corpus directory (tests/conformance)".to_owned(),
            Self::Parse { .. } => {
                "regenerate the corpus with `node tests/conformance/generate.mjs`, or fix the \
                 case by its README"
                    .to_owned()
            }
        }
    }
}

/// Every `*.json` case in `dir`, in file-name order.
pub fn load_dir(dir: &Path) -> Result<Vec<Case>, CorpusError> {
    let read = |path: &Path, source| CorpusError::Read {
        path: path.to_owned(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| read(dir, e))? {
        let path = entry.map_err(|e| read(dir, e))?.path();
        if path.extension().is_some_and(|ext| ext == "json") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| read(path, e))?;
            serde_json::from_slice(&bytes).map_err(|source| CorpusError::Parse {
                path: path.clone(),
                source,
            })
        })
        .collect()
}
