//! The sandbox's own error type: what can stop a sandbox from starting or from keeping its
//! state (files, keys, the port, the directory's lock), each with its fix.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
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
    #[error("the sandbox for this directory ({}) was on 127.0.0.1:{port}, and {occupant} holds that port now: every URL set up here would reach that one", dir.display())]
    PortTaken {
        dir: PathBuf,
        port: u16,
        occupant: crate::occupant::Occupant,
    },
    #[error("cannot listen on 127.0.0.1:{port}: {occupant} holds it")]
    PortInUse {
        port: u16,
        occupant: crate::occupant::Occupant,
    },
    #[error("the sandbox listens on loopback only; {addr} is not a loopback address")]
    NotLoopback { addr: SocketAddr },
    #[error("{}", served_by(dir, holder))]
    AlreadyServed {
        dir: PathBuf,
        holder: crate::holder::Holder,
    },
    #[error("the sandbox starting in {} ({}) did not publish its address within {waited_secs} s", dir.display(), holder.pid_label())]
    StillStarting {
        dir: PathBuf,
        holder: crate::holder::Holder,
        waited_secs: u64,
    },
}

fn served_by(dir: &Path, holder: &crate::holder::Holder) -> String {
    let pid = holder.pid_label();
    match &holder.base_url {
        Some(url) => format!(
            "a sandbox ({pid}) already serves {} at {url}",
            dir.display()
        ),
        None => format!("a sandbox ({pid}) is starting in {}", dir.display()),
    }
}

impl SandboxError {
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

impl authgate_core::hint::Hint for SandboxError {
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
            Self::PortTaken {
                dir,
                port,
                occupant,
            } => format!(
                "stop {occupant} and rerun, or give this directory another port once with \
                 `authgate sandbox --port 0 --dir {}` (then `authgate --sandbox setup` moves \
                 what was set up on :{port})",
                dir.display()
            ),
            Self::PortInUse { occupant, .. } => {
                format!("stop {occupant}, or pick another port with --port (0 for a free one)")
            }
            Self::NotLoopback { .. } => "use 127.0.0.1".into(),
            Self::AlreadyServed { .. } => {
                "use it with --sandbox (e.g. `authgate --sandbox setup`), or stop it first".into()
            }
            Self::StillStarting { holder, .. } => format!(
                "check that process{} is a working `authgate sandbox` (its log is .authgate/authgate.log), or stop it and rerun",
                holder.pid.map_or_else(String::new, |p| format!(" {p}"))
            ),
        }
    }
}
