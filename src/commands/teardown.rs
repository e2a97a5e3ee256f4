//! `authgate teardown`: deletes what authgate created, in dependency order, after saying
//! what will go; `--from-step N` resets steps N… only. Without `--yes` it asks, and on a
//! non-terminal it refuses.

use std::process::ExitCode;
use std::sync::Arc;

use super::out::outln;
use crate::cli::{GlobalArgs, TeardownArgs};
use crate::flow::teardown::{Reset, plan_from};
use crate::state::ResourceKey;
use crate::steps::StepsFile;
use authgate_providers::Report;

pub async fn run(args: TeardownArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let state = match super::load_state(global, "authgate teardown") {
        Ok(state) => state,
        Err(code) => return Ok(code),
    };
    let from_step = args.from_step.unwrap_or(1);
    let steps = match StepsFile::load(global.steps.as_deref()) {
        Ok(steps) => steps,
        Err(e) => {
            super::out::fail_hint("authgate teardown", &e);
            return Ok(ExitCode::from(super::out::EXIT_USAGE));
        }
    };
    let actions: Vec<String> = steps
        .steps
        .iter()
        .skip(usize::from(from_step) - 1)
        .flat_map(|step| step.actions.iter().map(|a| a.id.key().to_owned()))
        .collect();
    let doomed = plan_from(&state, args.include_reused, from_step);
    let kept: Vec<_> = state
        .resources
        .iter()
        // Secured methods are a setting on the API, not an object of their own.
        .filter(|(k, r)| {
            !r.created
                && !args.include_reused
                && *k != ResourceKey::SecuredMethods
                && k.step() >= from_step
        })
        .map(|(k, r)| format!("{k} {}", r.id))
        .collect();
    let finished = actions.iter().any(|a| state.actions.contains_key(a));
    if doomed.is_empty() && (from_step == 1 || !finished) {
        outln!("authgate teardown: nothing to delete (nothing recorded as created by authgate)")?;
        return Ok(ExitCode::SUCCESS);
    }
    match from_step {
        1 => eprintln!("authgate teardown will delete:"),
        2 => eprintln!("authgate teardown will reset steps 2 to 5 (step 1 stays), deleting:"),
        n => eprintln!(
            "authgate teardown will reset steps {n} to 5 (steps 1 to {} stay), deleting:",
            n - 1
        ),
    }
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
    let reset = Reset {
        include_reused: args.include_reused,
        from_step,
        actions,
    };
    match session.reset(&reset, report).await {
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
