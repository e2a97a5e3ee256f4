//! The two AWS stand-ins the same tests run against: moto server (with our extension,
//! which records some calls instead of running them) and the authgate sandbox (which runs
//! them: functions execute in node). What differs between them is answered here.

// Each test crate (aws_moto, aws_sandbox) starts one of the two.
#![allow(dead_code)]

use std::net::{Ipv4Addr, SocketAddr};

use authgate_providers::aws::{Aws, AwsSettings};
use authgate_sandbox::server::{self, SandboxHandle};
use serde_json::Value;

use super::harness::Moto;

pub struct Sandbox {
    pub handle: SandboxHandle,
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let handle = server::start(dir.path(), SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .expect("the sandbox starts");
        Self { handle, dir }
    }
}

pub enum Backend {
    Moto(Moto),
    Sandbox(Sandbox),
}

/// The region both backends are asked for.
pub const REGION: &str = "eu-west-1";

impl Backend {
    pub fn endpoint(&self) -> &str {
        match self {
            Self::Moto(m) => &m.endpoint,
            Self::Sandbox(s) => s.handle.base_url(),
        }
    }

    pub fn account(&self) -> &'static str {
        match self {
            Self::Moto(_) => "123456789012",
            Self::Sandbox(_) => authgate_sandbox::ACCOUNT_ID,
        }
    }

    pub async fn aws(&self) -> Aws {
        Aws::connect(&AwsSettings {
            profile: None,
            region: Some(REGION.to_owned()),
            endpoint: Some(self.endpoint().to_owned()),
        })
        .await
        .expect("SDK clients")
    }

    /// What moto's extension recorded for `op`; `None` on the sandbox, which keeps no
    /// record (it runs the call, so its result is checked instead).
    pub async fn recorded(&self, op: &str) -> Option<Vec<Value>> {
        match self {
            Self::Moto(m) => Some(m.recorded(op).await),
            Self::Sandbox(_) => None,
        }
    }

    /// Text the invocation's log tail must contain: moto's stand-in says so; the sandbox
    /// returns what the handler printed.
    pub fn log_marker(&self) -> &'static str {
        match self {
            Self::Moto(_) => "moto stand-in",
            Self::Sandbox(_) => "authgate test handler",
        }
    }

    /// How often the stage's authorizer cache was flushed.
    pub async fn flushes(&self, api: &str, stage: &str) -> usize {
        match self {
            Self::Moto(m) => m
                .recorded("FlushStageAuthorizersCache")
                .await
                .iter()
                .filter(|f| f["restApiId"] == api && f["stageName"] == stage)
                .count(),
            Self::Sandbox(s) => {
                usize::try_from(s.handle.aws().authorizer_cache_epoch(api, stage)).unwrap()
            }
        }
    }
}
