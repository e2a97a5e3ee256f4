//! "Run locally" for your own authorizer code: the zip runs once in the sandbox crate's
//! Lambda runtime, in a private temp directory, with the function's runtime, handler and
//! environment (no sandbox server needed). The bundled authorizer keeps its node runner.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use authgate_core::hint::Hint;
use authgate_sandbox::gateway::FunctionError;
use authgate_sandbox::{Launch, Runtime};

use super::AuthorizerCode;

/// The Lambda timeout authgate deploys with.
const TIMEOUT_SECS: u32 = 30;
const MEMORY_MB: u32 = 128;

#[derive(Debug, thiserror::Error)]
pub enum RunLocalError {
    #[error("preparing a temp dir for the function in {dir}: {source}")]
    Workdir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Runtime(FunctionError),
}

impl Hint for RunLocalError {
    fn fix(&self) -> String {
        match self {
            Self::Workdir { .. } => "check that the temp dir ($TMPDIR) is writable".to_owned(),
            Self::Runtime(e) => e.fix(),
        }
    }
}

/// What the function did with the event.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// It returned a policy (an Allow, or an explicit Deny: API Gateway's 403).
    Policy(Value),
    /// It failed with exactly `Unauthorized`: API Gateway's 401.
    Unauthorized,
    /// Any other failure (API Gateway's 500): a thrown error, an init error, a timeout.
    Failed {
        error_type: String,
        error_message: String,
    },
}

impl Verdict {
    /// `allow`, `deny`, `unauthorized` or `error`, as the bundled runner names outcomes.
    pub fn outcome(&self) -> &'static str {
        match self {
            Self::Policy(p) if allows(p) => "allow",
            Self::Policy(_) => "deny",
            Self::Unauthorized => "unauthorized",
            Self::Failed { .. } => "error",
        }
    }
}

fn allows(policy: &Value) -> bool {
    policy["policyDocument"]["Statement"]
        .as_array()
        .is_some_and(|s| s.iter().any(|st| st["Effect"] == "Allow"))
}

#[derive(Debug, Clone, PartialEq)]
pub struct LocalRun {
    pub verdict: Verdict,
    /// The function's log (START/END/REPORT and its console output).
    pub log: String,
}

/// Runs `code` once on `event` with `env` as the function's variables.
pub async fn run_locally(
    code: &AuthorizerCode,
    function_name: &str,
    env: BTreeMap<String, String>,
    event: &Value,
) -> Result<LocalRun, RunLocalError> {
    let dir = tempdir()?;
    let zip = dir.path.join("code.zip");
    std::fs::write(&zip, &code.zip).map_err(|source| RunLocalError::Workdir {
        dir: dir.path.clone(),
        source,
    })?;
    let launch = Launch {
        name: function_name.to_owned(),
        revision: code.sha256_hex(),
        runtime: code.runtime.clone(),
        handler: code.handler.clone(),
        timeout_secs: TIMEOUT_SECS,
        memory_mb: MEMORY_MB,
        region: authgate_sandbox::DEFAULT_REGION.to_owned(),
        env,
        zip,
        reserved_concurrency: Some(1),
    };
    let runtime = Runtime::new(dir.path.join("functions"));
    let result = runtime.invoke(&launch, event).await;
    // The environment's process ends with the runtime, before its directory goes.
    drop(runtime);
    match result {
        Ok(r) => Ok(LocalRun {
            verdict: Verdict::Policy(r.payload),
            log: r.log,
        }),
        Err(FunctionError::Failed {
            error_type,
            error_message,
            log,
            ..
        }) => Ok(LocalRun {
            verdict: if error_message == "Unauthorized" {
                Verdict::Unauthorized
            } else {
                Verdict::Failed {
                    error_type,
                    error_message,
                }
            },
            log,
        }),
        Err(FunctionError::Timeout { secs, log, .. }) => Ok(LocalRun {
            verdict: Verdict::Failed {
                error_type: "Sandbox.Timedout".to_owned(),
                error_message: format!("Task timed out after {secs}.00 seconds"),
            },
            log,
        }),
        Err(other) => Err(RunLocalError::Runtime(other)),
    }
}

/// A private directory, removed when dropped.
struct TempDir {
    path: PathBuf,
}

fn tempdir() -> Result<TempDir, RunLocalError> {
    let path = std::env::temp_dir().join(format!(
        "authgate-run-{}-{:016x}",
        std::process::id(),
        rand::random::<u64>()
    ));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(&path)
        .map_err(|source| RunLocalError::Workdir {
            dir: path.clone(),
            source,
        })?;
    Ok(TempDir { path })
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests;
