//! The local sandbox: one server on 127.0.0.1 that speaks Auth0's wire protocol (`tenant`)
//! and the AWS subset authgate uses (`aws`), with the data plane (`gateway`), so the wizard
//! runs with no accounts.

mod address;
pub mod audit;
mod aws;
mod clock;
mod error;
pub mod gateway;
mod guard;
mod holder;
pub mod hooks_client;
mod launching;
mod occupant;
mod ownership;
mod persist;
mod petstore;
pub mod server;
mod sync;
mod tenant;

pub use address::Wanted;
pub use aws::runtime::{Family, Launch, Runtime, SUPPORTED};
pub use aws::{ACCOUNT_ID, AwsState, DEFAULT_REGION};
pub use clock::SandboxClock;
pub use error::SandboxError;
pub use holder::Holder;
pub use occupant::Occupant;
pub use ownership::read_endpoint;
pub use tenant::{
    DEVICE_GRANT, MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET, SEED_PASSWORD, management_scopes,
};

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// `DIR/endpoint.json`: published by the sandbox that holds the directory's lock (foreground
/// or in-process) once it accepts connections, removed when it stops.
#[derive(Debug, Serialize, Deserialize)]
pub struct Endpoint {
    pub base_url: String,
    pub pid: u32,
}

pub const ENDPOINT_FILE: &str = "endpoint.json";

/// A sandbox a command talks to: one already running, or one started for this command.
pub enum SandboxLink {
    Running { base_url: String },
    InProcess(server::SandboxHandle),
}

impl SandboxLink {
    pub fn base_url(&self) -> &str {
        match self {
            Self::Running { base_url } => base_url,
            Self::InProcess(handle) => handle.base_url(),
        }
    }
}

/// How long a command waits for a sandbox that holds the directory but has not published
/// its address yet (it is generating keys or binding its port).
const STARTING_WAIT: Duration = Duration::from_secs(10);

/// When no sandbox has published an address and one of ours may be starting from this
/// directory (`authgate sandbox & authgate --sandbox setup`, see `launching`), it gets this
/// head start to take the directory before the command starts a private one.
const HEAD_START: Duration = Duration::from_millis(500);

/// Uses the sandbox that serves `dir` (waiting for one that is starting, with a progress
/// line to `progress`); only when no process holds the directory does it start one
/// in-process, which then holds the directory for as long as the returned link lives.
pub async fn connect_or_start(
    dir: &Path,
    wanted: Wanted,
    progress: &(dyn Fn(String) + Sync),
) -> Result<SandboxLink, error::SandboxError> {
    if ownership::read_endpoint(dir).is_none() && launching::sandbox_may_be_starting() {
        tokio::time::sleep(HEAD_START).await;
    }
    let started = std::time::Instant::now();
    let probe = authgate_core::http::client_builder()
        .timeout(Duration::from_secs(1))
        .build()
        .ok();
    let mut said = false;
    loop {
        let holder = match ownership::claim(dir)? {
            ownership::Claim::Owner(owner) => {
                return Ok(SandboxLink::InProcess(
                    server::start_owned(owner, wanted).await?,
                ));
            }
            ownership::Claim::Taken(holder) => holder,
        };
        if let (Some(client), Some(base_url)) = (&probe, &holder.base_url)
            && answers(client, base_url).await
        {
            return Ok(SandboxLink::Running {
                base_url: base_url.trim_end_matches('/').to_owned(),
            });
        }
        if started.elapsed() >= STARTING_WAIT {
            return Err(error::SandboxError::StillStarting {
                dir: dir.to_owned(),
                holder,
                waited_secs: STARTING_WAIT.as_secs(),
            });
        }
        if !said {
            progress(format!(
                "waiting for the sandbox starting in {} ({})…",
                dir.display(),
                holder.pid_label()
            ));
            said = true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// True when a published address is on loopback and the sandbox there answers.
async fn answers(client: &reqwest::Client, base_url: &str) -> bool {
    if !authgate_core::loopback::is_loopback_url(base_url) {
        return false;
    }
    let probe = format!(
        "{}/.well-known/openid-configuration",
        base_url.trim_end_matches('/')
    );
    client
        .get(probe)
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}
