//! One invocation's log as Lambda writes it (`INIT_START`, START, END, REPORT with
//! `Init Duration` on a cold start, the timeout and exit lines), and the mapping of how
//! the invocation ended to the sandbox's [`FunctionResult`] / [`FunctionError`].

use std::ffi::OsString;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use serde_json::Value;

use super::Launch;
use super::api::{Invocation, Posted};
use super::catalogue::{self, Family};
use super::environment::{Ending, StartFailure};
use crate::gateway::{FunctionError, FunctionResult};

pub struct Frame<'a> {
    launch: &'a Launch,
    pub request_id: String,
    text: String,
    init_duration: Option<Duration>,
    started: Instant,
}

impl<'a> Frame<'a> {
    pub fn new(launch: &'a Launch) -> Self {
        Self {
            launch,
            request_id: crate::aws::store::uuid_like(),
            text: String::new(),
            init_duration: None,
            started: Instant::now(),
        }
    }

    /// A cold start begins.
    pub fn init_start(&mut self, program: &OsString) {
        let _ = writeln!(
            self.text,
            "INIT_START Runtime Version: {}\tSandbox Runtime: {}",
            self.launch.runtime,
            program.to_string_lossy()
        );
    }

    /// The invocation begins, after what init printed (empty when warm).
    pub fn start(&mut self, init_output: &[u8], init_duration: Option<Duration>) {
        self.text.push_str(&String::from_utf8_lossy(init_output));
        self.init_duration = init_duration;
        let _ = writeln!(
            self.text,
            "START RequestId: {} Version: $LATEST",
            self.request_id
        );
        self.started = Instant::now();
    }

    /// What `invocation/next` hands the runtime.
    pub fn invocation(&self, event: &Value, timeout: Duration) -> Invocation {
        let deadline_ms = jiff::Timestamp::now().as_millisecond()
            + i64::try_from(timeout.as_millis()).unwrap_or(i64::MAX);
        let hex = crate::aws::store::uuid_like().replace('-', "");
        Invocation {
            id: self.request_id.clone(),
            event: Bytes::from(event.to_string()),
            deadline_ms,
            function_arn: format!(
                "arn:aws:lambda:{}:{}:function:{}",
                self.launch.region,
                crate::aws::wire::ACCOUNT_ID,
                self.launch.name
            ),
            trace_id: format!(
                "Root=1-{:08x}-{};Parent={};Sampled=0",
                jiff::Timestamp::now().as_second(),
                &hex[..24],
                &hex[16..32]
            ),
        }
    }

    /// Init failed: the log says so, and the error is the invocation's.
    pub fn init_failed(
        &mut self,
        family: Family,
        program: &OsString,
        failure: StartFailure,
        output: &[u8],
    ) -> FunctionError {
        let (ending, duration) = match failure {
            StartFailure::Spawn(e) if family == Family::Provided => {
                let message = format!(
                    "Couldn't start the custom runtime's bootstrap ({}): {e}. A provided.* \
                     function needs an executable file named `bootstrap` at the root of its zip.",
                    program.to_string_lossy()
                );
                let posted = posted("Runtime.InvalidEntrypoint", &message);
                (Ending::Error(posted), Duration::ZERO)
            }
            StartFailure::Spawn(e) => {
                return FunctionError::Runtime {
                    detail: catalogue::cannot_start(family, program.as_ref(), &e),
                };
            }
            StartFailure::Api(e) => {
                return FunctionError::Runtime {
                    detail: format!("cannot serve the Lambda Runtime API on 127.0.0.1: {e}"),
                };
            }
            StartFailure::Init { ending, duration } => (ending, duration),
        };
        self.text.push_str(&String::from_utf8_lossy(output));
        let (status, error_type) = match &ending {
            Ending::TimedOut => ("timeout", "Runtime.InitTimeout".to_owned()),
            Ending::Error(posted) => ("error", failure_of(posted).0),
            _ => ("error", "Runtime.ExitError".to_owned()),
        };
        let _ = writeln!(
            self.text,
            "INIT_REPORT Init Duration: {:.2} ms\tPhase: init\tStatus: {status}\tError Type: {error_type}",
            duration.as_secs_f64() * 1000.0
        );
        self.start(&[], None);
        let ending = match ending {
            Ending::TimedOut => Ending::Error(posted(
                "Runtime.InitTimeout",
                &format!(
                    "INIT timed out after {:.2} seconds",
                    super::INIT_TIMEOUT.as_secs_f64()
                ),
            )),
            other => other,
        };
        match self.finish(ending, &[], None) {
            Ok(_) => unreachable!("a failed init has no result"),
            Err(e) => e,
        }
    }

