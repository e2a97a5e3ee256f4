//! `authgate inspect`: decode and explain a token. `--json` for pipes; otherwise the same
//! report as `verify` plus the decoded claims (the screen widget is `ui::inspector`).
//! Without --issuer/--audience/--jwks-*, the checks that need them are shown as skipped.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::{GlobalArgs, InspectArgs};
use authgate_core::jwt::Verifier;
use authgate_core::jwt::inspect::inspect_with;
use authgate_core::policy::RoutePermissions;

use super::out::outln;
use super::verify::{UsageError, config_from_args, decide, read_input, report};

pub async fn run(mut args: InspectArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    super::verify::state_defaults(&mut args.verifier, global);
    if !args.json && std::io::stdout().is_terminal() {
        return open_screen(args, global).await;
    }
    let flags = &args.verifier;
    let offline = flags.issuer.is_none()
        && flags.audience.is_none()
        && flags.jwks_uri.is_none()
        && flags.jwks_file.is_none();
    let verifier = if offline {
        None
    } else {
        match config_from_args(flags).and_then(|c| Ok(Verifier::new(c)?)) {
            Ok(verifier) => Some(verifier),
            Err(error) => return Ok(error.exit("inspect")),
        }
    };
    let input = match read_input(args.token.as_deref()) {
        Ok(input) => input,
        Err(error) => return Ok(error.exit("inspect")),
    };
    let method_arn = flags.method_arn.as_deref();
    let now = jiff::Timestamp::now().as_second();
    // Offline too: the map needs no verifier (with one, config_from_args parsed it already).
    let required = match (&verifier, flags.required_permissions.as_deref()) {
        (None, Some(map)) if !map.is_empty() => match RoutePermissions::parse(map) {
            Ok(map) => Some(map),
            Err(error) => return Ok(UsageError::Config(error.into()).exit("inspect")),
        },
        (Some(verifier), _) => verifier.config().required_permissions.clone(),
        _ => None,
    };
    let inspection = inspect_with(
        &input,
        verifier.as_ref(),
        method_arn,
        required.as_ref(),
        now,
    )
    .await;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&inspection)?)?;
    } else {
        let decision = match &verifier {
            Some(verifier) => {
                let trimmed = input.trim();
                let header = if trimmed.starts_with("Bearer ") {
                    trimmed.to_owned()
                } else {
                    format!("Bearer {trimmed}")
                };
                Some(decide(verifier, &header, method_arn, now).await)
            }
            None => None,
        };
        let text = report::render(decision.as_ref(), &inspection, true);
        super::out::write_fmt(format_args!("{text}"))?;
    }
    let failed = inspection.failed().next().is_some();
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The interactive inspector, prefilled from the flags (a `-` token is read from stdin
/// first; keys then come from the terminal itself).
async fn open_screen(args: InspectArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let token = match args.token.as_deref() {
        None => String::new(),
        Some(_) => match read_input(args.token.as_deref()) {
            Ok(input) => input.trim().to_owned(),
            Err(error) => return Ok(error.exit("inspect")),
        },
    };
    let flags = args.verifier;
    let settings = flags.issuer.map(|issuer| crate::state::VerifierSettings {
        jwks_uri: flags.jwks_uri.unwrap_or_default(),
        audience: flags.audience.unwrap_or_default(),
        issuer,
        required_permissions: None,
    });
    let start = crate::event::InspectorStart {
        token,
        settings,
        method_arn: flags.method_arn,
        required_permissions: flags.required_permissions,
    };
    crate::event::run_inspector(global, start).await
}
