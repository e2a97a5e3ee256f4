//! `authgate verify`: run the authorizer's checks on an Authorization value, exactly as the
//! bundled Lambda would, and say why it is refused and how to fix it.
//!
//! Exit codes: 0 allow, 1 unauthorized or deny, 2 usage or configuration error.

mod batch;
pub mod report;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use serde_json::{Value, json};

use super::out::{self, outln};
use crate::cli::{GlobalArgs, PolicyScopeArg, VerifierArgs, VerifyArgs};
use authgate_core::hint::Hint;
use authgate_core::jwt::inspect::{PLACEHOLDER_METHOD_ARN, PermissionCheck, inspect, observations};
use authgate_core::jwt::{Decision, JwksSource, TokenEvent, Verifier, VerifierConfig};
use authgate_core::policy::{self, Evaluation, PolicyScope, RoutePermissions};

/// A usage or configuration problem: printed with its fix, exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("{flag} is required")]
    MissingFlag {
        flag: &'static str,
        hint: &'static str,
    },
    #[error(transparent)]
    Config(#[from] authgate_core::jwt::ConfigError),
    #[error("no Authorization value: none given and stdin is a terminal")]
    NoInput,
    #[error("cannot read stdin: {0}")]
    Stdin(#[from] std::io::Error),
}

impl Hint for UsageError {
    fn fix(&self) -> String {
        match self {
            Self::MissingFlag { hint, .. } => (*hint).to_owned(),
            Self::Config(error) => error.fix(),
            Self::NoInput => {
                "pass it as an argument (quote it: 'Bearer eyJ…') or pipe it on stdin".to_owned()
            }
            Self::Stdin(_) => "pipe the value as UTF-8 text".to_owned(),
        }
    }
}

impl UsageError {
    pub fn exit(&self, command: &str) -> ExitCode {
        crate::commands::out::fail_hint(&format!("authgate {command}"), self);
        ExitCode::from(crate::commands::out::EXIT_USAGE)
    }
}

/// Builds the verifier configuration from the flags; issuer, audience and JWKS are required.
pub fn config_from_args(args: &VerifierArgs) -> Result<VerifierConfig, UsageError> {
    let issuer = args.issuer.clone().ok_or(UsageError::MissingFlag {
        flag: "--issuer",
        hint: "pass --issuer https://TENANT/ (Auth0: with the trailing slash; the authorizer's TOKEN_ISSUER)",
    })?;
    let audience = args.audience.clone().ok_or(UsageError::MissingFlag {
        flag: "--audience",
        hint: "pass --audience with the Auth0 API identifier (the authorizer's AUDIENCE)",
    })?;
    let jwks = match (&args.jwks_uri, &args.jwks_file) {
        (Some(uri), _) => JwksSource::url(uri)?,
        (None, Some(file)) => JwksSource::File(file.clone()),
        (None, None) => {
            return Err(UsageError::MissingFlag {
                flag: "--jwks-uri or --jwks-file",
                hint: "pass --jwks-uri https://TENANT/.well-known/jwks.json (the authorizer's JWKS_URI)",
            });
        }
    };
    let mut config = VerifierConfig::new(issuer, audience, jwks);
    if let Some(leeway) = args.leeway {
        config.leeway_secs = leeway;
    }
    config.policy_scope = match args.policy_scope.unwrap_or_default() {
        PolicyScopeArg::Method => PolicyScope::Method,
        PolicyScopeArg::Stage => PolicyScope::Stage,
        PolicyScopeArg::Api => PolicyScope::Api,
    };
    if let Some(map) = args
        .required_permissions
        .as_deref()
        .filter(|m| !m.is_empty())
    {
        let map = RoutePermissions::parse(map).map_err(authgate_core::jwt::ConfigError::from)?;
        config.required_permissions = Some(map);
    }
    Ok(config)
}

/// Fills `--issuer`, `--audience` and `--jwks-uri` the user left out from what step 1 recorded
/// in the state file, and `--required-permissions` from what step 3 set on the function; an
/// unreadable state just leaves them out.
pub fn state_defaults(flags: &mut VerifierArgs, global: &GlobalArgs) {
    let Some(saved) = crate::state::State::load(&global.state_dir)
        .ok()
        .and_then(|s| s.verifier)
    else {
        return;
    };
    // The map belongs to the recorded API: not for a token checked against another one.
    let same_api = flags.audience.as_ref().is_none_or(|a| *a == saved.audience);
    if flags.required_permissions.is_none() && same_api {
        flags.required_permissions = saved.required_permissions;
    }
    flags.issuer.get_or_insert(saved.issuer);
    flags.audience.get_or_insert(saved.audience);
    if flags.jwks_file.is_none() {
        flags.jwks_uri.get_or_insert(saved.jwks_uri);
    }
}

pub async fn run(mut args: VerifyArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    state_defaults(&mut args.verifier, global);
    let verifier = match config_from_args(&args.verifier).and_then(|c| Ok(Verifier::new(c)?)) {
        Ok(verifier) => verifier,
        Err(error) => return Ok(error.exit("verify")),
    };
    let method_arn = args.verifier.method_arn.as_deref();
    if args.batch {
        return batch::run(verifier, method_arn).await;
    }
    let authorization = match read_input(args.authorization.as_deref()) {
        Ok(value) => value,
        Err(error) => return Ok(error.exit("verify")),
    };
    let now = jiff::Timestamp::now().as_second();
    let decision = decide(&verifier, &authorization, method_arn, now).await;
    if args.json {
        outln!("{}", to_json(&verifier, &decision, method_arn))?;
    } else {
        let inspection = inspect(&authorization, Some(&verifier), method_arn, now).await;
        let text = report::render(Some(&decision), &inspection, false);
        out::write_fmt(format_args!("{text}"))?;
    }
    Ok(exit_code(decision.is_allow()))
}

/// The authorizer's decision, then API Gateway's policy evaluation on the methodArn; a denial
/// under `REQUIRED_PERMISSIONS` names the missing permission.
pub async fn decide(
    verifier: &Verifier,
    authorization: &str,
    method_arn: Option<&str>,
    now: i64,
) -> Decision {
    let arn = method_arn.unwrap_or(PLACEHOLDER_METHOD_ARN);
    let decision = verifier
        .authorize(&TokenEvent::new(authorization, arn), now)
        .await;
    let explicit = match decision
        .policy_document()
        .map(|document| policy::evaluate(document, arn))
    {
        Some(Evaluation::ExplicitDeny) => true,
        Some(Evaluation::ImplicitDeny) => false,
        _ => return decision,
    };
    match permission_check(verifier, &decision, arn) {
        Some(check) => decision.into_permission_denied(&check, explicit),
        None => decision.into_denied(arn, explicit),
    }
}

/// The methodArn's required permission and whether the decided token has it (with
/// `REQUIRED_PERMISSIONS` and decodable claims only).
fn permission_check(
    verifier: &Verifier,
    decision: &Decision,
    arn: &str,
) -> Option<PermissionCheck> {
    let required = verifier.config().required_permissions.as_ref()?;
    let claims = decision.claims.as_ref()?.as_object()?;
    Some(PermissionCheck::new(required, arn, claims))
}

/// The `--json` object: the stable fields plus which methodArn was used, the required
/// permission (with `--required-permissions`) and the Auth0 observations.
pub fn to_json(verifier: &Verifier, decision: &Decision, method_arn: Option<&str>) -> Value {
    let arn = method_arn.unwrap_or(PLACEHOLDER_METHOD_ARN);
    let mut value = decision.to_json();
    value["method_arn"] = json!(arn);
    value["method_arn_placeholder"] = json!(method_arn.is_none());
    if verifier.config().required_permissions.is_some() {
        value["permission"] = json!(permission_check(verifier, decision, arn));
    }
    let audience = Some(verifier.config().audience.as_str());
    let claims = decision.claims.clone().unwrap_or_default();
    value["observations"] = json!(observations(&claims, audience));
    value
}

/// The argument, or stdin for `-` / absent (trailing newline removed).
pub fn read_input(arg: Option<&str>) -> Result<String, UsageError> {
    match arg {
        Some(value) if value != "-" => Ok(value.to_owned()),
        _ => {
            let mut stdin = std::io::stdin();
            if arg.is_none() && stdin.is_terminal() {
                return Err(UsageError::NoInput);
            }
            let mut value = String::new();
            stdin.read_to_string(&mut value)?;
            Ok(value.trim_end_matches(['\n', '\r']).to_owned())
        }
    }
}

fn exit_code(allowed: bool) -> ExitCode {
    if allowed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests;
