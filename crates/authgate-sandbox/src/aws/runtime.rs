//! The sandbox's Lambda runtime. Every execution environment is a real runtime process
//! speaking the Lambda Runtime API (2018-06-01) to a server of its own: our Node.js and
//! Python bootstraps, or a custom runtime's `bootstrap`. Environments are created on
//! demand, reused while warm, one per concurrent invocation, killed at the deadline and
//! replaced when the function's code or configuration changes (a new revision). Each
//! invocation's log is framed as Lambda's START / END / REPORT.

mod api;
mod catalogue;
mod environment;
mod framing;
mod pool;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::{Value, json};

use crate::gateway::{FunctionError, FunctionResult};
pub use catalogue::{Family, Interpreters, SUPPORTED};
use environment::{Ending, Environment};
use framing::Frame;
use pool::Pool;

/// What the runtime needs to start and run one revision of a function.
#[derive(Debug, Clone)]
pub struct Launch {
    pub name: String,
    pub revision: String,
    pub runtime: String,
    pub handler: String,
    pub timeout_secs: u32,
    pub memory_mb: u32,
    pub region: String,
    pub env: BTreeMap<String, String>,
    pub zip: PathBuf,
    pub reserved_concurrency: Option<u32>,
}

/// Invocation logs kept per function for `/sandbox/functions/{name}/log` (`CloudWatch`'s role).
const KEPT_LOGS: usize = 50;
/// Lambda's limit on the init phase.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Runtime {
    /// Where zips are unpacked (one directory per function and revision) and where our
    /// bootstraps are written (`LAMBDA_RUNTIME_DIR`).
    work_dir: PathBuf,
    interpreters: Interpreters,
    bootstraps: OnceLock<Result<PathBuf, String>>,
    pools: Mutex<HashMap<String, Arc<Pool>>>,
    /// The last [`KEPT_LOGS`] invocation logs per function name, oldest first.
    logs: Mutex<HashMap<String, VecDeque<String>>>,
}

impl Runtime {
    pub fn new(work_dir: PathBuf) -> Self {
        Self::with_interpreters(work_dir, Interpreters::from_env())
    }

