//! `authgate setup`: the wizard's actions in order without the screen. Progress goes to
//! stderr, the summary (invoke URL and a curl command) to stdout; the first failure stops
//! the run with what/cause/fix and exit 1, and the state file lets the next run resume.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use super::out::outln;
use crate::cli::{GlobalArgs, SetupArgs};
use crate::flow::status::Status;
use crate::steps::{ActionId, StepsFile};
use authgate_providers::Report;

pub async fn run(args: SetupArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let steps = match StepsFile::load(global.steps.as_deref()) {
        Ok(steps) => steps,
        Err(e) => {
            crate::commands::out::fail_hint("authgate setup", &e);
            return Ok(ExitCode::from(crate::commands::out::EXIT_USAGE));
        }
    };
    // Refused before anything starts when no one can answer the question below.
    if let Err(code) = super::confirm::answerable(args.yes, "setup") {
        return Ok(code);
    }
    let mut state = match super::load_state(global, "authgate setup") {
        Ok(state) => state,
        Err(code) => return Ok(code),
    };
    let new_code = match choose_inputs(global, &mut state, &args) {
        Ok(changed) => changed,
        Err(code) => return Ok(code),
    };
    let mut settings = crate::boot::settings(global);
    settings.quick_audit = true;
    let target = settings.target;
    let mut session = match super::open_session(global, state, settings).await {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    let state = session.store.snapshot().await;
    // Without --from-step: what has not finished yet. With it: everything from that step
    // on, again (every action converges, so a rerun repairs drift instead of duplicating).
    // Other authorizer code than last time: step 3 on again (deploy, test, authorizer).
    // A sandbox on another address than the records name: everything again.
    let from = usize::from(args.from_step.unwrap_or(1)) - 1;
    let new_code = new_code || crate::boot::code_changed_since_deploy(&state);
    let mut again_from = args
        .from_step
        .map(|n| usize::from(n) - 1)
        .or(new_code.then_some(2));
    let pending = |again_from: Option<usize>| -> Vec<(usize, ActionId, String)> {
        steps
            .steps
            .iter()
            .enumerate()
            .skip(from)
            .flat_map(|(i, step)| step.actions.iter().map(move |a| (i, a.id, a.title.clone())))
            .filter(|(i, id, _)| {
                again_from.is_some_and(|a| *i >= a) || !state.actions.contains_key(id.key())
            })
            .collect()
    };
    if args.from_step.is_none() && !state.actions.is_empty() {
        match live_rerun_from(&mut session).await {
            Ok(Some(step)) => again_from = Some(again_from.map_or(step, |a| a.min(step))),
            Ok(None) => {}
            Err(code) => return Ok(code),
        }
    }
    let mut todo = pending(again_from);
    leave_out_interactive(&mut todo, global.sandbox);
    if todo.is_empty() {
        eprintln!(
            "authgate setup: every action has finished already and what it made answers as left (--from-step N runs them again)"
        );
    } else {
        let question = format!(
            "authgate setup will run {} actions against the {target} target. Go ahead?",
            todo.len()
        );
        match super::confirm::confirm(args.yes, "setup", &question) {
            Ok(true) => {}
            Ok(false) => return Ok(ExitCode::from(crate::commands::out::EXIT_USAGE)),
            Err(code) => return Ok(code),
        }
    }
    let report: Arc<dyn Report> = Arc::new(|line: String| eprintln!("    {line}"));
    let audit = match take_audit(&session, &mut todo).await {
        Ok(audit) => audit,
        Err(code) => return Ok(code),
    };
    let audit_run = async move {
        let (step, title, job) = audit?;
        let started = Instant::now();
        let result = job.run().await;
        Some((step, title, result, started.elapsed().as_secs_f64()))
    };
    let (ran, audited) = futures::join!(run_actions(&mut session, &todo, &report), audit_run);
    let stopped = ran.is_err();
    let mut warnings = ran.unwrap_or_default();
    let audit_failed = match audited {
        None => false,
        Some((step, title, result, took)) => {
            eprintln!("▶ step {} · {title}", step + 1);
            report_audit(&session, result, took, &mut warnings, step, &title).await
        }
    };
    if stopped || audit_failed {
        return Ok(ExitCode::FAILURE);
    }
    print_ending(&session, global, target, &warnings).await
}

/// Step 3's audit deploys and calls nothing: it runs beside the other actions (its slow
/// part waits on timeouts, not on the machine) and is reported and recorded at the end.
/// Taken out of `todo`, ready to run.
async fn take_audit(
    session: &crate::flow::Session,
    todo: &mut Vec<(usize, ActionId, String)>,
) -> Result<Option<(usize, String, crate::flow::AuditJob)>, ExitCode> {
    let Some(at) = todo
        .iter()
        .position(|(_, id, _)| *id == ActionId::AuditAuthorizer)
    else {
        return Ok(None);
    };
    let (step, _, title) = todo.remove(at);
    eprintln!(
        "▶ step {} · {title}: runs beside the other actions, reported at the end",
        step + 1
    );
    let lines: Arc<dyn Report> = Arc::new(|line: String| eprintln!("    [audit] {line}"));
    match session.audit_job(lines).await {
        Ok(job) => Ok(Some((step, title, job))),
        Err(failure) => {
            eprintln!("  ✗ {}", failure.what);
            print_failure(&failure);
            Err(ExitCode::FAILURE)
        }
    }
}

/// The actions in order; the first failure stops the run (its record and the later ones'
/// are forgotten, so the next run resumes there). `Ok`: the warnings.
async fn run_actions(
    session: &mut crate::flow::Session,
    todo: &[(usize, ActionId, String)],
    report: &Arc<dyn Report>,
) -> Result<Vec<String>, ()> {
    let mut warnings = Vec::new();
    for (n, (step, id, title)) in todo.iter().enumerate() {
        eprintln!("▶ step {} · {title}", step + 1);
        let started = Instant::now();
        match session.perform(*id, Arc::clone(report)).await {
            Ok(out) => {
                let took = started.elapsed().as_secs_f64();
                let Some(warning) = out.warning else {
                    eprintln!("  ✓ {} ({took:.1}s)", out.summary);
                    continue;
                };
                print_warned(&out.summary, &out.details, took, &warning);
                warnings.push(format!("step {} · {title}: {}", step + 1, warning.what));
            }
            Err(failure) => {
                eprintln!("  ✗ {}", failure.what);
                print_failure(&failure);
                forget(session, todo[n..].iter().map(|(_, id, _)| *id)).await;
                eprintln!(
                    "authgate setup: stopped at `{}`; the state is kept, so rerunning resumes there",
                    id.key()
                );
                return Err(());
            }
        }
    }
    Ok(warnings)
}

/// The audit's result, with its details (the rows left out here and where they run), and
/// its record. `true` when it failed to run.
async fn report_audit(
    session: &crate::flow::Session,
    result: Result<crate::flow::ActionOutput, crate::flow::ActionFailure>,
    took: f64,
    warnings: &mut Vec<String>,
    step: usize,
    title: &str,
) -> bool {
    let out = match result {
        Ok(out) => out,
        Err(failure) => {
            eprintln!("  ✗ {}", failure.what);
            print_failure(&failure);
            return true;
        }
    };
    match &out.warning {
        None => {
            eprintln!("  ✓ {} ({took:.1}s)", out.summary);
            for line in &out.details {
                eprintln!("    {line}");
            }
        }
        Some(warning) => {
            print_warned(&out.summary, &out.details, took, warning);
            warnings.push(format!("step {} · {title}: {}", step + 1, warning.what));
        }
    }
    if let Err(failure) = session.record(ActionId::AuditAuthorizer, &out).await {
        eprintln!("  ✗ {}", failure.what);
        print_failure(&failure);
        return true;
    }
    false
}

/// The counts, the invoke URL with a curl line, how to keep an in-process sandbox's URLs
/// answering, and the warnings (exit 1 when there are any).
async fn print_ending(
    session: &crate::flow::Session,
    global: &GlobalArgs,
    target: crate::state::Target,
    warnings: &[String],
) -> color_eyre::Result<ExitCode> {
    let status = Status::of(&session.store.snapshot().await);
    outln!(
        "authgate setup: {}/{} actions done ({target})",
        status.done,
        status.total
    )?;
    if let Some(url) = status.invoke_url() {
        let sandbox = if global.sandbox { " --sandbox" } else { "" };
        // Followed literally from the same directory, the token comes from the same state.
        let state_dir = if global.state_dir == std::path::Path::new(".authgate") {
            String::new()
        } else {
            format!(" --state-dir {}", global.state_dir.display())
        };
        outln!("invoke URL: {url}")?;
        outln!(
            "try it:     curl -H \"Authorization: Bearer $(authgate{sandbox}{state_dir} token)\" {url}/pets"
        )?;
    }
    if session.sandbox_in_process() {
        let dir = global.state_dir.join("sandbox");
        let flag = if dir == std::path::Path::new(".authgate/sandbox") {
            String::new()
        } else {
            format!(" --dir {}", dir.display())
        };
        outln!(
            "note: the sandbox ran inside this command and has stopped; run `authgate sandbox{flag}` \
             here in another terminal to keep the invoke URL answering (it comes back on {})",
            session.sandbox_url().unwrap_or_default()
        )?;
    }
    if !warnings.is_empty() {
        eprintln!(
            "authgate setup: finished with {} warning(s); a ⚠ action is not counted as done, so rerunning runs it again:",
            warnings.len()
        );
        for w in warnings {
            eprintln!("  ⚠ {w}");
        }
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The failed action and the ones after it are what the next run does: their records go.
async fn forget(session: &crate::flow::Session, rest: impl Iterator<Item = ActionId>) {
    let rest: Vec<ActionId> = rest.collect();
    let forgot = session
        .store
        .update(|s| {
            for id in rest {
                s.actions.remove(id.key());
            }
        })
        .await;
    if let Err(e) = forgot {
        crate::commands::out::fail_hint("authgate setup", &e);
    }
}

/// An action that ran but proves nothing: its summary and details, then what, cause, fix.
fn print_warned(
    summary: &str,
    details: &[String],
    took: f64,
    warning: &crate::flow::ActionFailure,
) {
    eprintln!("  ⚠ {summary} ({took:.1}s)");
    for line in details {
        eprintln!("    {line}");
    }
    eprintln!("    ⚠ {}", warning.what);
    print_failure(warning);
}

/// Cause, fix and raw detail, under a line that said what.
fn print_failure(f: &crate::flow::ActionFailure) {
    eprintln!("    cause: {}", f.cause);
    eprintln!("    fix:   {}", f.fix);
    if let Some(raw) = &f.raw {
        eprintln!("    raw:   {}", raw.replace('\n', "\n           "));
    }
}

/// Reads back what the records say was made, so a ✓ is only printed for what is live: the
/// first step to run again, if any.
async fn live_rerun_from(session: &mut crate::flow::Session) -> Result<Option<usize>, ExitCode> {
    match session.live_check().await {
        Ok(found) => {
            for s in &found {
                eprintln!(
                    "authgate setup: {}; step {} runs again",
                    s.reason,
                    s.step + 1
                );
            }
            Ok(crate::flow::live_check::first(&found).map(|s| s.step))
        }
        Err(f) => {
            crate::commands::out::fail("authgate setup", &f);
            Err(ExitCode::FAILURE)
        }
    }
}

/// `--authorizer …` and `--browser-origin`, remembered; whether the authorizer code changed.
fn choose_inputs(
    global: &GlobalArgs,
    state: &mut crate::state::State,
    args: &SetupArgs,
) -> Result<bool, ExitCode> {
    let who = "authgate setup";
    let new_code = crate::boot::choose_authorizer(global, state, &args.code, who)?;
    crate::boot::choose_browser_origin(global, state, args.browser_origin.as_deref(), who)?;
    Ok(new_code)
}

/// The device login waits for a person at a browser, and the sign-in page serves until it is
/// stopped: never inside an unattended run.
fn leave_out_interactive(todo: &mut Vec<(usize, ActionId, String)>, sandbox: bool) {
    let flag = if sandbox { " --sandbox" } else { "" };
    for (_, id, _) in todo.iter().filter(|(_, id, _)| id.is_interactive()) {
        match id {
            ActionId::OpenWebPage => eprintln!(
                "○ step 5 · Open the sign-in page: skipped (it serves a page until you stop \
                 it); run `authgate{flag} web` to sign in and call the API from a browser"
            ),
            _ => eprintln!(
                "○ step 1 · Log in as a user: skipped (it waits for someone to sign in in a \
                 browser); run `authgate{flag} token --user` or the wizard for a user token"
            ),
        }
    }
    todo.retain(|(_, id, _)| !id.is_interactive());
}
