//! One warm `node` process running one revision of one function: started with the
//! embedded bootstrap, fed one invocation at a time over stdin, answering in JSON lines.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use futures::StreamExt as _;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt as _;
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio_util::codec::{FramedRead, LinesCodec};

use super::Launch;
use crate::gateway::FunctionError;

/// The embedded runtime script.
const BOOTSTRAP: &str = include_str!("../../../../../assets/lambda/bootstrap.mjs");
/// Lambda's payload limit, plus room for the frame.
const MAX_FRAME: usize = 7 * 1024 * 1024;
/// How long loading the handler may take (Lambda's init phase limit).
const INIT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Frame {
    Ready,
    InitError {
        #[serde(rename = "errorType")]
        error_type: String,
        #[serde(rename = "errorMessage")]
        error_message: String,
    },
    Log {
        text: String,
    },
    Result {
        id: String,
        value: Value,
    },
    Error {
        id: String,
        #[serde(rename = "errorType")]
        error_type: String,
        #[serde(rename = "errorMessage")]
        error_message: String,
    },
}

/// How one invocation ended, before the log is wrapped in START/END/REPORT.
pub enum Outcome {
    Value(Value),
    Failed {
        error_type: String,
        error_message: String,
    },
    TimedOut,
    /// The process exited or broke the protocol; it must be replaced.
    Crashed(Crash),
}

/// How the function's process broke; the words end up in Lambda's `Runtime.ExitError`.
#[derive(Debug, thiserror::Error)]
pub enum Crash {
    #[error("the function's process is gone ({0})")]
    Gone(std::io::Error),
    #[error("the runtime sent a line that is not a frame: {0}")]
    NotAFrame(serde_json::Error),
    #[error("reading from the function's process failed: {0}")]
    Read(tokio_util::codec::LinesCodecError),
    #[error("the function's process exited with status {0}")]
    Exited(i32),
    #[error("the function's process was killed")]
    Killed,
}

impl authgate_core::hint::Hint for Crash {
    fn fix(&self) -> String {
        "invoke the function again (the sandbox starts a fresh process); if it keeps failing, \
         check that node runs and read the function's log"
            .to_owned()
    }
}

pub struct Worker {
    pub revision: String,
    child: Child,
    stdin: ChildStdin,
    frames: FramedRead<ChildStdout, LinesCodec>,
}

impl Worker {
    /// Starts node on the extracted code in `task_root` and waits until the handler loaded.
    /// An import failure is the function's error (as Lambda reports it), with its log.
    pub async fn start(
        node: &Path,
        launch: &Launch,
        task_root: &Path,
    ) -> Result<Self, FunctionError> {
        let mut command = Command::new(node);
        command
            .args(["--input-type=module", "--eval", BOOTSTRAP])
            .current_dir(task_root)
            .env_clear()
            .envs(&launch.env)
            .envs(reserved_env(launch, task_root))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        let mut child = command.spawn().map_err(|e| FunctionError::Runtime {
            detail: super::node_missing(node, &e),
        })?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut worker = Self {
            revision: launch.revision.clone(),
            child,
            stdin,
            frames: FramedRead::new(stdout, LinesCodec::new_with_max_length(MAX_FRAME)),
        };
        let mut log = String::new();
        let ready = tokio::time::timeout(INIT_TIMEOUT, worker.until_ready(&mut log)).await;
        match ready {
            Ok(Ok(())) => Ok(worker),
            Ok(Err((error_type, error_message))) => Err(FunctionError::Failed {
                error_type,
                error_message,
                log,
            }),
            Err(_) => Err(FunctionError::Failed {
                error_type: "Runtime.InitTimeout".to_owned(),
                error_message: format!(
                    "loading {} took longer than {} s",
                    launch.handler,
                    INIT_TIMEOUT.as_secs()
                ),
                log,
            }),
        }
    }

    async fn until_ready(&mut self, log: &mut String) -> Result<(), (String, String)> {
        loop {
            match self.next_frame().await {
                Ok(Frame::Ready) => return Ok(()),
                Ok(Frame::Log { text }) => log.push_str(&text),
                Ok(Frame::InitError {
                    error_type,
                    error_message,
                }) => return Err((error_type, error_message)),
                Ok(_) => {}
                Err(crash) => return Err(("Runtime.ExitError".to_owned(), crash.to_string())),
            }
        }
    }

    /// Runs one invocation; `log` receives what the function printed, even on a timeout.
    pub async fn call(
        &mut self,
        id: &str,
        event: &Value,
        timeout: Duration,
        log: &mut String,
    ) -> Outcome {
        let deadline = jiff::Timestamp::now().as_millisecond()
            + i64::try_from(timeout.as_millis()).unwrap_or(i64::MAX);
        let mut line = json!({ "id": id, "event": event, "deadlineMs": deadline }).to_string();
        line.push('\n');
        if let Err(e) = self.stdin.write_all(line.as_bytes()).await {
            return Outcome::Crashed(Crash::Gone(e));
        }
        let started = Instant::now();
        if let Ok(outcome) = tokio::time::timeout(timeout, self.until_answer(id, log)).await {
            outcome
        } else {
            let _ = self.child.start_kill();
            tracing::info!(elapsed = ?started.elapsed(), "function timed out");
            Outcome::TimedOut
        }
    }

    async fn until_answer(&mut self, id: &str, log: &mut String) -> Outcome {
        loop {
            match self.next_frame().await {
                Ok(Frame::Log { text }) => log.push_str(&text),
                Ok(Frame::Result { id: got, value }) if got == id => return Outcome::Value(value),
                Ok(Frame::Error {
                    id: got,
                    error_type,
                    error_message,
                }) if got == id => {
                    return Outcome::Failed {
                        error_type,
                        error_message,
                    };
                }
                Ok(_) => {}
                Err(detail) => return Outcome::Crashed(detail),
            }
        }
    }

    async fn next_frame(&mut self) -> Result<Frame, Crash> {
        match self.frames.next().await {
            Some(Ok(line)) => serde_json::from_str(&line).map_err(Crash::NotAFrame),
            Some(Err(e)) => Err(Crash::Read(e)),
            None => {
                let status = self.child.wait().await.ok();
                Err(status
                    .and_then(|s| s.code())
                    .map_or(Crash::Killed, Crash::Exited))
            }
        }
    }
}

/// What Lambda sets and a function cannot override.
fn reserved_env(launch: &Launch, task_root: &Path) -> Vec<(String, String)> {
    let path = std::env::var("PATH").unwrap_or_default();
    [
        ("PATH", path),
        ("TZ", ":UTC".to_owned()),
        ("LANG", "en_US.UTF-8".to_owned()),
        ("_HANDLER", launch.handler.clone()),
        ("LAMBDA_TASK_ROOT", task_root.display().to_string()),
        ("AWS_REGION", launch.region.clone()),
        ("AWS_DEFAULT_REGION", launch.region.clone()),
        (
            "AWS_EXECUTION_ENV",
            "AWS_Lambda_authgate_sandbox".to_owned(),
        ),
        ("AWS_LAMBDA_FUNCTION_NAME", launch.name.clone()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_owned()),
        (
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            launch.memory_mb.to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}
