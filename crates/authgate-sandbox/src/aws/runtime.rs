//! The sandbox's Lambda runtime: one warm `node` worker per function, like a Lambda
//! container. Started on first use; replaced when it crashes, times out (killed) or when the
//! function's code or configuration changes (a new revision). Invocations of one function
//! run one at a time; each gets its own log, framed as Lambda's START / END / REPORT.

mod worker;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::gateway::{FunctionError, FunctionResult};
use worker::{Outcome, Worker};

/// Overrides the `node` found on `PATH`.
pub const NODE_ENV: &str = "AUTHGATE_NODE";

/// What the runtime needs to start and run one revision of a function.
#[derive(Debug, Clone)]
pub struct Launch {
    pub name: String,
    pub revision: String,
    pub handler: String,
    pub timeout_secs: u32,
    pub memory_mb: u32,
    pub region: String,
    pub env: BTreeMap<String, String>,
    pub zip: PathBuf,
}

type Slot = Arc<tokio::sync::Mutex<Option<Worker>>>;

/// Invocation logs kept per function for `/sandbox/functions/{name}/log` (`CloudWatch`'s role).
const KEPT_LOGS: usize = 50;

pub struct Runtime {
    /// Where zips are unpacked, one directory per function.
    work_dir: PathBuf,
    node: PathBuf,
    workers: Mutex<HashMap<String, Slot>>,
    /// The last [`KEPT_LOGS`] invocation logs per function name, oldest first.
    logs: Mutex<HashMap<String, VecDeque<String>>>,
}

impl Runtime {
    pub fn new(work_dir: PathBuf) -> Self {
        let node = std::env::var_os(NODE_ENV).map_or_else(|| PathBuf::from("node"), PathBuf::from);
        Self::with_node(work_dir, node)
    }

    pub fn with_node(work_dir: PathBuf, node: PathBuf) -> Self {
        Self {
            work_dir,
            node,
            workers: Mutex::new(HashMap::new()),
            logs: Mutex::new(HashMap::new()),
        }
    }

    /// The function's recent invocation logs, oldest first (empty: never invoked).
    pub fn recent_logs(&self, name: &str) -> Vec<String> {
        crate::sync::lock(&self.logs)
            .get(name)
            .map(|logs| logs.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Stops the function's worker (deleted, or about to change).
    pub fn forget(&self, name: &str) {
        crate::sync::lock(&self.workers).remove(name);
    }

    /// Runs `event` through the function, starting or replacing its worker as needed, and
    /// keeps the invocation's log.
    pub async fn invoke(
        &self,
        launch: &Launch,
        event: &Value,
    ) -> Result<FunctionResult, FunctionError> {
        let result = self.run(launch, event).await;
        let log = match &result {
            Ok(FunctionResult { log, .. })
            | Err(FunctionError::Failed { log, .. } | FunctionError::Timeout { log, .. }) => {
                Some(log.clone())
            }
            Err(FunctionError::NotFound { .. } | FunctionError::Runtime { .. }) => None,
        };
        if let Some(log) = log {
            let mut logs = crate::sync::lock(&self.logs);
            let kept = logs.entry(launch.name.clone()).or_default();
            if kept.len() == KEPT_LOGS {
                kept.pop_front();
            }
            kept.push_back(log);
        }
        result
    }

    async fn run(&self, launch: &Launch, event: &Value) -> Result<FunctionResult, FunctionError> {
        let slot = crate::sync::lock(&self.workers)
            .entry(launch.name.clone())
            .or_default()
            .clone();
        let mut guard = slot.lock().await;
        if guard
            .as_ref()
            .is_some_and(|w| w.revision != launch.revision)
        {
            *guard = None;
        }
        let request_id = crate::aws::store::uuid_like();
        let started = Instant::now();
        if guard.is_none() {
            let task_root = self.unpack(launch)?;
            match Worker::start(&self.node, launch, &task_root).await {
                Ok(w) => *guard = Some(w),
                Err(FunctionError::Failed {
                    error_type,
                    error_message,
                    log,
                }) => {
                    let log = framed(&request_id, &log, started, launch);
                    return Err(FunctionError::Failed {
                        error_type,
                        error_message,
                        log,
                    });
                }
                Err(other) => return Err(other),
            }
        }
        let worker = guard.as_mut().expect("a worker was just started");
        let timeout = Duration::from_secs(u64::from(launch.timeout_secs.max(1)));
        let mut console = String::new();
        let outcome = worker.call(&request_id, event, timeout, &mut console).await;
        if matches!(outcome, Outcome::TimedOut | Outcome::Crashed(_)) {
            *guard = None;
        }
        match outcome {
            Outcome::Value(payload) => Ok(FunctionResult {
                payload,
                log: framed(&request_id, &console, started, launch),
            }),
            Outcome::Failed {
                error_type,
                error_message,
            } => Err(FunctionError::Failed {
                error_type,
                error_message,
                log: framed(&request_id, &console, started, launch),
            }),
            Outcome::TimedOut => {
                let _ = writeln!(
                    console,
                    "{} {request_id} Task timed out after {}.00 seconds",
                    jiff::Timestamp::now(),
                    launch.timeout_secs
                );
                Err(FunctionError::Timeout {
                    secs: launch.timeout_secs,
                    log: framed(&request_id, &console, started, launch),
                })
            }
            Outcome::Crashed(detail) => Err(FunctionError::Failed {
                error_type: "Runtime.ExitError".to_owned(),
                error_message: format!("RequestId: {request_id} Error: {detail}"),
                log: framed(&request_id, &console, started, launch),
            }),
        }
    }

    /// Unpacks the zip into a fresh directory for this revision.
    fn unpack(&self, launch: &Launch) -> Result<PathBuf, FunctionError> {
        let runtime = |detail: String| FunctionError::Runtime { detail };
        let function_dir = self.work_dir.join(&launch.name);
        let _ = std::fs::remove_dir_all(&function_dir);
        let root = function_dir.join(&launch.revision);
        std::fs::create_dir_all(&root)
            .map_err(|e| runtime(format!("cannot create {}: {e}", root.display())))?;
        let bytes = std::fs::read(&launch.zip)
            .map_err(|e| runtime(format!("cannot read {}: {e}", launch.zip.display())))?;
        zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .and_then(|mut archive| archive.extract(&root))
            .map_err(|e| runtime(format!("cannot unpack {}: {e}", launch.zip.display())))?;
        Ok(root)
    }
}

/// Lambda's log shape around what the function printed.
fn framed(request_id: &str, console: &str, started: Instant, launch: &Launch) -> String {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    format!(
        "START RequestId: {request_id} Version: $LATEST\n{console}END RequestId: {request_id}\n\
         REPORT RequestId: {request_id}\tDuration: {ms:.2} ms\tBilled Duration: {} ms\t\
         Memory Size: {} MB\n",
        ms.ceil(),
        launch.memory_mb
    )
}

/// The message for a `node` that could not be started.
pub fn node_missing(node: &Path, err: &std::io::Error) -> String {
    format!(
        "cannot start `{}` ({err}): the sandbox runs Lambda functions with Node.js. Install \
         Node.js >= 20 (https://nodejs.org) so `node` is on PATH, or set {NODE_ENV} to its path",
        node.display()
    )
}

/// A function error as Lambda's `Invoke` returns it in the payload.
pub fn error_payload(error_type: &str, error_message: &str) -> Value {
    json!({ "errorType": error_type, "errorMessage": error_message, "trace": [] })
}

#[cfg(test)]
mod tests;
