//! `authgate teardown`: deletes what authgate created, in dependency order, after saying
//! what will go. Without `--yes` it asks, and on a non-terminal it refuses.

use std::process::ExitCode;
use std::sync::Arc;

use super::out::outln;
use crate::cli::{GlobalArgs, TeardownArgs};
use crate::flow::teardown::plan;
use crate::state::ResourceKey;
use authgate_providers::Report;

pub async fn run(args: TeardownArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let state = match super::load_state(global, "authgate teardown") {
        Ok(state) => state,
        Err(code) => return Ok(code),
    };
    let doomed = plan(&state, args.include_reused);
    let kept: Vec<_> = state
        .resources
        .iter()
        // Secured methods are a setting on the API, not an object of their own.
        .filter(|(k, r)| !r.created && !args.include_reused && *k != ResourceKey::SecuredMethods)
        .map(|(k, r)| format!("{k} {}", r.id))
        .collect();
    if doomed.is_empty() {
        outln!("authgate teardown: nothing to delete (nothing recorded as created by authgate)")?;
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("authgate teardown will delete:");
    for item in &doomed {
        eprintln!("  - {}", item.label);
    }
    for k in &kept {
        eprintln!("  (keeping {k}: it existed before authgate; --include-reused deletes it too)");
    }
    match super::confirm::confirm(args.yes, "teardown", "Delete these?") {
        Ok(true) => {}
        Ok(false) => return Ok(ExitCode::from(crate::commands::out::EXIT_USAGE)),
        Err(code) => return Ok(code),
    }
    let mut session = match super::open_session(global, state, crate::boot::settings(global)).await
    {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    let report: Arc<dyn Report> = Arc::new(|line: String| eprintln!("    {line}"));
    match session.teardown(args.include_reused, report).await {
        Ok(lines) => {
            for line in lines {
                outln!("✓ {line}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(failure) => {
            eprintln!("✗ {failure}");
            eprintln!(
                "authgate teardown: stopped; what was deleted is off the state file, rerun to finish"
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
