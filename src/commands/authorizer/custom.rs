//! `authorizer run` and `authorizer bundle` with your own code: `--authorizer PATH`, or the
//! choice the state file remembers (`--authorizer bundled` forces the bundled one).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use super::super::out::outln;
use super::{AuthorizerError, print_token, run as runner};
use crate::authorizer_code::custom_authorizer::run_local::{Verdict, run_locally};
use crate::authorizer_code::custom_authorizer::{AuthorizerSource, prepare};
use crate::cli::{AuthorizerArgs, GlobalArgs};
use authgate_providers::aws::lambda::DEFAULT_FUNCTION_NAME;

/// The variables the bundled authorizer reads, taken from this process's environment when no
/// `--env` file is given (the function's environment is otherwise empty, as on Lambda).
const AUTHORIZER_VARIABLES: [&str; 4] = ["TOKEN_ISSUER", "JWKS_URI", "AUDIENCE", "POLICY_SCOPE"];

/// The custom code to use, if any: the flags first, then the state file's inputs.
pub(super) fn chosen(args: &AuthorizerArgs, global: &GlobalArgs) -> Option<AuthorizerSource> {
    if let Some(path) = &args.authorizer {
        if path.as_os_str() == "bundled" && !path.exists() {
            return None;
        }
        return Some(AuthorizerSource {
            path: path.clone(),
            handler: args.handler.clone(),
            runtime: args.runtime.clone(),
        });
    }
    // A state file that cannot be read leaves the bundled authorizer: this command runs
    // code, it does not need the state otherwise.
    let remembered = match crate::state::State::load(&global.state_dir) {
        Ok(state) => state.inputs.and_then(|i| i.authorizer),
        Err(e) => {
            eprintln!("authgate authorizer: {e} (running the bundled authorizer)");
            None
        }
    };
    if let Some(source) = &remembered {
        eprintln!(
            "authgate authorizer: using {} (remembered in {}; --authorizer bundled runs the bundled one)",
            source.path.display(),
            crate::state::State::path(&global.state_dir).display()
        );
    }
    remembered
}

pub(super) fn write_bundle(
    source: &AuthorizerSource,
    output: &Path,
) -> Result<ExitCode, AuthorizerError> {
    let code = prepare(Some(source))?;
    std::fs::write(output, &code.zip).map_err(|source| AuthorizerError::Write {
        path: output.to_owned(),
        source,
    })?;
    outln!("wrote      {} ({} bytes)", output.display(), code.zip.len())?;
    outln!("sha256     {}", code.sha256_hex())?;
    outln!(
        "CodeSha256 {}  (as `aws lambda get-function` reports it)",
        code.code_sha256()
    )?;
    outln!("handler    {} on {}", code.handler, code.runtime)?;
    for note in &code.notes {
        outln!("note       {note}")?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn run(
    source: &AuthorizerSource,
    event_path: &Path,
    env_path: Option<&Path>,
    show_token: bool,
    global: &GlobalArgs,
) -> Result<ExitCode, AuthorizerError> {
    let event = runner::read_event(event_path)?;
    let env: BTreeMap<String, String> = match env_path {
        Some(path) => runner::read_env(path)?.into_iter().collect(),
        None => AUTHORIZER_VARIABLES
            .iter()
            .filter_map(|k| std::env::var(k).ok().map(|v| ((*k).to_owned(), v)))
            .collect(),
    };
    // Nothing else runs in this command yet: reading the directory here blocks no one.
    let code = prepare(Some(source))?;
    print_token(&event, show_token)?;
    let name = crate::state::State::load(&global.state_dir)
        .ok()
        .and_then(|s| s.inputs)
        .map_or_else(|| DEFAULT_FUNCTION_NAME.to_owned(), |i| i.function_name);
    let run = run_locally(&code, &name, env, &event).await?;
    outln!(
        "Runtime  {} · {} ({})",
        code.runtime,
        code.handler,
        code.origin()
    )?;
    for note in &code.notes {
        outln!("Note     {note}")?;
    }
    for line in run.log.lines() {
        outln!("Log      {line}")?;
    }
    outln!("\nMessage\n------")?;
    match &run.verdict {
        Verdict::Policy(policy) => {
            outln!(
                "{}",
                serde_json::to_string_pretty(policy).unwrap_or_default()
            )?;
            Ok(ExitCode::from(u8::from(run.verdict.outcome() != "allow")))
        }
        Verdict::Unauthorized => {
            outln!("Error: Unauthorized")?;
            Ok(ExitCode::from(1))
        }
        Verdict::Failed {
            error_type,
            error_message,
        } => {
            outln!(
                "Error: {error_type}: {error_message}\n(API Gateway would answer 500: only \"Unauthorized\" means 401)"
            )?;
            Ok(ExitCode::from(crate::commands::out::EXIT_USAGE))
        }
    }
}
