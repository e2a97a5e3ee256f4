//! `authgate check`: grades the tutorial's setup in the target (read-only) and prints one line
//! per check; a failure as every authgate error is printed (what / cause / fix); `--json`
//! prints the README's shape instead, `--junit FILE` writes `JUnit` XML too. Exit 0 when every
//! check passes, 1 when one fails, 2 when it could not check (or some checks could not be
//! made here and none failed).

use std::io::Read as _;
use std::process::ExitCode;

use super::out::{OutError, outln};
use crate::check::{self, CheckResult, Options, Report, Status, Texts, parse_browser_origin};
use crate::cli::{CheckArgs, GlobalArgs};
use crate::steps::StepsFile;
use authgate_core::hint::Hint;
use authgate_providers::auth0::Secret;

const WHO: &str = "authgate check";

pub async fn run(args: CheckArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let usage = |what: &str, fix: &str| {
        eprintln!("{WHO}: {what}\n  fix:   {fix}");
        Ok(ExitCode::from(crate::commands::out::EXIT_USAGE))
    };
    let titles = match StepsFile::load(global.steps.as_deref()) {
        Ok(file) => file.steps.into_iter().map(|s| s.title).collect(),
        Err(e) => return usage(&e.to_string(), &e.fix()),
    };
    let texts = match Texts::load(global.checks.as_deref()) {
        Ok(texts) => texts,
        Err(e) => return usage(&e.to_string(), &e.fix()),
    };
    let token = match args.token.as_deref() {
        Some("-") => {
            let mut text = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut text) {
                return usage(
                    &format!("cannot read the token from stdin: {e}"),
                    "pipe the token in, or pass it after --token",
                );
            }
            Some(Secret::new(
                text.trim().trim_start_matches("Bearer ").to_owned(),
            ))
        }
        Some(text) => Some(Secret::new(
            text.trim().trim_start_matches("Bearer ").to_owned(),
        )),
        None => None,
    };
    let browser_origin = match args.browser_origin.as_deref().map(parse_browser_origin) {
        Some(Err(e)) => {
            return usage(
                &format!("--browser-origin {e}"),
                "pass the page's origin as the browser shows it (http://127.0.0.1:5180), or none",
            );
        }
        Some(Ok(flag)) => Some(flag),
        None => None,
    };
    let options = Options {
        step: args.step,
        api_id: args.api_id.clone(),
        token,
        browser_origin,
        texts,
        titles,
    };
    let mut session = match super::session_from_flags(global, WHO).await {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    let report = match Box::pin(check::run(&mut session, &options)).await {
        Ok(report) => report,
        Err(f) => {
            eprintln!(
                "{WHO}: {}\n  cause: {}\n  fix:   {}",
                f.what, f.cause, f.fix
            );
            return Ok(ExitCode::from(crate::commands::out::EXIT_USAGE));
        }
    };
    if let Some(path) = &args.junit {
        let written = check::junit::xml(&report)
            .map_err(|e| e.to_string())
            .and_then(|xml| std::fs::write(path, xml).map_err(|e| e.to_string()));
        if let Err(e) = written {
            return usage(
                &format!("cannot write {}: {e}", path.display()),
                "pass a writable path to --junit",
            );
        }
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report.to_json())?)?;
    } else {
        print(&report)?;
    }
    let tally = report.tally();
    Ok(if tally.failed > 0 {
        ExitCode::FAILURE
    } else if tally.not_checkable > 0 {
        ExitCode::from(crate::commands::out::EXIT_USAGE)
    } else {
        ExitCode::SUCCESS
    })
}

fn print(report: &Report) -> Result<(), OutError> {
    let target = match report.target {
        check::TargetKind::Sandbox => "sandbox",
        check::TargetKind::Aws => "aws",
    };
    outln!("{WHO} · {target} · {}", report.subject)?;
    for step in &report.steps {
        outln!("\nStep {} · {}", step.step, step.title)?;
        for c in &step.checks {
            print_check(c)?;
        }
    }
    let tally = report.tally();
    outln!(
        "\n{} passed, {} failed, {} not checkable here",
        tally.passed,
        tally.failed,
        tally.not_checkable
    )?;
    Ok(())
}

fn print_check(c: &CheckResult) -> Result<(), OutError> {
    let mark = match c.status {
        Status::Pass => '✓',
        Status::Fail => '✗',
        Status::NotCheckable => '?',
    };
    outln!("  {mark} {}: {}", c.id, c.what)?;
    if c.status != Status::Fail {
        return Ok(());
    }
    if let Some(hint) = &c.hint {
        outln!("      cause: {hint}")?;
    }
    match (&c.fix, c.follows_from) {
        (Some(fix), _) => {
            outln!("      fix:   console: {}", fix.console)?;
            for (i, line) in fix.cli.lines().enumerate() {
                let lead = if i == 0 { "cli: " } else { "     " };
                outln!("             {lead}{line}")?;
            }
        }
        (None, Some(cause)) => outln!(
            "      fix:   fix {cause} first (authgate check --step {})",
            check::ids::step_of(cause)
        )?,
        (None, None) => {}
    }
    Ok(())
}
