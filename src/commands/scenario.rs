//! `authgate scenario list [--json] | start NAME | hint | reset`: break-and-fix exercises on a
//! working setup (the sandbox; on a real account the scenarios marked safe to reverse, after
//! asking). Failures print as every authgate error does (what / cause / fix).

use std::process::ExitCode;

use serde_json::json;

use super::out::outln;
use crate::check::{Options, Texts};
use crate::cli::{GlobalArgs, ScenarioCommand};
use crate::flow::ActionFailure;
use crate::scenario::{self, Record, ScenariosFile};
use crate::steps::StepsFile;
use authgate_core::hint::Hint as _;

const WHO: &str = "authgate scenario";

fn failed(f: &ActionFailure) -> ExitCode {
    eprintln!(
        "{WHO}: {}\n  cause: {}\n  fix:   {}",
        f.what, f.cause, f.fix
    );
    ExitCode::from(crate::commands::out::EXIT_USAGE)
}

fn usage(what: &str, fix: &str) -> ExitCode {
    eprintln!("{WHO}: {what}\n  fix:   {fix}");
    ExitCode::from(crate::commands::out::EXIT_USAGE)
}

pub async fn run(command: ScenarioCommand, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let file = match ScenariosFile::load(global.scenarios.as_deref()) {
        Ok(file) => file,
        Err(e) => return Ok(usage(&e.to_string(), &e.fix())),
    };
    match command {
        ScenarioCommand::List { json } => list(&file, json),
        ScenarioCommand::Start { name, yes } => Box::pin(start(&file, &name, yes, global)).await,
        ScenarioCommand::Hint => hint(&file, global),
        ScenarioCommand::Reset { yes } => Box::pin(reset(yes, global)).await,
    }
}

fn list(file: &ScenariosFile, as_json: bool) -> color_eyre::Result<ExitCode> {
    if as_json {
        let items: Vec<_> = file
            .scenarios
            .iter()
            .map(|s| json!({ "name": s.name, "title": s.title, "symptom": s.symptom, "steps": s.steps }))
            .collect();
        outln!("{}", serde_json::to_string_pretty(&items)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    for s in &file.scenarios {
        let steps: Vec<String> = s.steps.iter().map(u8::to_string).collect();
        let place = if s.real_account {
            "sandbox or real account"
        } else {
            "sandbox only"
        };
        outln!(
            "{:<26} {} (steps {}; {place})",
            s.name,
            s.title,
            steps.join(", ")
        )?;
        outln!("{:<26} symptom: {}", "", s.symptom)?;
    }
    outln!("\nstart one: authgate --sandbox scenario start NAME")?;
    Ok(ExitCode::SUCCESS)
}

async fn start(
    file: &ScenariosFile,
    name: &str,
    yes: bool,
    global: &GlobalArgs,
) -> color_eyre::Result<ExitCode> {
    let Some(found) = file.find(name) else {
        let names: Vec<&str> = file.scenarios.iter().map(|s| s.name.as_str()).collect();
        return Ok(usage(
            &format!("there is no scenario {name}"),
            &format!("pick one of: {}", names.join(", ")),
        ));
    };
    if !global.sandbox {
        if !found.real_account {
            return Ok(usage(
                &format!("scenario {name} works only in the sandbox"),
                "run it with --sandbox",
            ));
        }
        let question = format!("Break \"{}\" in your real account and tenant?", found.title);
        match super::confirm::confirm(yes, "scenario start", &question) {
            Ok(true) => {}
            Ok(false) => return Ok(usage("not confirmed", "answer y, or pass --yes")),
            Err(code) => return Ok(code),
        }
    }
    let options = match check_options(global) {
        Ok(options) => options,
        Err(code) => return Ok(code),
    };
    let mut session = match super::session_from_flags(global, WHO).await {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    match Box::pin(scenario::start(&mut session, found, &options)).await {
        Ok(started) => {
            if let Some(done) = started.finished {
                outln!("scenario {done}: fixed — well done")?;
            }
            outln!("scenario {}: {}", found.name, found.title)?;
            outln!("symptom:  {}", found.symptom)?;
            outln!(
                "find it with `authgate inspect` and `authgate check`; \
                 `authgate scenario hint` nudges, `authgate scenario reset` undoes it"
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(f) => Ok(failed(&f)),
    }
}

fn hint(file: &ScenariosFile, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let (name, before) = match scenario::hint(&global.state_dir) {
        Ok(Some(found)) => found,
        Ok(None) => {
            return Ok(usage(
                "no scenario is in progress",
                "start one: authgate --sandbox scenario start NAME (scenario list shows them)",
            ));
        }
        Err(f) => return Ok(failed(&f)),
    };
    let Some(s) = file.find(&name) else {
        return Ok(usage(
            &format!("scenario {name} is not in this scenarios file"),
            "use the --scenarios file it was started from",
        ));
    };
    outln!("scenario {}: {}", s.name, s.title)?;
    outln!("symptom: {}", s.symptom)?;
    outln!("hint:    {}", s.hint)?;
    if before == 0 {
        outln!(
            "(ask again for the fix; `authgate check --step {}` grades it)",
            s.steps.last().copied().unwrap_or(1)
        )?;
    } else {
        outln!("fix:     {}", s.fix)?;
        outln!(
            "check:   authgate check (the check {} passes once it is fixed)",
            s.check
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn reset(yes: bool, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let name = match Record::load(&global.state_dir) {
        Ok(Some(record)) => record.name,
        Ok(None) => {
            outln!("no scenario is in progress: nothing to reset")?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => return Ok(usage(&e.to_string(), &e.fix())),
    };
    match super::confirm::confirm(yes, "scenario reset", &format!("Undo scenario {name}?")) {
        Ok(true) => {}
        Ok(false) => return Ok(usage("not confirmed", "answer y, or pass --yes")),
        Err(code) => return Ok(code),
    }
    let mut session = match super::session_from_flags(global, WHO).await {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    match Box::pin(scenario::reset(&mut session)).await {
        Ok(_) => {
            outln!("scenario {name}: undone; `authgate check` should pass again")?;
            Ok(ExitCode::SUCCESS)
        }
        Err(f) => Ok(failed(&f)),
    }
}

/// What `start` grades the setup with before it breaks anything.
fn check_options(global: &GlobalArgs) -> Result<Options, ExitCode> {
    let titles = StepsFile::load(global.steps.as_deref())
        .map_err(|e| usage(&e.to_string(), &e.fix()))?
        .steps
        .into_iter()
        .map(|s| s.title)
        .collect();
    let texts =
        Texts::load(global.checks.as_deref()).map_err(|e| usage(&e.to_string(), &e.fix()))?;
    Ok(Options {
        step: None,
        api_id: None,
        token: None,
        browser_origin: None,
        texts,
        titles,
    })
}
