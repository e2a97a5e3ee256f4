//! The audit's phases. Each has its own issuer and its own function name (so its own cold
//! execution environments), so they run at the same time: the corpus on one warm instance,
//! the cache and latency probe, and one cold instance per JWKS fault.

use std::sync::Arc;
use std::time::Duration;

use super::AuditError;
use super::cases::{CASES, CaseSpec};
use super::invoke::{Call, Invoker};
use super::issuer::{Issuer, Mode};
use super::mint::{Keys, Mint, POST_ARN, ROUTE_PERMISSIONS};

/// One request the audit sent, with what came back.
pub struct Sent {
    pub label: String,
    pub authorization: String,
    pub call: Call,
}

/// The corpus, case by case in table order, on one warm instance.
pub struct CorpusRun {
    /// Per case: the call, and the requests the issuer saw on other paths during it.
    pub results: Vec<(&'static CaseSpec, Sent, usize)>,
}

pub async fn corpus(invoker: &Invoker<'_>, keys: &Arc<Keys>) -> Result<CorpusRun, AuditError> {
    let issuer = start(keys, Mode::Normal, Duration::ZERO).await?;
    let launch = invoker.launch("corpus", &issuer);
    let mint = Mint::new(keys.clone(), issuer.base_url());
    let mut results = Vec::with_capacity(CASES.len());
    for case in CASES {
        let authorization = (case.header)(&mint);
        let before = issuer.other_fetches();
        let call = invoker.call(&launch, &authorization).await?;
        let followed = issuer.other_fetches() - before;
        let sent = Sent {
            label: case.id.to_owned(),
            authorization,
            call,
        };
        results.push((case, sent, followed));
    }
    Ok(CorpusRun { results })
}

/// Valid calls on a fresh instance, then a burst of unknown kids.
pub struct WarmRun {
    pub calls: Vec<Sent>,
    /// JWKS fetches after the valid calls.
    pub fetches_after_valid: usize,
    pub burst: Vec<Sent>,
    /// JWKS fetches the burst added.
    pub burst_fetches: usize,
}

pub async fn warm(
    invoker: &Invoker<'_>,
    keys: &Arc<Keys>,
    valid_calls: usize,
    burst: usize,
) -> Result<WarmRun, AuditError> {
    let issuer = start(keys, Mode::Normal, Duration::ZERO).await?;
    let launch = invoker.launch("warm", &issuer);
    let mint = Mint::new(keys.clone(), issuer.base_url());
    let mut calls = Vec::with_capacity(valid_calls);
    for n in 0..valid_calls {
        let authorization = mint.valid();
        let call = invoker.call(&launch, &authorization).await?;
        calls.push(Sent {
            label: format!("valid call {}", n + 1),
            authorization,
            call,
        });
    }
    let fetches_after_valid = issuer.jwks_fetches();
    let mut sent = Vec::with_capacity(burst);
    for n in 0..burst {
        let authorization = mint.unknown_kid(n);
        let call = invoker.call(&launch, &authorization).await?;
        sent.push(Sent {
            label: format!("unknown kid {}", n + 1),
            authorization,
            call,
        });
    }
    Ok(WarmRun {
        calls,
        fetches_after_valid,
        burst_fetches: issuer.jwks_fetches() - fetches_after_valid,
        burst: sent,
    })
}

/// The function with the audit's per-route map: a read-only token on `GET /pets` (its
/// policy, which the gateway caches) and on `POST /pets`.
pub struct PermissionsRun {
    pub get: Sent,
    pub post: Sent,
}

pub async fn permissions(
    invoker: &Invoker<'_>,
    keys: &Arc<Keys>,
) -> Result<PermissionsRun, AuditError> {
    let issuer = start(keys, Mode::Normal, Duration::ZERO).await?;
    let mut launch = invoker.launch("permissions", &issuer);
    launch.env.insert(
        "REQUIRED_PERMISSIONS".to_owned(),
        ROUTE_PERMISSIONS.to_owned(),
    );
    let mint = Mint::new(keys.clone(), issuer.base_url());
    let authorization = mint.valid();
    let get = invoker.call(&launch, &authorization).await?;
    let post = invoker.call_on(&launch, &authorization, POST_ARN).await?;
    let sent = |label: &str, call| Sent {
        label: label.to_owned(),
        authorization: authorization.clone(),
        call,
    };
    Ok(PermissionsRun {
        get: sent("read-only token, GET /pets", get),
        post: sent("read-only token, POST /pets", post),
    })
}

/// A valid token on a cold instance whose issuer's JWKS is down, slow or huge.
pub async fn jwks_fault(
    invoker: &Invoker<'_>,
    keys: &Arc<Keys>,
    mode: Mode,
) -> Result<Sent, AuditError> {
    // Slow means: still silent when the function's own timeout has passed.
    let slow_for = Duration::from_secs(u64::from(invoker.target.timeout_secs) + 1);
    let issuer = start(keys, mode, slow_for).await?;
    let launch = invoker.launch(&format!("jwks-{mode:?}").to_lowercase(), &issuer);
    let mint = Mint::new(keys.clone(), issuer.base_url());
    let authorization = mint.valid();
    let call = invoker.call(&launch, &authorization).await?;
    Ok(Sent {
        label: format!("valid token, JWKS {mode:?}").to_lowercase(),
        authorization,
        call,
    })
}

async fn start(keys: &Keys, mode: Mode, slow_for: Duration) -> Result<Issuer, AuditError> {
    Issuer::start(keys.jwks(), keys.attacker_jwks(), mode, slow_for).await
}
