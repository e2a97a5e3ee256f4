//! `authorizer audit` and step 3's "Audit the authorizer": authorizer code, prepared the way
//! Deploy prepares it ([`crate::authorizer_code::custom_authorizer::prepare`], so a directory is zipped
//! once, by one bundler), put through the sandbox crate's audit engine in a scratch directory
//! of its own. Two audits (yours and the bundled one) can run at once.

use std::collections::BTreeMap;

use authgate_sandbox::audit::{self, AuditOptions, AuditTarget};
pub use authgate_sandbox::audit::{AuditError, JwtAnswer, Kind, Report, Row};

use crate::authorizer_code::custom_authorizer::AuthorizerCode;
use authgate_core::hint::Hint;

/// The variables the audit sets itself (its own issuer); the function's own values are
/// dropped so they cannot point it at a real tenant.
pub const AUDIT_OWNED_VARIABLES: [&str; 3] = ["TOKEN_ISSUER", "JWKS_URI", "AUDIENCE"];

/// The code under audit and the configuration it runs with.
#[derive(Debug, Clone)]
pub struct AuditSubject {
    pub code: AuthorizerCode,
    /// The function's environment (the audit overrides [`AUDIT_OWNED_VARIABLES`]).
    pub env: BTreeMap<String, String>,
    /// The function's timeout and memory; `None`: what Deploy gives it (30 s, 128 MB).
    pub timeout_secs: Option<u32>,
    pub memory_mb: Option<u32>,
    /// Leave out the rows that only wait (see the engine's `AuditOptions::quick`).
    pub quick: bool,
}

impl AuditSubject {
    pub fn new(code: AuthorizerCode) -> Self {
        Self {
            code,
            env: BTreeMap::new(),
            timeout_secs: None,
            memory_mb: None,
            quick: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuditRunError {
    #[error("cannot prepare a scratch directory for the audit: {0}")]
    Scratch(std::io::Error),
    #[error(transparent)]
    Engine(#[from] AuditError),
}

impl Hint for AuditRunError {
    fn fix(&self) -> String {
        match self {
            Self::Scratch(_) => {
                "check that the temporary directory (TMPDIR) exists and is writable".to_owned()
            }
            Self::Engine(e) => e.fix(),
        }
    }
}

/// Audits `subject` in a fresh scratch directory, removed afterwards (also when the
/// future is dropped: the wizard's Esc aborts the task, and the engine's runtime stops its
/// processes).
pub async fn audit(subject: AuditSubject) -> Result<Report, AuditRunError> {
    // Boxed: the engine's future is large, and the wizard's action futures hold it.
    Box::pin(audit_inline(subject)).await
}

async fn audit_inline(subject: AuditSubject) -> Result<Report, AuditRunError> {
    let scratch = tempfile::Builder::new()
        .prefix("authgate-audit-")
        .tempdir()
        .map_err(AuditRunError::Scratch)?;
    let zip = scratch.path().join("authorizer.zip");
    std::fs::write(&zip, &subject.code.zip).map_err(AuditRunError::Scratch)?;
    let mut target = AuditTarget::from_path(
        &zip,
        &subject.code.runtime,
        &subject.code.handler,
        scratch.path(),
    )?;
    target.env = subject
        .env
        .iter()
        .filter(|(k, _)| !AUDIT_OWNED_VARIABLES.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(secs) = subject.timeout_secs {
        target.timeout_secs = secs;
    }
    if let Some(mb) = subject.memory_mb {
        target.memory_mb = mb;
    }
    let mut options = AuditOptions::new(scratch.path().join("work"));
    options.quick = subject.quick;
    Ok(audit::run(&target, &options).await?)
}

/// "41/44 · 1 security row failed", or "44/44 · every row passed".
pub fn score_line(report: &Report) -> String {
    let s = &report.score;
    match s.security_failed {
        0 if s.passed == s.total => format!("{}/{} · every row passed", s.passed, s.total),
        0 => format!("{}/{} · no security row failed", s.passed, s.total),
        1 => format!("{}/{} · 1 security row failed", s.passed, s.total),
        n => format!("{}/{} · {n} security rows failed", s.passed, s.total),
    }
}
