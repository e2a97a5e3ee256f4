//! Tracing to `<state dir>/authgate.log`, never stdout (stdout is the screen or a pipe).

use std::fs::{self, OpenOptions};
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// When `run` began: the first frame's latency is logged against it (bench/tui reads it).
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Keeps logging alive for the process; dropping it is harmless.
pub struct LogGuard;

/// Start file logging. Level from `RUST_LOG` (default `info`). If the log file cannot be
/// opened, logging is off and the program carries on: logs must never break a run.
///
/// `create`: whether the run may make the state directory for its log. A command that keeps
/// no state (`verify`, `inspect`, …) logs only into a directory that is there already, so
/// running it somewhere leaves nothing behind.
pub fn init(state_dir: &Path, create: bool) -> Option<LogGuard> {
    if create {
        fs::create_dir_all(state_dir).ok()?;
    } else if !state_dir.is_dir() {
        return None;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(state_dir.join("authgate.log"))
        .ok()?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init()
        .ok()?;
    Some(LogGuard)
}
