//! `authgate setup`: the wizard's actions in order without the screen. Progress goes to
//! stderr, the summary (invoke URL and a curl command) to stdout; the first failure stops
//! the run with what/cause/fix and exit 1, and the state file lets the next run resume.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use super::out::outln;
use crate::cli::{GlobalArgs, SetupArgs};
use crate::domain::Report;
use crate::flow::connect::Settings;
use crate::flow::status::Status;
use crate::hint::Hint;
use crate::steps::{ActionId, StepsFile};

pub async fn run(args: SetupArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let steps = match StepsFile::load(global.steps.as_deref()) {
        Ok(steps) => steps,
        Err(e) => return Ok(usage(&e.to_string(), &e.fix())),
    };
    let mut state = match super::load_state(global, "authgate setup") {
        Ok(state) => state,
        Err(code) => return Ok(code),
    };
    let new_code =
        match crate::boot::choose_authorizer(global, &mut state, &args.code, "authgate setup") {
            Ok(changed) => changed,
            Err(code) => return Ok(code),
        };
    // Without --from-step: what has not finished yet. With it: everything from that step
    // on, again (every action converges, so a rerun repairs drift instead of duplicating).
    // Other authorizer code than last time: step 3 on again (deploy, test, authorizer).
    let from = usize::from(args.from_step.unwrap_or(1)) - 1;
    let new_code = new_code || crate::boot::code_changed_since_deploy(&state);
    let again_from = args
        .from_step
        .map(|n| usize::from(n) - 1)
        .or(new_code.then_some(2));
    let mut todo: Vec<(usize, ActionId, String)> = steps
        .steps
        .iter()
        .enumerate()
        .skip(from)
        .flat_map(|(i, step)| step.actions.iter().map(move |a| (i, a.id, a.title.clone())))
        .filter(|(i, id, _)| {
            again_from.is_some_and(|a| *i >= a) || !state.actions.contains_key(id.key())
        })
        .collect();
    leave_out_interactive(&mut todo, global.sandbox);
    let settings = Settings::from_global(global);
    let target = settings.target;
    if todo.is_empty() {
        eprintln!(
            "authgate setup: every action has finished already (--from-step N runs them again)"
        );
    } else {
        let question = format!(
            "authgate setup will run {} actions against the {target} target. Go ahead?",
            todo.len()
        );
        match super::confirm::confirm(args.yes, "setup", &question) {
            Ok(true) => {}
            Ok(false) => return Ok(ExitCode::from(crate::EXIT_USAGE)),
            Err(code) => return Ok(code),
        }
    }
    let mut session = match super::open_session(global, state, settings).await {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    let report: Arc<dyn Report> = Arc::new(|line: String| eprintln!("    {line}"));
    for (step, id, title) in todo {
        eprintln!("▶ step {} · {title}", step + 1);
        let started = Instant::now();
        match session.perform(id, Arc::clone(&report)).await {
            Ok(out) => {
                eprintln!(
                    "  ✓ {} ({:.1}s)",
                    out.summary,
                    started.elapsed().as_secs_f64()
                );
            }
            Err(failure) => {
                eprintln!("  ✗ {}", failure.what);
                eprintln!("    cause: {}", failure.cause);
                eprintln!("    fix:   {}", failure.fix);
                if let Some(raw) = &failure.raw {
                    eprintln!("    raw:   {}", raw.replace('\n', "\n           "));
                }
                eprintln!(
                    "authgate setup: stopped at `{}`; the state is kept, so rerunning resumes there",
                    id.key()
                );
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    let status = Status::of(&session.store.snapshot().await);
    outln!(
        "authgate setup: {}/{} actions done ({target})",
        status.done,
        status.total
    )?;
    if let Some(url) = status.invoke_url() {
        let sandbox = if global.sandbox { " --sandbox" } else { "" };
        outln!("invoke URL: {url}")?;
        outln!(
            "try it:     curl -H \"Authorization: Bearer $(authgate{sandbox} token)\" {url}/pets"
        )?;
    }
    if session.sandbox_in_process() {
        outln!(
            "note: the sandbox ran inside this command and has stopped; run `authgate sandbox` \
             in another terminal to keep the invoke URL answering"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The device login waits for a person at a browser: never inside an unattended run.
fn leave_out_interactive(todo: &mut Vec<(usize, ActionId, String)>, sandbox: bool) {
    if !todo.iter().any(|(_, id, _)| id.is_interactive()) {
        return;
    }
    todo.retain(|(_, id, _)| !id.is_interactive());
    eprintln!(
        "○ step 1 · Log in as a user: skipped (it waits for someone to sign in in a browser); \
         run `authgate{} token --user` or the wizard for a user token",
        if sandbox { " --sandbox" } else { "" }
    );
}

fn usage(error: &str, hint: &str) -> ExitCode {
    eprintln!("authgate setup: {error}\n  fix: {hint}");
    ExitCode::from(crate::EXIT_USAGE)
}
