//! Step 3b: the authorizer's Lambda function, created from the in-memory bundle, kept in
//! line with it (code by `CodeSha256`, configuration field by field).

pub mod deployed_code;
pub mod function_error;
pub mod invoke;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use aws_sdk_lambda::client::Waiters;
use aws_sdk_lambda::operation::get_function_configuration::GetFunctionConfigurationOutput;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Environment, FunctionCode, Runtime};
use serde::{Deserialize, Serialize};

use super::error::{AwsError, SHOWN_CHARS, chain, sdk};
use super::retry::Backoff;
use super::{Aws, Report, verb};
use authgate_core::hint::capped;

pub const DEFAULT_FUNCTION_NAME: &str = "jwtRsaCustomAuthorizer";
pub const DEFAULT_RUNTIME: &str = "nodejs24.x";
pub(crate) const TIMEOUT_SECS: i32 = 30;
/// How long the SDK waiters may wait for Active / Successful.
const SETTLE: Duration = Duration::from_mins(3);

/// What the function should look like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSpec<'a> {
    pub name: &'a str,
    pub runtime: &'a str,
    /// `index.handler` for the bundled authorizer; a custom one's `FILE.FUNCTION`.
    pub handler: &'a str,
    pub role_arn: &'a str,
    /// The zip and base64(SHA-256(zip)), as Lambda reports it in `CodeSha256`.
    pub zip: &'a [u8],
    pub zip_sha256_b64: &'a str,
    pub env: BTreeMap<String, String>,
}

/// `TOKEN_ISSUER`, `JWKS_URI`, `AUDIENCE` and, when given, `POLICY_SCOPE`.
pub fn authorizer_env(
    issuer: &str,
    jwks_uri: &str,
    audience: &str,
    policy_scope: Option<&str>,
) -> BTreeMap<String, String> {
    let mut env = BTreeMap::from([
        ("TOKEN_ISSUER".to_owned(), issuer.to_owned()),
        ("JWKS_URI".to_owned(), jwks_uri.to_owned()),
        ("AUDIENCE".to_owned(), audience.to_owned()),
    ]);
    if let Some(scope) = policy_scope {
        env.insert("POLICY_SCOPE".to_owned(), scope.to_owned());
    }
    env
}

/// One variable of the function's environment as Lambda has it now (`None`: not set).
pub async fn environment_variable(
    aws: &Aws,
    function: &str,
    name: &str,
) -> Result<Option<String>, AwsError> {
    let config = aws
        .lambda
        .get_function_configuration()
        .function_name(function)
        .send()
        .await
        .map_err(|e| sdk("lambda:GetFunctionConfiguration", e))?;
    Ok(config
        .environment()
        .and_then(|e| e.variables())
        .and_then(|v| v.get(name))
        .cloned())
}

