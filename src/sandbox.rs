//! The local sandbox: one server on 127.0.0.1 that speaks Auth0's wire protocol (`tenant`)
//! and the AWS subset authgate uses (`aws`), with the data plane (`gateway`), so the wizard
//! runs with no accounts.

pub mod aws;
pub mod clock;
pub mod gateway;
pub mod hooks_client;
pub mod petstore;
pub mod server;
pub mod tenant;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// `DIR/endpoint.json`: written by a foreground `authgate sandbox`, removed when it stops.
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

    /// The AWS settings that point the SDK at this sandbox.
    pub fn aws_settings(&self) -> crate::domain::aws::AwsSettings {
        aws::settings_for(self.base_url())
    }
}

/// Uses the sandbox named by `dir/endpoint.json` when it answers; otherwise starts one
/// in-process on a free loopback port, living as long as the returned link.
pub async fn connect_or_start(dir: &Path) -> Result<SandboxLink, tenant::TenantError> {
    if let Some(base_url) = running(dir).await {
        return Ok(SandboxLink::Running { base_url });
    }
    let handle = server::start(dir, SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
    Ok(SandboxLink::InProcess(handle))
}

async fn running(dir: &Path) -> Option<String> {
    let text = tokio::fs::read_to_string(dir.join(ENDPOINT_FILE))
        .await
        .ok()?;
    let endpoint: Endpoint = serde_json::from_str(&text).ok()?;
    let url = url::Url::parse(&endpoint.base_url).ok()?;
    let loopback = match url.host()? {
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
        url::Host::Domain(d) => d == "localhost",
    };
    if !loopback {
        return None;
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(1))
        .build()
        .ok()?;
    let probe = format!(
        "{}/.well-known/openid-configuration",
        endpoint.base_url.trim_end_matches('/')
    );
    let ok = client.get(probe).send().await.ok()?.status().is_success();
    ok.then(|| endpoint.base_url.trim_end_matches('/').to_owned())
}
