//! Step 3's "Audit the authorizer": the chosen code through the audit engine, locally; with
//! your own code the bundled authorizer is audited at the same time, for the side-by-side
//! panel. Nothing is deployed and no AWS or Auth0 call is made.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput, AuditComparison, Panel};
use crate::authorizer_code::audit::{AuditSubject, Report, audit, score_line};
use crate::authorizer_code::custom_authorizer::{AuthorizerCode, prepare};

/// Step 3's audit, ready to run without the session: `setup` runs it beside steps 3–5 (it
/// deploys and calls nothing) and records it when it ends ([`Session::record`]).
pub struct AuditJob {
    code: AuthorizerCode,
    env: BTreeMap<String, String>,
    quick: bool,
    report: Arc<dyn authgate_providers::Report>,
}

impl Session {
    pub(super) async fn audit_authorizer(&mut self) -> Result<ActionOutput, ActionFailure> {
        let job = self.audit_job(self.relay.clone()).await?;
        job.run().await
    }

    /// The audit of the chosen code with the settings' policy scope, its progress to `report`.
    pub async fn audit_job(
        &self,
        report: Arc<dyn authgate_providers::Report>,
    ) -> Result<AuditJob, ActionFailure> {
        let code = self.authorizer_code().await?;
        // The policy scope chosen in the settings: with `method`, the cache trap shows.
        let scope = self.inputs().await.policy_scope;
        let env = BTreeMap::from([("POLICY_SCOPE".to_owned(), scope.as_str().to_owned())]);
        Ok(AuditJob {
            code,
            env,
            quick: self.settings.quick_audit,
            report,
        })
    }
}

impl AuditJob {
    pub async fn run(self) -> Result<ActionOutput, ActionFailure> {
        let Self {
            code,
            env,
            quick,
            report,
        } = self;
        let subject = |code: AuthorizerCode| AuditSubject {
            env: env.clone(),
            quick,
            ..AuditSubject::new(code)
        };
        let Some(path) = code.custom.clone() else {
            report.line(if quick {
                "auditing the bundled authorizer (the quick rows, about 1 s)".to_owned()
            } else {
                "auditing the bundled authorizer (45 checks, about 6 s)".to_owned()
            });
            let bundled = audited(&*report, "the bundled authorizer", subject(code)).await?;
            return Ok(audit_output(None, bundled));
        };
        let bundled_code = prepare(None).or_fail("building the bundled authorizer's zip")?;
        report.line(format!(
            "auditing {} ({} on {}) and the bundled authorizer side by side",
            path.display(),
            code.handler,
            code.runtime
        ));
        let (yours, bundled) = tokio::join!(
            audited(&*report, "your authorizer", subject(code)),
            audited(&*report, "the bundled authorizer", subject(bundled_code)),
        );
        Ok(audit_output(Some(yours?), bundled?))
    }
}

async fn audited(
    report: &dyn authgate_providers::Report,
    what: &str,
    subject: AuditSubject,
) -> Result<Report, ActionFailure> {
    let found = audit(subject).await.or_fail(&format!("auditing {what}"))?;
    report.line(format!("{what}: {}", score_line(&found)));
    Ok(found)
}

/// The action's result: both scores in the summary (the state file and `setup` show it),
/// the side-by-side panel for the screen.
pub fn audit_output(yours: Option<Report>, bundled: Report) -> ActionOutput {
    let score = |r: &Report| format!("{}/{}", r.score.passed, r.score.total);
    let audited = yours.as_ref().unwrap_or(&bundled);
    // Short enough for the result pane at 80 columns; the panel has the counts.
    let security = if audited.exit_code() == 0 {
        ""
    } else {
        " (security ✗)"
    };
    let summary = match &yours {
        Some(yours) => format!(
            "audit: yours {}{security} · bundled {}",
            score(yours),
            score(&bundled)
        ),
        None => format!("audit: bundled {}{security}", score(&bundled)),
    };
    let mut out = ActionOutput::new(summary);
    if !audited.skipped.is_empty() {
        out = out.detail(format!(
            "left out here: {} (it waits out the function's timeout); `authgate authorizer \
             audit` runs every row",
            audited.skipped.join(", ")
        ));
    }
    if audited.exit_code() != 0 {
        let failed: Vec<&str> = audited
            .rows
            .iter()
            .filter(|r| r.security && !r.passed)
            .map(|r| r.id)
            .collect();
        let whose = if yours.is_some() {
            "your"
        } else {
            "the bundled"
        };
        out = out.warn(ActionFailure::new(
            format!(
                "{whose} authorizer failed security checks: {}",
                failed.join(", ")
            ),
            "a token the tutorial's setup must refuse got through, or what must be allowed \
             leaks or breaks (each row says what it sent and what came back)",
            "fix the rows marked ✗ in the audit panel (each has its fix), redeploy with step 3, \
             and audit again; `authgate authorizer audit PATH` prints the same rows",
        ));
    }
    out.panel(Panel::Audit(Box::new(AuditComparison { yours, bundled })))
}
