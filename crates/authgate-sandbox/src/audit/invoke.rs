//! Runs one TOKEN event through the authorizer in the sandbox's Lambda runtime and answers
//! as API Gateway (REST API, TOKEN authorizer) would.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::issuer::Issuer;
use super::mint::{AUDIENCE, METHOD_ARN, token_event_on};
use super::report::Outcome;
use super::{AuditError, AuditTarget};
use crate::aws::runtime::{Launch, Runtime};
use crate::gateway::FunctionError;
use crate::gateway::authorizer_result::AuthorizerResult;

/// One request's result.
pub struct Call {
    pub outcome: Outcome,
    /// The error message, the malformed result's fault, or the timeout.
    pub detail: Option<String>,
    /// The function's log of this invocation.
    pub log: String,
    /// The returned policy document (when the result was well-formed).
    pub policy: Option<Value>,
    /// `Duration` from the REPORT line (the handler's time), else the wall time.
    pub duration: Duration,
    /// `Init Duration` from the REPORT line, on a cold start.
    pub init: Option<Duration>,
}

pub struct Invoker<'a> {
    pub runtime: &'a Runtime,
    pub target: &'a AuditTarget,
}

impl Invoker<'_> {
    /// The function as launched for one phase of the audit: its own name (so its own
    /// execution environments), pointed at `issuer`.
    pub fn launch(&self, phase: &str, issuer: &Issuer) -> Launch {
        let mut env = self.target.env.clone();
        env.insert("TOKEN_ISSUER".to_owned(), format!("{}/", issuer.base_url()));
        env.insert("JWKS_URI".to_owned(), issuer.jwks_uri());
        env.insert("AUDIENCE".to_owned(), AUDIENCE.to_owned());
        // The cases judge token validation (and the cache trap for a valid token) with the
        // function's own map left out; the permissions phase sets the audit's map itself.
        env.remove("REQUIRED_PERMISSIONS");
        Launch {
            name: format!("audit-{phase}"),
            revision: "audit".to_owned(),
            runtime: self.target.runtime.clone(),
            handler: self.target.handler.clone(),
            timeout_secs: self.target.timeout_secs,
            memory_mb: self.target.memory_mb,
            region: "us-east-1".to_owned(),
            env,
            zip: self.target.zip.clone(),
            reserved_concurrency: None,
        }
    }

    pub async fn call(&self, launch: &Launch, authorization: &str) -> Result<Call, AuditError> {
        self.call_on(launch, authorization, METHOD_ARN).await
    }

    /// [`Invoker::call`] for the route `method_arn` names.
    pub async fn call_on(
        &self,
        launch: &Launch,
        authorization: &str,
        method_arn: &str,
    ) -> Result<Call, AuditError> {
        let started = Instant::now();
        let result = self
            .runtime
            .invoke(launch, &token_event_on(authorization, method_arn))
            .await;
        let wall = started.elapsed();
        let (outcome, detail, log, policy) = match result {
            Ok(done) => match AuthorizerResult::parse(&done.payload) {
                Ok(parsed) => {
                    let allowed =
                        authgate_core::policy::evaluate(&parsed.policy_document, method_arn);
                    let outcome = if allowed.is_allow() {
                        Outcome::Allow
                    } else {
                        Outcome::Forbidden
                    };
                    (outcome, None, done.log, Some(parsed.policy_document))
                }
                Err(fault) => (
                    Outcome::Error,
                    Some(format!("malformed result: {fault}")),
                    done.log,
                    None,
                ),
            },
            Err(FunctionError::Failed {
                error_type,
                error_message,
                log,
                ..
            }) => {
                if error_message == "Unauthorized" {
                    (Outcome::Unauthorized, None, log, None)
                } else {
                    let detail = format!("{error_type}: {}", first_line(&error_message));
                    (Outcome::Error, Some(detail), log, None)
                }
            }
            Err(FunctionError::Timeout { secs, log }) => (
                Outcome::Timeout,
                Some(format!("timed out after {secs} s")),
                log,
                None,
            ),
            Err(other) => return Err(AuditError::Runtime(other.to_string())),
        };
        let duration = report_ms(&log, "\tDuration: ").unwrap_or(wall);
        let init = report_ms(&log, "\tInit Duration: ");
        Ok(Call {
            outcome,
            detail,
            log,
            policy,
            duration,
            init,
        })
    }
}

fn first_line(text: &str) -> &str {
    let line = text.lines().next().unwrap_or_default();
    &line[..line.floor_char_boundary(160)]
}

/// A `… NAME: 12.34 ms` field of the REPORT line.
fn report_ms(log: &str, field: &str) -> Option<Duration> {
    let report = log.lines().rev().find(|l| l.starts_with("REPORT "))?;
    let after = &report[report.find(field)? + field.len()..];
    let ms: f64 = after.split(' ').next()?.parse().ok()?;
    Some(Duration::from_secs_f64(ms / 1000.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_durations_from_the_report_line() {
        let log = "START\nEND\nREPORT RequestId: x\tDuration: 12.50 ms\tBilled Duration: 13 ms\
                   \tMemory Size: 128 MB\tInit Duration: 80.25 ms\n";
        assert_eq!(
            report_ms(log, "\tDuration: "),
            Some(Duration::from_micros(12_500))
        );
        assert_eq!(
            report_ms(log, "\tInit Duration: "),
            Some(Duration::from_micros(80_250))
        );
        assert_eq!(report_ms("REPORT x\n", "\tDuration: "), None);
    }
}