    pub fn with_interpreters(work_dir: PathBuf, interpreters: Interpreters) -> Self {
        Self {
            work_dir,
            interpreters,
            bootstraps: OnceLock::new(),
            pools: Mutex::new(HashMap::new()),
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

    /// Stops the function's environments (deleted, or about to change).
    pub fn forget(&self, name: &str) {
        crate::sync::lock(&self.pools).remove(name);
    }

    /// Runs `event` through the function in a warm or a new environment, and keeps the
    /// invocation's log.
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
            Err(_) => None,
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

    /// The function's pool for this revision and concurrency, replacing an outdated one.
    fn pool(&self, launch: &Launch) -> Arc<Pool> {
        let mut pools = crate::sync::lock(&self.pools);
        let current = pools
            .get(&launch.name)
            .filter(|p| p.revision == launch.revision && p.reserved == launch.reserved_concurrency);
        if let Some(pool) = current {
            return pool.clone();
        }
        let pool = Arc::new(Pool::new(&launch.revision, launch.reserved_concurrency));
        pools.insert(launch.name.clone(), pool.clone());
        pool
    }

    async fn run(&self, launch: &Launch, event: &Value) -> Result<FunctionResult, FunctionError> {
        let family = Family::of(launch.runtime.as_str()).ok_or_else(|| FunctionError::Runtime {
            detail: format!(
                "the sandbox cannot run {}: it runs {}",
                launch.runtime,
                SUPPORTED.join(", ")
            ),
        })?;
        let pool = self.pool(launch);
        let slot = pool.slot().await.map_err(|_| FunctionError::Throttled {
            name: launch.name.clone(),
        })?;
        let mut frame = Frame::new(launch);
        let mut output = Vec::new();
        let mut environment = if let Some(warm) = pool.warm() {
            warm
        } else {
            self.cold_start(family, launch, &pool, &mut frame, &mut output)
                .await?
        };
        frame.start(&output, environment.init_duration.take());
        let timeout = Duration::from_secs(u64::from(launch.timeout_secs.max(1)));
        let invocation = frame.invocation(event, timeout);
        // Its own task: a caller that goes away (a client that hung up) must not kill the
        // environment mid-invocation; as in Lambda, the invocation runs to its end.
        let keep = pool.clone();
        let running = tokio::spawn(async move {
            let mut output = Vec::new();
            let ending = environment.invoke(invocation, timeout, &mut output).await;
            let memory = environment.max_memory_mb();
            if matches!(ending, Ending::Response(_) | Ending::Error(_)) {
                keep.put_back(environment);
            }
            drop(slot);
            (ending, output, memory)
        });
        let (ending, output, memory) = running.await.map_err(|e| FunctionError::Runtime {
            detail: format!("the invocation stopped: {e}"),
        })?;
        frame.finish(ending, &output, memory)
    }

    /// A new environment for the pool's revision; its init output goes to `output`.
    async fn cold_start(
        &self,
        family: Family,
        launch: &Launch,
        pool: &Pool,
        frame: &mut Frame<'_>,
        output: &mut Vec<u8>,
    ) -> Result<Environment, FunctionError> {
        let root = pool
            .task_root(|| async { self.unpack(launch).await })
            .await?
            .clone();
        let argv = catalogue::entry(family, &self.interpreters, &self.runtime_dir()?, &root);
        frame.init_start(&argv[0]);
        let env = self.variables(launch, &root)?;
        Environment::start(&argv, &root, env, INIT_TIMEOUT, output)
            .await
            .map_err(|failure| frame.init_failed(family, &argv[0], failure, output))
    }

    /// Where our bootstraps are, written on first use.
    fn runtime_dir(&self) -> Result<PathBuf, FunctionError> {
        self.bootstraps
            .get_or_init(|| {
                let dir = self.work_dir.join(".runtime");
                catalogue::install_bootstraps(&dir)
                    .map(|()| dir.clone())
                    .map_err(|e| {
                        format!(
                            "cannot write the runtime bootstraps to {}: {e}",
                            dir.display()
                        )
                    })
            })
            .clone()
            .map_err(|detail| FunctionError::Runtime { detail })
    }

    /// The environment variables Lambda gives a runtime, over the function's own.
    fn variables(
        &self,
        launch: &Launch,
        task_root: &std::path::Path,
    ) -> Result<Vec<(String, String)>, FunctionError> {
        let runtime_dir = self.runtime_dir()?;
        let mut vars: BTreeMap<String, String> = launch.env.clone();
        let path = std::env::var("PATH").unwrap_or_default();
        let stream = format!(
            "{}/[$LATEST]{}",
            jiff::Timestamp::now().strftime("%Y/%m/%d"),
            crate::aws::store::uuid_like().replace('-', "")
        );
        let mut reserved = vec![
            ("PATH", path),
            ("LANG", "en_US.UTF-8".to_owned()),
            ("TZ", ":UTC".to_owned()),
            ("_HANDLER", launch.handler.clone()),
            ("LAMBDA_TASK_ROOT", task_root.display().to_string()),
            ("LAMBDA_RUNTIME_DIR", runtime_dir.display().to_string()),
            ("AWS_REGION", launch.region.clone()),
            ("AWS_DEFAULT_REGION", launch.region.clone()),
            ("AWS_LAMBDA_FUNCTION_NAME", launch.name.clone()),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_owned()),
            (
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                launch.memory_mb.to_string(),
            ),
            (
                "AWS_LAMBDA_LOG_GROUP_NAME",
                format!("/aws/lambda/{}", launch.name),
            ),
            ("AWS_LAMBDA_LOG_STREAM_NAME", stream),
            ("AWS_ACCESS_KEY_ID", "ASIASANDBOXEXAMPLEKEY".to_owned()),
            (
                "AWS_SECRET_ACCESS_KEY",
                "sandbox-secret-access-key".to_owned(),
            ),
            ("AWS_SESSION_TOKEN", "sandbox-session-token".to_owned()),
        ];
        match Family::of(&launch.runtime) {
            Some(Family::Provided) | None => {}
            Some(Family::Python) => {
                reserved.push((
                    "AWS_EXECUTION_ENV",
                    format!("AWS_Lambda_{}", launch.runtime),
                ));
                reserved.push(("PYTHONUNBUFFERED", "1".to_owned()));
            }
            Some(Family::Node) => {
                reserved.push((
                    "AWS_EXECUTION_ENV",
                    format!("AWS_Lambda_{}", launch.runtime),
                ));
            }
        }
        vars.extend(reserved.into_iter().map(|(k, v)| (k.to_owned(), v)));
        Ok(vars.into_iter().collect())
    }

    /// Unpacks the zip into a fresh directory for this revision (older revisions' go).
    async fn unpack(&self, launch: &Launch) -> Result<PathBuf, FunctionError> {
        let function_dir = self.work_dir.join(&launch.name);
        let root = function_dir.join(&launch.revision);
        let zip = launch.zip.clone();
        let target = root.clone();
        tokio::task::spawn_blocking(move || {
            let runtime = |detail: String| FunctionError::Runtime { detail };
            let _ = std::fs::remove_dir_all(&function_dir);
            std::fs::create_dir_all(&target)
                .map_err(|e| runtime(format!("cannot create {}: {e}", target.display())))?;
            let bytes = std::fs::read(&zip)
                .map_err(|e| runtime(format!("cannot read {}: {e}", zip.display())))?;
            zip::ZipArchive::new(std::io::Cursor::new(bytes))
                .and_then(|mut archive| archive.extract(&target))
                .map_err(|e| runtime(format!("cannot unpack {}: {e}", zip.display())))
        })
        .await
        .map_err(|e| FunctionError::Runtime {
            detail: format!("unpacking the function's code stopped: {e}"),
        })??;
        Ok(root)
    }
}

/// A function error as Lambda's `Invoke` returns it when the runtime posted none.
pub fn error_payload(error_type: &str, error_message: &str) -> Value {
    json!({ "errorType": error_type, "errorMessage": error_message, "trace": [] })
}

#[cfg(test)]
mod tests;