/// Replaces the function's whole environment with `env` (Lambda has no per-variable update);
/// the caller waits for the update to settle ([`wait_settled`]) before the next one.
pub async fn set_environment(
    aws: &Aws,
    function: &str,
    env: &BTreeMap<String, String>,
) -> Result<(), AwsError> {
    aws.lambda
        .update_function_configuration()
        .function_name(function)
        .environment(environment(env))
        .send()
        .await
        .map_err(|e| sdk("lambda:UpdateFunctionConfiguration", e))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionRecord {
    pub name: String,
    pub arn: String,
    pub code_sha256: String,
    pub created: bool,
    pub code_updated: bool,
    pub config_updated: bool,
}

/// Creates the function, or brings an existing one in line with `spec`; waits until it
/// is Active and its last update Successful. `backoff` paces retries while a new role
/// propagates through IAM.
pub async fn ensure_function(
    aws: &Aws,
    spec: &FunctionSpec<'_>,
    backoff: Backoff,
    report: &dyn Report,
) -> Result<FunctionRecord, AwsError> {
    let name = spec.name;
    let existing = match aws
        .lambda
        .get_function_configuration()
        .function_name(name)
        .send()
        .await
    {
        Ok(out) => Some(out),
        Err(e) => {
            let e = sdk("lambda:GetFunctionConfiguration", e);
            if !e.is_not_found() {
                return Err(e);
            }
            None
        }
    };
    let Some(current) = existing else {
        let arn = create(aws, spec, backoff, report).await?;
        settle(aws, name, true, report, &mut false).await?;
        report.line(format!("function {name} {} ({arn})", verb(true)));
        return Ok(record(spec, arn, true, false, false));
    };
    let arn = current.function_arn.clone().unwrap_or_default();
    report.line(format!("function {name} {} ({arn})", verb(false)));
    let mut said = false;
    settle(aws, name, false, report, &mut said).await?;
    let code_updated = current.code_sha256() != Some(spec.zip_sha256_b64);
    if code_updated {
        aws.lambda
            .update_function_code()
            .function_name(name)
            .zip_file(Blob::new(spec.zip))
            .send()
            .await
            .map_err(|e| sdk("lambda:UpdateFunctionCode", e))?;
        settle(aws, name, false, report, &mut said).await?;
        report.line(format!(
            "function {name}: code updated to {}",
            spec.zip_sha256_b64
        ));
    }
    let drift = config_drift(&current, spec);
    let config_updated = !drift.is_empty();
    if config_updated {
        aws.lambda
            .update_function_configuration()
            .function_name(name)
            .runtime(Runtime::from(spec.runtime))
            .role(spec.role_arn)
            .handler(spec.handler)
            .timeout(TIMEOUT_SECS)
            .environment(environment(&spec.env))
            .send()
            .await
            .map_err(|e| sdk("lambda:UpdateFunctionConfiguration", e))?;
        settle(aws, name, false, report, &mut said).await?;
        report.line(format!("function {name}: updated {}", drift.join(", ")));
    }
    Ok(record(spec, arn, false, code_updated, config_updated))
}

fn record(
    spec: &FunctionSpec<'_>,
    arn: String,
    created: bool,
    code_updated: bool,
    config_updated: bool,
) -> FunctionRecord {
    FunctionRecord {
        name: spec.name.to_owned(),
        arn,
        code_sha256: spec.zip_sha256_b64.to_owned(),
        created,
        code_updated,
        config_updated,
    }
}

async fn create(
    aws: &Aws,
    spec: &FunctionSpec<'_>,
    backoff: Backoff,
    report: &dyn Report,
) -> Result<String, AwsError> {
    let mut delays = backoff.delays();
    loop {
        let result = aws
            .lambda
            .create_function()
            .function_name(spec.name)
            .runtime(Runtime::from(spec.runtime))
            .role(spec.role_arn)
            .handler(spec.handler)
            .timeout(TIMEOUT_SECS)
            .description("authgate: Auth0 RS256 access-token authorizer for API Gateway")
            .code(
                FunctionCode::builder()
                    .zip_file(Blob::new(spec.zip))
                    .build(),
            )
            .environment(environment(&spec.env))
            .send()
            .await;
        let err = match result {
            Ok(out) => return Ok(out.function_arn.unwrap_or_default()),
            Err(e) => sdk("lambda:CreateFunction", e),
        };
        let propagating = err.code() == Some("InvalidParameterValueException")
            && err.message().contains("cannot be assumed");
        match delays.next() {
            Some(wait) if propagating => {
                let why = "role not assumable by Lambda yet (IAM propagation)";
                crate::count_down(report, why, wait).await;
            }
            _ => return Err(err),
        }
    }
}

fn environment(env: &BTreeMap<String, String>) -> Environment {
    Environment::builder()
        .set_variables(Some(env.clone().into_iter().collect()))
        .build()
}

/// The names of the settings that differ from `spec` (code excluded).
fn config_drift(
    current: &GetFunctionConfigurationOutput,
    spec: &FunctionSpec<'_>,
) -> Vec<&'static str> {
    let empty = HashMap::new();
    let env = current
        .environment()
        .and_then(|e| e.variables())
        .unwrap_or(&empty);
    let env_matches =
        env.len() == spec.env.len() && spec.env.iter().all(|(k, v)| env.get(k) == Some(v));
    [
        (
            "runtime",
            current.runtime().map(Runtime::as_str) == Some(spec.runtime),
        ),
        ("role", current.role() == Some(spec.role_arn)),
        ("handler", current.handler() == Some(spec.handler)),
        ("timeout", current.timeout() == Some(TIMEOUT_SECS)),
        ("environment", env_matches),
    ]
    .into_iter()
    .filter_map(|(name, same)| (!same).then_some(name))
    .collect()
}

/// Waits (SDK waiters) for `State` Active, then, unless just created (a new function has no
/// `LastUpdateStatus` yet), for `LastUpdateStatus` Successful: an update made while the
/// previous one is in progress is refused with a conflict. Says so on the first wait of a
/// run only (`said`), not again before every update.
/// Waits until the function is Active and its last update finished, as `ensure_function`
/// does after each of its own changes (up to three minutes each; a failed update is an error).
pub async fn wait_settled(aws: &Aws, name: &str) -> Result<(), AwsError> {
    settle(aws, name, false, &crate::Silent, &mut true).await
}

async fn settle(
    aws: &Aws,
    name: &str,
    created: bool,
    report: &dyn Report,
    said: &mut bool,
) -> Result<(), AwsError> {
    if !std::mem::replace(said, true) {
        report.line(format!(
            "waiting for function {name} to be Active{} (Lambda is preparing it; up to {} min)",
            if created {
                ""
            } else {
                " and its update Successful"
            },
            SETTLE.as_secs() / 60
        ));
    }
    let not_ready = |detail: String| AwsError::NotReady {
        what: format!("function {name}"),
        detail,
    };
    aws.lambda
        .wait_until_function_active_v2()
        .function_name(name)
        .wait(SETTLE)
        .await
        .map_err(|e| not_ready(capped(&chain(&e), SHOWN_CHARS)))?;
    if !created {
        aws.lambda
            .wait_until_function_updated_v2()
            .function_name(name)
            .wait(SETTLE)
            .await
            .map_err(|e| not_ready(capped(&chain(&e), SHOWN_CHARS)))?;
    }
    Ok(())
}
