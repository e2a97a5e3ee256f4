//! `authgate authorizer run`: the tutorial's `npm test` (lambda-local) step. The embedded
//! handler is written to a private temp dir and run once by node on the event.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::AsyncWriteExt;

pub mod dotenv;
pub mod node;

use authgate_core::bundle::{HANDLER_FILE, HANDLER_SOURCE};
use authgate_core::hint::Hint;
use dotenv::DotenvError;
use node::{Node, NodeError};

const RUNNER_SOURCE: &str = include_str!("../../assets/authorizer/run-local.mjs");
const RUNNER_FILE: &str = "run-local.mjs";
/// The Lambda timeout the tutorial sets for the function.
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("reading the event file {path}: {source}")]
    EventRead {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the event file {path} is not a JSON object: {detail}")]
    EventJson { path: PathBuf, detail: String },
    #[error("reading the env file {path}: {source}")]
    EnvRead {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the env file {path}, {source}")]
    EnvSyntax { path: PathBuf, source: DotenvError },
    #[error(transparent)]
    Node(#[from] NodeError),
    #[error("preparing the handler in {dir}: {source}")]
    Workdir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("running the handler with node: {0}")]
    Runner(String),
    #[error("the authorizer refused to start: {0}")]
    Config(String),
}

impl Hint for RunError {
    fn fix(&self) -> String {
        match self {
            Self::EventRead { .. } | Self::EventJson { .. } => {
                "write one with `authgate authorizer event --token - --method-arn ARN`; it holds \
                 {\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer …\",\"methodArn\":\"…\"}"
                    .to_owned()
            }
            Self::EnvRead { .. } | Self::EnvSyntax { .. } => DotenvError { line: 0 }.fix(),
            Self::Node(e) => e.fix(),
            Self::Workdir { .. } => "check that the temp dir ($TMPDIR) is writable".to_owned(),
            Self::Runner(_) => "run again; if it persists, check `node --version` works".to_owned(),
            Self::Config(_) => "set TOKEN_ISSUER, JWKS_URI and AUDIENCE in a .env file passed \
                 with --env, or export them (JWKS_URI must be https, or http on a loopback host)"
                .to_owned(),
        }
    }
}

/// What the handler did.
#[derive(Debug)]
pub struct RunOutcome {
    pub node_version: String,
    /// `allow` | `unauthorized` | `error`.
    pub outcome: String,
    pub response: Option<Value>,
    /// The response as node serialised it (key order as the handler wrote it).
    pub response_text: Option<String>,
    pub error: Option<String>,
    pub logs: Vec<String>,
}

/// The node to run with (v20 or newer).
pub async fn find_node() -> Result<Node, RunError> {
    let found = tokio::task::spawn_blocking(node::find).await;
    Ok(found.map_err(|e| RunError::Runner(e.to_string()))??)
}

/// Reads the event file (a JSON object).
pub fn read_event(path: &Path) -> Result<Value, RunError> {
    let text = std::fs::read_to_string(path).map_err(|source| RunError::EventRead {
        path: path.to_owned(),
        source,
    })?;
    let event_json = |detail: String| RunError::EventJson {
        path: path.to_owned(),
        detail,
    };
    let event: Value = serde_json::from_str(&text).map_err(|e| event_json(e.to_string()))?;
    if !event.is_object() {
        return Err(event_json("found another JSON value".into()));
    }
    Ok(event)
}

/// The variables of a `.env` file.
pub fn read_env(path: &Path) -> Result<Vec<(String, String)>, RunError> {
    let text = std::fs::read_to_string(path).map_err(|source| RunError::EnvRead {
        path: path.to_owned(),
        source,
    })?;
    dotenv::parse(&text).map_err(|source| RunError::EnvSyntax {
        path: path.to_owned(),
        source,
    })
}

/// Runs the embedded handler once on `event`, with `env` on top of this process's environment.
pub async fn invoke(
    node: &Node,
    event: &Value,
    env: &[(String, String)],
) -> Result<RunOutcome, RunError> {
    let dir = Workdir::create()?;
    let mut command = tokio::process::Command::new(&node.program);
    command
        .arg(dir.path.join(RUNNER_FILE))
        .arg(dir.path.join(HANDLER_FILE))
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    let mut child = command
        .spawn()
        .map_err(|e| RunError::Runner(e.to_string()))?;
    // The event goes through stdin, so the token is not in the process list.
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| RunError::Runner("node's stdin was not piped".to_owned()))?;
    stdin
        .write_all(event.to_string().as_bytes())
        .await
        .map_err(|e| RunError::Runner(e.to_string()))?;
    drop(stdin);
    let output = tokio::time::timeout(RUN_TIMEOUT, child.wait_with_output())
        .await
        .map_err(|_| RunError::Runner("no answer within 30 s (the Lambda timeout)".into()))?
        .map_err(|e| RunError::Runner(e.to_string()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let result: Value = serde_json::from_str(last)
        .map_err(|_| RunError::Runner(format!("unexpected output {:?}", stdout.trim())))?;
    let text = |key: &str| result[key].as_str().map(str::to_owned);
    let outcome = text("outcome").unwrap_or_default();
    if outcome == "config_error" {
        return Err(RunError::Config(text("error").unwrap_or_default()));
    }
    let logs = result["logs"].as_array().map_or_else(Vec::new, |lines| {
        lines
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    });
    Ok(RunOutcome {
        node_version: node.version.clone(),
        outcome,
        response: result.get("response").cloned(),
        response_text: text("response_text"),
        error: text("error"),
        logs,
    })
}

/// A private directory for the handler and the runner, removed when dropped.
struct Workdir {
    path: PathBuf,
}

impl Workdir {
    fn create() -> Result<Self, RunError> {
        let name = format!(
            "authgate-authorizer-{}-{:016x}",
            std::process::id(),
            rand::random::<u64>()
        );
        let path = std::env::temp_dir().join(name);
        let fail = |source| RunError::Workdir {
            dir: path.clone(),
            source,
        };
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&path).map_err(fail)?;
        let dir = Self { path: path.clone() };
        std::fs::write(path.join(HANDLER_FILE), HANDLER_SOURCE).map_err(fail)?;
        std::fs::write(path.join(RUNNER_FILE), RUNNER_SOURCE).map_err(fail)?;
        Ok(dir)
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
