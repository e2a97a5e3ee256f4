//! One node process running `tests/parity/harness.mjs` over the bundled handler: one warm
//! Lambda instance per case, driven step by step over stdin/stdout (JSON lines).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use authgate_core::hint::Hint;
use serde_json::{Map, Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

/// Longer than the handler's 5 s JWKS timeout, so a `hang` step finishes inside it.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// Fails the test (never skips it) when node is missing or older than 20.
pub async fn require_node_20() {
    match tokio::task::spawn_blocking(authgate::commands::authorizer::node::find)
        .await
        .unwrap()
    {
        Ok(node) => println!(
            "authorizer parity: using {} {}",
            node.program.display(),
            node.version
        ),
        Err(e) => panic!("authorizer parity needs node: {e}. Fix: {}", e.fix()),
    }
}

pub struct NodeCase {
    child: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
}

impl NodeCase {
    /// Starts node with exactly the case's env (plus `JWKS_URI` and `PATH`): nothing
    /// inherited can fill in a variable a `config_error` case leaves out.
    pub fn spawn(env: &Map<String, Value>, jwks_uri: &str) -> Result<Self, String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let node = authgate::commands::authorizer::node::find().map_err(|e| e.to_string())?;
        let mut command = Command::new(node.program);
        command
            .arg(root.join("tests/it/parity/harness.mjs"))
            .arg(root.join("assets/authorizer/index.mjs"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("JWKS_URI", jwks_uri)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        for (key, value) in env {
            let value = value
                .as_str()
                .ok_or_else(|| format!("env {key} is not a string"))?;
            command.env(key, value);
        }
        let mut child = command.spawn().map_err(|e| format!("spawning node: {e}"))?;
        let stdin = child.stdin.take().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        Ok(Self {
            child,
            stdin,
            lines,
        })
    }

    /// The harness's first line: `Ok(())` when the module loaded, `Err(message)` otherwise.
    pub async fn loaded(&mut self) -> Result<Result<(), String>, String> {
        let first = self.next_line().await?;
        if first["loaded"] == true {
            Ok(Ok(()))
        } else {
            Ok(Err(first["error"].as_str().unwrap_or("?").to_owned()))
        }
    }

    pub async fn invoke(&mut self, now: &Value, event: &Value) -> Result<Value, String> {
        self.send(&json!({ "now": now, "event": event })).await
    }

    /// Runs `events` concurrently on the warm instance; answers `{"results": [...]}`.
    pub async fn invoke_concurrently(
        &mut self,
        now: &Value,
        events: &[Value],
    ) -> Result<Value, String> {
        self.send(&json!({ "now": now, "events": events })).await
    }

    async fn send(&mut self, request: &Value) -> Result<Value, String> {
        let line = format!("{request}\n");
        self.stdin
            .write_all(line.as_bytes())
            .await
            .map_err(|e| format!("writing to node: {e}"))?;
        self.stdin
            .flush()
            .await
            .map_err(|e| format!("writing to node: {e}"))?;
        self.next_line().await
    }

    async fn next_line(&mut self) -> Result<Value, String> {
        let line = tokio::time::timeout(STEP_TIMEOUT, self.lines.next_line())
            .await
            .map_err(|_| "node did not answer within 20 s".to_owned())?
            .map_err(|e| format!("reading from node: {e}"))?
            .ok_or("node exited early (see its stderr above)")?;
        serde_json::from_str(&line).map_err(|e| format!("node printed {line:?}: {e}"))
    }

    pub async fn finish(mut self) {
        drop(self.stdin);
        let _ = tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await;
    }
}
