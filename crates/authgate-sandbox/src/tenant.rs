//! The sandbox tenant: an axum server on 127.0.0.1 that speaks the part of Auth0's wire
//! protocol authgate uses (discovery, JWKS, `/oauth/token`, Management API resource servers,
//! clients and client grants), plus documented teaching hooks under `/sandbox/…`.
//!
//! [`router`] is merged with the AWS routes into one server by [`crate::server`].

mod hooks;
mod keys;
// Handlers return a ready axum `Response` as their error, as axum code does.
#[allow(clippy::result_large_err)]
mod management;
#[allow(clippy::result_large_err)]
mod oauth;
mod persist;
mod store;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;

pub use hooks::Hooks;
pub(crate) use persist::write_atomically;

/// The sandbox management application's client id. Not a secret: it only works against a
/// sandbox listening on 127.0.0.1, like the `test`/`test` credentials of local AWS emulators.
pub const MANAGEMENT_CLIENT_ID: &str = "authgate-sandbox-management";
/// The sandbox management application's client secret; fixed and documented for the same
/// reason as [`MANAGEMENT_CLIENT_ID`]: it unlocks nothing but a loopback sandbox.
pub const MANAGEMENT_CLIENT_SECRET: &str = "sandbox-management-secret";

/// Every Management API scope the sandbox knows: exactly those authgate asks a real
/// management app for, so its management app has them all by default.
pub const MANAGEMENT_SCOPES: &[&str] = authgate_core::tutorial::REQUIRED_MANAGEMENT_SCOPES;

#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    #[error("sandbox file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("sandbox file {path} is not what the sandbox wrote: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("generating or encoding an RSA key failed")]
    Crypto,
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the sandbox listens on loopback only; {addr} is not a loopback address")]
    NotLoopback { addr: SocketAddr },
    #[error("{}", served_by(dir, holder))]
    AlreadyServed {
        dir: PathBuf,
        holder: crate::ownership::Holder,
    },
    #[error("the sandbox starting in {} (pid {}) did not publish its address within {waited_secs} s", dir.display(), pid.map_or_else(|| "unknown".to_owned(), |p| p.to_string()))]
    StillStarting {
        dir: PathBuf,
        pid: Option<u32>,
        waited_secs: u64,
    },
}

fn served_by(dir: &Path, holder: &crate::ownership::Holder) -> String {
    let pid = holder
        .pid
        .map_or_else(|| "pid unknown".to_owned(), |p| format!("pid {p}"));
    match &holder.base_url {
        Some(url) => format!(
            "a sandbox ({pid}) already serves {} at {url}",
            dir.display()
        ),
        None => format!("a sandbox ({pid}) is starting in {}", dir.display()),
    }
}

impl TenantError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_owned(),
            source,
        }
    }
    pub(crate) fn corrupt(path: &Path, detail: &dyn std::fmt::Display) -> Self {
        Self::Corrupt {
            path: path.to_owned(),
            detail: detail.to_string(),
        }
    }
}

impl authgate_core::hint::Hint for TenantError {
    fn fix(&self) -> String {
        match self {
            Self::Io { path, .. } => format!("check that {} is writable", path.display()),
            Self::Corrupt { path, .. } => {
                format!(
                    "move {} away; the sandbox recreates it on the next start",
                    path.display()
                )
            }
            Self::Crypto => "this is a bug in authgate; please report it".into(),
            Self::Bind { .. } => "pick another port with --port, or 0 for a free one".into(),
            Self::NotLoopback { .. } => "use 127.0.0.1".into(),
            Self::AlreadyServed { .. } => "use it with --sandbox (e.g. `authgate --sandbox setup`), or stop it first; one sandbox serves a directory, so nothing it holds is overwritten".into(),
            Self::StillStarting { pid, .. } => format!(
                "check that process{} is a working `authgate sandbox` (its log is .authgate/authgate.log), or stop it and rerun",
                pid.map_or_else(String::new, |p| format!(" {p}"))
            ),
        }
    }
}

/// Shared state of one sandbox tenant (cheap to clone).
#[derive(Clone)]
pub struct TenantState(Arc<Inner>);

struct Inner {
    base_url: String,
    keys: RwLock<keys::KeyRing>,
    store: Mutex<store::Store>,
    hooks: Mutex<Hooks>,
    clock: crate::clock::SandboxClock,
}

impl TenantState {
    /// Loads (or creates) keys and objects under `dir`; `base_url` is how clients reach the
    /// server (`http://127.0.0.1:PORT`), which becomes the issuer with a trailing slash.
    pub fn open(dir: &Path, base_url: &str) -> Result<Self, TenantError> {
        std::fs::create_dir_all(dir).map_err(|e| TenantError::io(dir, e))?;
        Ok(Self(Arc::new(Inner {
            base_url: base_url.trim_end_matches('/').to_owned(),
            keys: RwLock::new(keys::KeyRing::load_or_create(dir)?),
            store: Mutex::new(store::Store::load_or_create(dir)?),
            hooks: Mutex::new(Hooks::default()),
            clock: crate::clock::SandboxClock::new(),
        })))
    }

    pub fn base_url(&self) -> &str {
        &self.0.base_url
    }
    /// `iss` of every token: the base URL with a trailing slash, as Auth0 does.
    pub fn issuer(&self) -> String {
        format!("{}/", self.0.base_url)
    }
    /// The clock tokens are issued by; share it with the gateway so one
    /// `/sandbox/clock-skew` moves both.
    pub fn clock(&self) -> crate::clock::SandboxClock {
        self.0.clock.clone()
    }
    pub fn management_audience(&self) -> String {
        format!("{}/api/v2/", self.0.base_url)
    }
}

/// All tenant routes on `state`; merge it with other routers to share one port.
pub fn router(state: TenantState) -> Router {
    Router::new()
        .merge(oauth::routes())
        .merge(management::routes(state.clone()))
        .merge(hooks::routes())
        .with_state(state)
}

/// A running sandbox (tenant and AWS on one port); see [`crate::server`].
pub type TenantHandle = crate::server::SandboxHandle;
pub use crate::server::start;
