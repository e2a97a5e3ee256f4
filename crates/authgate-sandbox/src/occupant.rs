//! Who holds a loopback port: another directory's sandbox (it answers `GET /sandbox/about`
//! with its directory), else the process the OS names, so an error can say what to stop.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// `GET /sandbox/about`: which directory a running sandbox serves.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct About {
    pub dir: PathBuf,
    pub pid: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Occupant {
    Sandbox(About),
    Process {
        pid: u32,
        name: String,
    },
    /// The OS did not say (another user's process, or a platform without the lookup).
    Unknown,
}

impl fmt::Display for Occupant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sandbox(about) => write!(
                f,
                "the sandbox of {} (pid {})",
                about.dir.display(),
                about.pid
            ),
            Self::Process { pid, name } => write!(f, "{name} (pid {pid})"),
            Self::Unknown => f.write_str("another process"),
        }
    }
}

pub async fn identify(port: u16) -> Occupant {
    if let Some(about) = ask_sandbox(port).await {
        return Occupant::Sandbox(about);
    }
    tokio::task::spawn_blocking(move || from_os(port))
        .await
        .unwrap_or(Occupant::Unknown)
}

async fn ask_sandbox(port: u16) -> Option<About> {
    let client = authgate_core::http::client_builder()
        .timeout(Duration::from_millis(800))
        .build()
        .ok()?;
    let answer = client
        .get(format!("http://127.0.0.1:{port}/sandbox/about"))
        .send()
        .await
        .ok()?;
    if !answer.status().is_success() {
        return None;
    }
    answer.json().await.ok()
}

fn from_os(port: u16) -> Occupant {
    match listeners::get_process_by_port(port, listeners::Protocol::TCP) {
        Ok(process) => Occupant::Process {
            pid: process.pid,
            name: process.name,
        },
        Err(error) => {
            tracing::debug!(%error, port, "the OS did not name the port's holder");
            Occupant::Unknown
        }
    }
}