    /// The invocation ended: its log closes with END and REPORT.
    pub fn finish(
        &mut self,
        ending: Ending,
        output: &[u8],
        memory_mb: Option<u64>,
    ) -> Result<FunctionResult, FunctionError> {
        self.text.push_str(&String::from_utf8_lossy(output));
        if !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        let id = self.request_id.clone();
        let secs = self.launch.timeout_secs;
        let status = match &ending {
            Ending::Response(_) | Ending::Error(_) => String::new(),
            Ending::TimedOut => {
                let _ = writeln!(
                    self.text,
                    "{} {id} Task timed out after {}.00 seconds",
                    jiff::Timestamp::now(),
                    secs
                );
                "\tStatus: timeout".to_owned()
            }
            Ending::Exited(detail) => {
                let _ = writeln!(
                    self.text,
                    "RequestId: {id} Error: Runtime exited with error: {detail}\nRuntime.ExitError"
                );
                "\tStatus: error\tError Type: Runtime.ExitError".to_owned()
            }
        };
        self.close(memory_mb, &status);
        let log = std::mem::take(&mut self.text);
        match ending {
            Ending::Response(body) => Ok(FunctionResult {
                payload: response_payload(&body),
                log,
            }),
            Ending::Error(posted) => {
                let (error_type, error_message) = failure_of(&posted);
                Err(FunctionError::Failed {
                    payload: serde_json::from_slice(&posted.body)
                        .unwrap_or_else(|_| super::error_payload(&error_type, &error_message)),
                    error_type,
                    error_message,
                    log,
                })
            }
            Ending::TimedOut => Err(FunctionError::Timeout { secs, log }),
            Ending::Exited(detail) => {
                let message = format!("RequestId: {id} Error: Runtime exited with error: {detail}");
                Err(FunctionError::Failed {
                    payload: super::error_payload("Runtime.ExitError", &message),
                    error_type: "Runtime.ExitError".to_owned(),
                    error_message: message,
                    log,
                })
            }
        }
    }

    fn close(&mut self, memory_mb: Option<u64>, status: &str) {
        let ms = self.started.elapsed().as_secs_f64() * 1000.0;
        let id = &self.request_id;
        let _ = write!(
            self.text,
            "END RequestId: {id}\nREPORT RequestId: {id}\tDuration: {ms:.2} ms\t\
             Billed Duration: {} ms\tMemory Size: {} MB",
            ms.ceil(),
            self.launch.memory_mb
        );
        if let Some(used) = memory_mb {
            let _ = write!(self.text, "\tMax Memory Used: {used} MB");
        }
        if let Some(init) = self.init_duration {
            let _ = write!(
                self.text,
                "\tInit Duration: {:.2} ms",
                init.as_secs_f64() * 1000.0
            );
        }
        self.text.push_str(status);
        self.text.push('\n');
    }
}

/// An error the sandbox posts on the runtime's behalf, shaped as the runtimes post theirs.
fn posted(error_type: &str, message: &str) -> Posted {
    Posted {
        error_type: Some(error_type.to_owned()),
        body: Bytes::from(super::error_payload(error_type, message).to_string()),
    }
}

/// `errorType` and `errorMessage` of a posted error: from its JSON body, else from the
/// `Lambda-Runtime-Function-Error-Type` header and the body's text.
fn failure_of(posted: &Posted) -> (String, String) {
    let body: Option<Value> = serde_json::from_slice(&posted.body).ok();
    let field = |name: &str| {
        body.as_ref()
            .and_then(|b| b.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let error_type = field("errorType")
        .or_else(|| posted.error_type.clone())
        .unwrap_or_else(|| "Unhandled".to_owned());
    let error_message = field("errorMessage").unwrap_or_else(|| {
        if body.is_some() {
            String::new()
        } else {
            String::from_utf8_lossy(&posted.body).into_owned()
        }
    });
    (error_type, error_message)
}

/// A response body as JSON; an empty one is `null`, text that is not JSON stays text.
fn response_payload(body: &[u8]) -> Value {
    if body.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}
