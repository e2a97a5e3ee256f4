//! `authgate authorizer audit`'s engine: puts any TOKEN authorizer (a Lambda zip) through a
//! live corpus of hostile and edge-case tokens, minted with fresh keys against the real
//! clock, and measures its behaviours (logs, JWKS caching and throttling, JWKS faults, the
//! policy cache trap, how it signals 401, latency). The authorizer runs in the sandbox's
//! Lambda runtime, pointed at the audit's own issuer on loopback.
//!
//! ```no_run
//! # async fn audit(dir: &std::path::Path) -> Result<i32, authgate_sandbox::audit::AuditError> {
//! use authgate_sandbox::audit::{self, AuditOptions, AuditTarget};
//! let target = AuditTarget::bundled(&dir.join("code"))?; // or ::from_path(zip_or_dir, …)
//! let report = audit::run(&target, &AuditOptions::new(dir.join("work"))).await?;
//! println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
//! Ok(report.exit_code())
//! # }
//! ```
//!
//! The report's JSON is documented in docs/audit-json.md.

mod behaviours;
mod cases;
mod invoke;
mod issuer;
mod keys;
mod mint;
mod phases;
mod report;
mod target;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub use report::{
    HttpApiJwt, HttpApiJwtSummary, JwtAnswer, Kind, Outcome, Report, Row, Score, Timings,
};
pub use target::{AuditTarget, DEFAULT_TIMEOUT_SECS};

use crate::aws::runtime::Runtime;
use cases::Expect;
use issuer::Mode;
use phases::{CorpusRun, Sent};

/// API Gateway's default authorizer result TTL (REST API, TOKEN authorizer), from core.
pub const DEFAULT_TTL_SECS: u32 =
    authgate_core::tutorial::AUTHORIZER_TTL_DEFAULT_SECS.unsigned_abs();

#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// Where the runtime unpacks the zip (a temporary directory of the caller's).
    pub work_dir: PathBuf,
    /// Valid calls on one instance: the JWKS cache check and the warm latency sample.
    pub warm_calls: usize,
    /// Tokens with unknown kids sent in a row (the refetch throttle check).
    pub unknown_kid_burst: usize,
    /// The authorizer's result TTL at the gateway (the cache trap needs TTL > 0).
    pub ttl_secs: u32,
    /// Leave out the rows that only wait (the slow JWKS waits out the function's timeout),
    /// for `setup`'s critical path; the report names them in `skipped`.
    pub quick: bool,
}

