//! What `check` reports: one result per check (id, status, found vs needed, the nudge, the
//! exact fix), grouped by tutorial step, and the JSON shape README documents.

use serde::Serialize;

/// How one check ended. `NotCheckable` is never a pass: the target cannot answer it (a
/// stand-in that runs no code, no token to test with).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    NotCheckable,
}

/// The exact fix: the console's click-path and the CLI command.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fix {
    pub console: String,
    pub cli: String,
}

impl Fix {
    /// The fix as one text: `console: …` then `cli: …`.
    pub fn text(&self) -> String {
        format!("console: {}\ncli: {}", self.console, self.cli)
    }
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// Stable id, e.g. `step3.function_env.issuer`.
    pub id: &'static str,
    pub step: u8,
    pub title: String,
    pub status: Status,
    /// What was found, and what the tutorial needs when they differ. Never a secret.
    pub what: String,
    /// The nudge (kept after passing: hints are learning material).
    pub hint: Option<String>,
    pub fix: Option<Fix>,
    /// The earlier check this failure follows from (root cause first).
    pub follows_from: Option<&'static str>,
}

impl CheckResult {
    pub fn ok(&self) -> bool {
        self.status == Status::Pass
    }
}

/// A tutorial step's checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepReport {
    pub step: u8,
    pub title: String,
    pub checks: Vec<CheckResult>,
}

impl StepReport {
    pub fn ok(&self) -> bool {
        self.checks.iter().all(CheckResult::ok)
    }
}

/// Where the checks ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Sandbox,
    Aws,
}

/// Everything `check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub target: TargetKind,
    /// One line: what was graded (API, stage, Auth0 API).
    pub subject: String,
    pub steps: Vec<StepReport>,
}

/// Counts by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub not_checkable: usize,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.steps.iter().all(StepReport::ok)
    }

    pub fn checks(&self) -> impl Iterator<Item = &CheckResult> {
        self.steps.iter().flat_map(|s| &s.checks)
    }

    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for check in self.checks() {
            match check.status {
                Status::Pass => tally.passed += 1,
                Status::Fail => tally.failed += 1,
                Status::NotCheckable => tally.not_checkable += 1,
            }
        }
        tally
    }

    /// Only step `n` (`check --step N`); root causes were found across all steps first.
    #[must_use]
    pub fn only_step(mut self, n: u8) -> Self {
        self.steps.retain(|s| s.step == n);
        self
    }

    /// The stable JSON shape (README, "check --json"): `ok`, `target`, `steps[]` with
    /// `step`, `title`, `ok`, `checks[]` with `id`, `ok`, `what`, `hint`, `fix`; each check
    /// also says `status` (`pass`, `fail`, `not_checkable`) and `follows_from` (an id or null).
    pub fn to_json(&self) -> serde_json::Value {
        let steps: Vec<serde_json::Value> = self
            .steps
            .iter()
            .map(|s| {
                let checks: Vec<serde_json::Value> = s
                    .checks
                    .iter()
                    .map(|c| {
                        serde_json::json!({
                            "id": c.id,
                            "ok": c.ok(),
                            "status": c.status,
                            "what": c.what,
                            "hint": c.hint,
                            "fix": c.fix.as_ref().map(Fix::text),
                            "follows_from": c.follows_from,
                        })
                    })
                    .collect();
                serde_json::json!({
                    "step": s.step, "title": s.title, "ok": s.ok(), "checks": checks,
                })
            })
            .collect();
        serde_json::json!({ "ok": self.ok(), "target": self.target, "steps": steps })
    }
}
