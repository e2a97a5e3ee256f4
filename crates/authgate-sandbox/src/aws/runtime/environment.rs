//! One execution environment: a runtime process with its own Runtime API, running one
//! revision of one function, one invocation at a time. Its output is read only while it
//! initialises or runs an invocation: between invocations it is "frozen", as Lambda
//! freezes its environments.

use std::ffi::OsString;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt as _};
use tokio::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command};

use super::api::{ApiEvent, Invocation, Posted, RuntimeApi};

/// How long a process may keep its pipes open after it exited (a child it left behind).
const DRAIN_AFTER_EXIT: Duration = Duration::from_millis(200);

/// How an invocation (or the init before it) ended.
#[derive(Debug)]
pub enum Ending {
    Response(Bytes),
    Error(Posted),
    /// The deadline passed; the process was killed.
    TimedOut,
    /// The process exited: "exit status 3", "signal 9".
    Exited(String),
}

/// Why an environment could not be started at all.
#[derive(Debug)]
pub enum StartFailure {
    /// The program could not be run (missing interpreter, no executable `bootstrap`).
    Spawn(std::io::Error),
    /// The Runtime API could not be served.
    Api(std::io::Error),
    /// Init ran and failed: an `init/error`, an exit or the init timeout.
    Init { ending: Ending, duration: Duration },
}

pub struct Environment {
    child: Child,
    api: RuntimeApi,
    stdout: Option<ChildStdout>,
    stderr: Option<ChildStderr>,
    /// Held, never written; see `start`.
    #[cfg_attr(not(test), expect(dead_code, reason = "its end is the message"))]
    stdin: Option<ChildStdin>,
    /// How long init took, until the first invocation reported it.
    pub init_duration: Option<Duration>,
}

enum Watched {
    Event(ApiEvent),
    TimedOut,
    Exited(String),
}

impl Environment {
    /// Starts `argv` in `task_root` with `env` and a fresh Runtime API, and waits until the
    /// runtime asks for its first invocation. Init output goes to `log`.
    pub async fn start(
        argv: &[OsString],
        task_root: &Path,
        env: Vec<(String, String)>,
        init_timeout: Duration,
        log: &mut Vec<u8>,
    ) -> Result<Self, StartFailure> {
        let api = RuntimeApi::start().await.map_err(StartFailure::Api)?;
        // `catalogue::entry` always starts the argv with the program (an interpreter or `bootstrap`).
        #[allow(clippy::expect_used)]
        let (program, arguments) = argv.split_first().expect("an argv has a program");
        let mut child = Command::new(program)
            .args(arguments)
            .current_dir(task_root)
            .env_clear()
            .envs(env)
            .env("AWS_LAMBDA_RUNTIME_API", api.addr.to_string())
            // Held open and never written: our bootstraps exit when it ends, so an
            // environment dies with a sandbox that was killed without running any drop.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(StartFailure::Spawn)?;
        let started = Instant::now();
        let mut environment = Self {
            stdout: child.stdout.take(),
            stdin: child.stdin.take(),
            stderr: child.stderr.take(),
            child,
            api,
            init_duration: None,
        };
        let deadline = started + init_timeout;
        let ending = loop {
            match environment.watch(deadline, log).await {
                Watched::Event(ApiEvent::Ready) => {
                    environment.init_duration = Some(started.elapsed());
                    return Ok(environment);
                }
                Watched::Event(ApiEvent::InitError(posted)) => break Ending::Error(posted),
                Watched::Event(_) => {}
                Watched::TimedOut => break Ending::TimedOut,
                Watched::Exited(detail) => break Ending::Exited(detail),
            }
        };
        Err(StartFailure::Init {
            ending,
            duration: started.elapsed(),
        })
    }

