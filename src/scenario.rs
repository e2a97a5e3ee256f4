//! Break-and-fix exercises: a scenario (data, `scenarios.toml`) breaks one thing in a working
//! setup with a few primitives; the learner finds it with the inspector and
//! `check`, and `check` passes as soon as their fix is right. `reset` undoes the break from a
//! record of the previous values (`.authgate/scenario.toml`, no secrets). No screen code.

mod apply;
pub mod file;
mod ops;
pub mod record;
mod undo;

pub use file::{Break, Scenario, ScenariosError, ScenariosFile};
pub use record::{Record, Undo};

use crate::check::{self, Options, TargetKind};
use crate::flow::{ActionFailure, Session};
use authgate_core::hint::Hint as _;

/// What `start` did besides breaking the scenario's thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    /// A scenario that was in progress and is fixed now (its record was dropped).
    pub finished: Option<String>,
}

fn record_failure(e: &record::RecordError) -> ActionFailure {
    ActionFailure::new(e.to_string(), "the scenario record", e.fix())
}

/// Breaks `scenario` in the target, after `check` shows the setup works.
pub async fn start(
    session: &mut Session,
    scenario: &Scenario,
    options: &Options,
) -> Result<Started, ActionFailure> {
    let dir = session.settings().state_dir.clone();
    let active = Record::load(&dir).map_err(|e| record_failure(&e))?;
    let found = Box::pin(check::discover(session, &check::Clues::default(), false)).await?;
    let token = found
        .reader_token()
        .map(authgate_providers::auth0::Secret::expose);
    let report = check::grade(&found.facts, options, token);
    let mut finished = None;
    if let Some(active) = active {
        if !report.ok() {
            return Err(ActionFailure::new(
                format!("scenario {} is in progress", active.name),
                "one scenario at a time: its break is still there (authgate check says where)",
                "fix it, or undo it with `authgate scenario reset`, then start the next one",
            ));
        }
        Record::remove(&dir).map_err(|e| record_failure(&e))?;
        finished = Some(active.name);
    }
    if let Some(first) = report.checks().find(|c| !c.ok()) {
        return Err(ActionFailure::new(
            "the setup does not pass `authgate check` yet",
            format!(
                "a scenario breaks a working setup; {}: {}",
                first.id, first.what
            ),
            "finish the tutorial first (`authgate check` says what is missing; in the sandbox \
             `authgate --sandbox setup --yes` does it all), then start the scenario",
        ));
    }
    if found.facts.target != TargetKind::Sandbox && !scenario.real_account {
        return Err(ActionFailure::new(
            format!("scenario {} works only in the sandbox", scenario.name),
            "it moves the tenant's clock or rotates its keys, which authgate does not do to a real tenant",
            "run it with --sandbox",
        ));
    }
    let mut undo = Vec::new();
    for b in &scenario.breaks {
        undo.extend(apply::undo_for(b, &found.facts)?);
    }
    let record = Record {
        name: scenario.name.clone(),
        hints: 0,
        undo,
    };
    record.save(&dir).map_err(|e| record_failure(&e))?;
    let link = session.aws().await?;
    let management = session.management().await?;
    let ops = ops::Ops {
        aws: &link.aws,
        management: &management,
        sandbox: session.sandbox_url(),
    };
    for b in &scenario.breaks {
        apply::apply(&ops, b, &found.facts, found.reader_token()).await?;
    }
    Ok(Started { finished })
}

/// The scenario in progress and how many hints were given before this one (0: give the
/// nudge; more: the documented fix too). `None` when none is in progress.
pub fn hint(state_dir: &std::path::Path) -> Result<Option<(String, u32)>, ActionFailure> {
    let Some(mut record) = Record::load(state_dir).map_err(|e| record_failure(&e))? else {
        return Ok(None);
    };
    let before = record.hints;
    record.hints += 1;
    record.save(state_dir).map_err(|e| record_failure(&e))?;
    Ok(Some((record.name, before)))
}

/// Undoes the scenario in progress, last break first. `Ok(None)`: none was in progress.
pub async fn reset(session: &mut Session) -> Result<Option<String>, ActionFailure> {
    let dir = session.settings().state_dir.clone();
    let Some(record) = Record::load(&dir).map_err(|e| record_failure(&e))? else {
        return Ok(None);
    };
    let link = session.aws().await?;
    let management = session.management().await?;
    let ops = ops::Ops {
        aws: &link.aws,
        management: &management,
        sandbox: session.sandbox_url(),
    };
    for undo in record.undo.iter().rev() {
        undo::undo(&ops, undo).await?;
    }
    Record::remove(&dir).map_err(|e| record_failure(&e))?;
    Ok(Some(record.name))
}
