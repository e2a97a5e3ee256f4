//! `authgate authorizer`: build the bundled Lambda authorizer's zip, run it locally on an
//! event (the tutorial's `npm test`), write a test event.

mod audit;
mod audit_text;
mod custom;
pub mod show;

// The local runner lives in authorizer_code (the wizard runs it too); these names stay for
// the subcommand.
pub use crate::authorizer_code::local_runner::{self as run, dotenv, node};

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use super::out::{OutError, outln};
use crate::cli::{AuthorizerCommand, GlobalArgs};
use authgate_core::bundle::{Bundle, BundleError, LAMBDA_HANDLER, LAMBDA_RUNTIME};
use authgate_core::hint::Hint;
use run::{RunError, RunOutcome};

#[derive(Debug, thiserror::Error)]
pub enum AuthorizerError {
    #[error(transparent)]
    Run(#[from] RunError),
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Custom(#[from] crate::authorizer_code::custom_authorizer::CustomAuthorizerError),
    #[error(transparent)]
    Audit(#[from] crate::authorizer_code::audit::AuditRunError),
    #[error(transparent)]
    RunCustom(#[from] crate::authorizer_code::custom_authorizer::run_local::RunLocalError),

    #[error("writing {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("reading the token from stdin: {0}")]
    Stdin(std::io::Error),
    #[error(transparent)]
    Stdout(#[from] OutError),
}

impl Hint for AuthorizerError {
    fn fix(&self) -> String {
        match self {
            Self::Run(e) => e.fix(),
            Self::Bundle(e) => e.fix(),
            Self::Custom(e) => e.fix(),
            Self::RunCustom(e) => e.fix(),
            Self::Audit(e) => e.fix(),

            Self::Write { .. } => "check that the directory exists and is writable".to_owned(),
            Self::Stdin(_) => {
                "pipe the token in, e.g. `authgate token | authgate authorizer event --token - …`"
                    .to_owned()
            }
            Self::Stdout(e) => e.fix(),
        }
    }
}

pub async fn run(args: AuthorizerCommand, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let result = match args {
        AuthorizerCommand::Run {
            code,
            event,
            env,
            show_token,
        } => match custom::chosen(&code, global) {
            None => run_local(&event, env.as_deref(), show_token).await,
            Some(source) => custom::run(&source, &event, env.as_deref(), show_token, global).await,
        },
        AuthorizerCommand::Bundle { code, output } => match custom::chosen(&code, global) {
            None => write_bundle(&output),
            Some(source) => custom::write_bundle(&source, &output),
        },
        AuthorizerCommand::Audit(args) => audit::run(args, global).await,
        AuthorizerCommand::Event {
            token,
            method_arn,
            output,
        } => write_event(&token, &method_arn, &output),
    };
    match result {
        Ok(code) => Ok(code),
        // `lib::run` decides: a closed pipe is a quiet exit.
        Err(AuthorizerError::Stdout(e)) => Err(e.into()),
        Err(e) => {
            eprintln!("authgate authorizer: {e}\n  hint: {}", e.fix());
            Ok(ExitCode::from(crate::commands::out::EXIT_USAGE))
        }
    }
}

fn write_bundle(output: &Path) -> Result<ExitCode, AuthorizerError> {
    let bundle = Bundle::build()?;
    std::fs::write(output, &bundle.bytes).map_err(|source| AuthorizerError::Write {
        path: output.to_owned(),
        source,
    })?;
    outln!(
        "wrote      {} ({} bytes)",
        output.display(),
        bundle.bytes.len()
    )?;
    outln!("sha256     {}", bundle.sha256_hex())?;
    outln!(
        "CodeSha256 {}  (as `aws lambda get-function` reports it)",
        bundle.code_sha256()
    )?;
    outln!(
        "handler    {LAMBDA_HANDLER} on {LAMBDA_RUNTIME}; env TOKEN_ISSUER, JWKS_URI, AUDIENCE"
    )?;
    Ok(ExitCode::SUCCESS)
}

fn write_event(token: &str, method_arn: &str, output: &Path) -> Result<ExitCode, AuthorizerError> {
    let mut token = token.to_owned();
    if token == "-" {
        token.clear();
        std::io::stdin()
            .read_to_string(&mut token)
            .map_err(AuthorizerError::Stdin)?;
    }
    let token = token.trim();
    let authorization = if token.starts_with("Bearer ") {
        token.to_owned()
    } else {
        format!("Bearer {token}")
    };
    let event =
        json!({ "type": "TOKEN", "authorizationToken": authorization, "methodArn": method_arn });
    // `{:#}` is serde_json's pretty printer, as `to_string_pretty` (which cannot fail here).
    let text = format!("{event:#}\n");
    let fail = |source| AuthorizerError::Write {
        path: output.to_owned(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(output).map_err(fail)?;
    // An existing file keeps its old mode through open(): narrow it explicitly.
    #[cfg(unix)]
    std::fs::set_permissions(output, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    eprintln!(
        "warning: {} contains a live access token: do not commit it, paste it anywhere or zip it \
         into a bundle (`authgate authorizer bundle` never includes it).",
        output.display()
    );
    outln!("wrote {} (mode 0600)", output.display())?;
    Ok(ExitCode::SUCCESS)
}

async fn run_local(
    event_path: &Path,
    env_path: Option<&Path>,
    show_token: bool,
) -> Result<ExitCode, AuthorizerError> {
    let event = run::read_event(event_path)?;
    let env = env_path.map(run::read_env).transpose()?.unwrap_or_default();
    let node = run::find_node().await?;
    print_token(&event, show_token)?;
    let outcome = run::invoke(&node, &event, &env).await?;
    Ok(print_outcome(&outcome)?)
}

pub(super) fn print_token(event: &Value, show_token: bool) -> Result<(), OutError> {
    let Some(authorization) = event["authorizationToken"].as_str() else {
        return outln!("Token    (the event has no authorizationToken)");
    };
    let token = show::token_of(authorization);
    let shown = if show_token {
        token.to_owned()
    } else {
        show::mask(token)
    };
    outln!("Token    {shown}")?;
    match authgate_core::jwt::decode_unverified(token) {
        Ok((header, claims)) => {
            outln!("Header   {header}")?;
            let pretty = serde_json::to_string_pretty(&claims).unwrap_or_default();
            outln!("Claims   {}", pretty.replace('\n', "\n         "))?;
        }
        Err(_) => outln!("Header   (not a decodable JWT)")?,
    }
    Ok(())
}

fn print_outcome(outcome: &RunOutcome) -> Result<ExitCode, OutError> {
    let decision = outcome.logs.iter().find_map(|line| {
        serde_json::from_str::<Value>(line)
            .ok()
            .filter(|v| v.get("decision").is_some())
    });
    outln!("Node     {}", outcome.node_version)?;
    for line in &outcome.logs {
        outln!("Log      {line}")?;
    }
    if let Some(reason) = decision.as_ref().and_then(|d| d["reason"].as_str()) {
        outln!("Reason   {reason}")?;
    }
    outln!("\nMessage\n------")?;
    match (outcome.outcome.as_str(), &outcome.response) {
        ("allow", Some(response)) => {
            outln!(
                "{}",
                serde_json::to_string_pretty(response).unwrap_or_default()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        ("unauthorized", _) => {
            outln!("Error: Unauthorized")?;
            Ok(ExitCode::from(1))
        }
        _ => {
            let error = outcome.error.as_deref().unwrap_or("no result");
            outln!(
                "Error: {error}\n(API Gateway would answer 500: only \"Unauthorized\" means 401)"
            )?;
            Ok(ExitCode::from(crate::commands::out::EXIT_USAGE))
        }
    }
}