impl AuditOptions {
    pub fn new(work_dir: PathBuf) -> Self {
        Self {
            work_dir,
            warm_calls: 20,
            unknown_kid_burst: 10,
            ttl_secs: DEFAULT_TTL_SECS,
            quick: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("generating or encoding the audit's RSA keys failed")]
    Crypto,
    #[error("the audit's issuer cannot listen on 127.0.0.1: {0}")]
    Bind(std::io::Error),
    #[error("the sandbox cannot run the authorizer: {0}")]
    Runtime(String),
    #[error("cannot read or zip the authorizer's code at {path}: {detail}")]
    Code { path: PathBuf, detail: String },
}

impl authgate_core::hint::Hint for AuditError {
    fn fix(&self) -> String {
        match self {
            Self::Crypto => "this is a bug in authgate; please report it".to_owned(),
            Self::Bind(_) => "check that this machine allows listening on 127.0.0.1".to_owned(),
            Self::Runtime(_) => {
                "check the runtime and handler, and that node or python3 is installed \
                 (AUTHGATE_NODE / AUTHGATE_PYTHON point at others)"
                    .to_owned()
            }
            Self::Code { .. } => {
                "pass a readable directory or a zip, and a writable scratch directory".to_owned()
            }
        }
    }
}

impl AuditError {
    fn code(path: &Path, detail: &str) -> Self {
        Self::Code {
            path: path.to_owned(),
            detail: detail.to_owned(),
        }
    }
}

/// Audits `target`: every case of the live corpus, then the behaviours.
pub async fn run(target: &AuditTarget, options: &AuditOptions) -> Result<Report, AuditError> {
    let started = Instant::now();
    let keys = Arc::new(keys_off_thread().await?);
    let runtime = Runtime::new(options.work_dir.clone());
    let invoker = invoke::Invoker {
        runtime: &runtime,
        target,
    };
    // The latency sample runs after the corpus, while the slow-JWKS phase only waits, so
    // other phases' cold starts do not compete with it for the CPU.
    let corpus_then_warm = async {
        let corpus = phases::corpus(&invoker, &keys).await?;
        let burst = options.unknown_kid_burst;
        let warm = phases::warm(&invoker, &keys, options.warm_calls + 1, burst).await?;
        Ok::<_, AuditError>((corpus, warm))
    };
    let slow = async {
        if options.quick {
            Ok(None)
        } else {
            phases::jwks_fault(&invoker, &keys, Mode::Slow)
                .await
                .map(Some)
        }
    };
    let (measured, down, slow, huge, permissions) = tokio::join!(
        corpus_then_warm,
        phases::jwks_fault(&invoker, &keys, Mode::Down),
        slow,
        phases::jwks_fault(&invoker, &keys, Mode::Huge),
        phases::permissions(&invoker, &keys),
    );
    let ((corpus, warm), down, slow, huge, permissions) =
        (measured?, down?, slow?, huge?, permissions?);
    let mut rows = case_rows(&corpus);
    let sent = corpus
        .results
        .iter()
        .map(|(_, sent, _)| sent)
        .chain(&warm.calls)
        .chain(&warm.burst)
        .chain([&down, &huge, &permissions.get, &permissions.post])
        .chain(slow.as_ref());
    rows.push(behaviours::token_in_logs(sent));
    rows.push(behaviours::jwks_cached(&warm));
    rows.push(behaviours::unknown_kid_throttled(&warm));
    rows.push(behaviours::jwks_fault(
        "jwks_down",
        &down,
        "an issuer outage must be a clean 401, not a crash (500) or a hang",
        "catch the fetch's failure and answer Unauthorized; keep the previous keys when a refresh fails",
    ));
    if let Some(slow) = &slow {
        rows.push(behaviours::jwks_fault(
            "jwks_slow",
            slow,
            "a JWKS that never answers must not hold the function until Lambda kills it (a 500 after the timeout)",
            "give the JWKS fetch its own timeout (e.g. 5 s, AbortSignal.timeout) well under the function's",
        ));
    }
    rows.push(behaviours::jwks_fault(
        "jwks_huge",
        &huge,
        "a multi-MB key set costs memory and time on every cold start; a real JWKS is a few KB",
        "refuse JWKS bodies over 1 MiB (Content-Length and while streaming)",
    ));
    rows.push(behaviours::cache_trap(&corpus, options.ttl_secs));
    rows.push(behaviours::route_permissions(&permissions));
    rows.push(behaviours::unauthorized_signal(&corpus));
    let (latency_rows, mut timings) = behaviours::latency(&warm);
    rows.extend(latency_rows);
    timings.audit_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let mut report = Report::new(&target.runtime, &target.handler, rows, timings);
    if slow.is_none() {
        report.skipped.push("jwks_slow");
    }
    Ok(report)
}

async fn keys_off_thread() -> Result<mint::Keys, AuditError> {
    tokio::task::spawn_blocking(mint::Keys::generate)
        .await
        .map_err(|_| AuditError::Crypto)?
}

fn case_rows(corpus: &CorpusRun) -> Vec<Row> {
    corpus
        .results
        .iter()
        .map(|(case, sent, followed): &(_, Sent, usize)| {
            let outcome = sent.call.outcome;
            let decided = match case.expect {
                Expect::Allow => outcome == Outcome::Allow,
                Expect::Refuse => outcome.refused(),
            };
            let mut got = behaviours::describe(sent);
            if *followed > 0 {
                let _ = write!(got, "; fetched {followed} URL(s) named in the token header");
            }
            Row {
                id: case.id,
                kind: Kind::Case,
                security: case.security,
                expected: case.expect.as_str().to_owned(),
                got,
                passed: decided && *followed == 0,
                status: Some(outcome.status()),
                why: case.why,
                reference: case.reference,
                fix: case.fix,
                http_api_jwt: case.http_api_jwt.clone(),
            }
        })
        .collect()
}