    /// Runs one invocation until its response, its error, the deadline or the exit.
    pub async fn invoke(
        &mut self,
        invocation: Invocation,
        timeout: Duration,
        log: &mut Vec<u8>,
    ) -> Ending {
        let id = invocation.id.clone();
        let deadline = Instant::now() + timeout;
        if self.api.queue.send(invocation).await.is_err() {
            return Ending::Exited("the Runtime API stopped".to_owned());
        }
        loop {
            match self.watch(deadline, log).await {
                Watched::Event(ApiEvent::Response { id: got, body }) if got == id => {
                    return Ending::Response(body);
                }
                Watched::Event(ApiEvent::Error { id: got, posted }) if got == id => {
                    return Ending::Error(posted);
                }
                Watched::Event(_) => {}
                Watched::TimedOut => return Ending::TimedOut,
                Watched::Exited(detail) => return Ending::Exited(detail),
            }
        }
    }

    /// Closes stdin as a dead sandbox would, and waits (bounded) for the process to end.
    #[cfg(test)]
    pub async fn orphaned(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        self.stdin.take();
        tokio::time::timeout(within, self.child.wait())
            .await
            .ok()?
            .ok()
    }

    /// The process's peak memory in MB, where the OS tells (Linux).
    pub fn max_memory_mb(&self) -> Option<u64> {
        let pid = self.child.id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb.div_ceil(1024))
    }

    /// Waits for the next API event, reading the process's output into `log` meanwhile.
    /// Output is read first, so what a runtime printed before it posted is in `log` when
    /// the post is seen.
    async fn watch(&mut self, deadline: Instant, log: &mut Vec<u8>) -> Watched {
        let sleep = tokio::time::sleep_until(deadline.into());
        tokio::pin!(sleep);
        // On the heap: two buffers on the stack would make every caller's future 16 KB.
        let mut out = vec![0u8; 8192];
        let mut err = vec![0u8; 8192];
        loop {
            tokio::select! {
                biased;
                () = &mut sleep => {
                    let _ = self.child.start_kill();
                    return Watched::TimedOut;
                }
                n = read_some(&mut self.stdout, &mut out), if self.stdout.is_some() => {
                    log.extend_from_slice(&out[..n]);
                }
                n = read_some(&mut self.stderr, &mut err), if self.stderr.is_some() => {
                    log.extend_from_slice(&err[..n]);
                }
                event = self.api.events.recv() => {
                    if let Some(event) = event {
                        return Watched::Event(event);
                    }
                }
                status = self.child.wait() => {
                    let detail = match status {
                        Ok(status) => exit_detail(status),
                        Err(e) => e.to_string(),
                    };
                    self.drain(log).await;
                    return Watched::Exited(detail);
                }
            }
        }
    }

    /// Reads what is left in the pipes of an exited process, for a bounded time.
    async fn drain(&mut self, log: &mut Vec<u8>) {
        let until = tokio::time::Instant::now() + DRAIN_AFTER_EXIT;
        let mut buf = vec![0u8; 8192];
        loop {
            let read = if self.stdout.is_some() {
                tokio::time::timeout_at(until, read_some(&mut self.stdout, &mut buf)).await
            } else if self.stderr.is_some() {
                tokio::time::timeout_at(until, read_some(&mut self.stderr, &mut buf)).await
            } else {
                return;
            };
            match read {
                Ok(n) => log.extend_from_slice(&buf[..n]),
                Err(_) => return,
            }
        }
    }
}

/// Reads once from the pipe; 0 (and the pipe forgotten) at its end.
async fn read_some<P: AsyncRead + Unpin>(pipe: &mut Option<P>, buf: &mut [u8]) -> usize {
    let Some(reader) = pipe.as_mut() else {
        return 0;
    };
    match reader.read(buf).await {
        Ok(0) | Err(_) => {
            *pipe = None;
            0
        }
        Ok(n) => n,
    }
}

/// Lambda's words for how a runtime process ended.
fn exit_detail(status: std::process::ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        if let Some(signal) = status.signal() {
            return if signal == 9 {
                "signal: killed".to_owned()
            } else {
                format!("signal: {signal}")
            };
        }
    }
    status.to_string()
}
