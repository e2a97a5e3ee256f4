//! One sandbox per directory. The sandbox that serves a directory holds an exclusive OS
//! lock on `DIR/sandbox.lock` (released by the kernel when the process dies, kill -9
//! included), so only it writes `aws.json`, `tenant.json` and the keys. Once it accepts
//! connections it publishes `DIR/endpoint.json`, and removes it on a clean stop.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

use super::{ENDPOINT_FILE, Endpoint};
use crate::error::SandboxError;
use crate::holder::Holder;
use crate::persist::write_atomically;

pub const LOCK_FILE: &str = "sandbox.lock";

/// The lock on a sandbox directory, held for as long as this value lives.
#[derive(Debug)]
pub struct Ownership {
    /// Holding the open file holds the lock.
    _lock: File,
    dir: PathBuf,
    published: bool,
}

pub enum Claim {
    Owner(Ownership),
    Taken(Holder),
}

/// Takes the directory's lock if it is free. A free lock means any `endpoint.json` left
/// there is stale (its sandbox died), so it is removed.
pub fn claim(dir: &Path) -> Result<Claim, SandboxError> {
    std::fs::create_dir_all(dir).map_err(|e| SandboxError::io(dir, e))?;
    let path = dir.join(LOCK_FILE);
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .map_err(|e| SandboxError::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Ok(Claim::Taken(holder(dir, &mut file))),
        Err(TryLockError::Error(e)) => return Err(SandboxError::io(&path, e)),
    }
    let endpoint = dir.join(ENDPOINT_FILE);
    match std::fs::remove_file(&endpoint) {
        Ok(()) => tracing::info!(path = %endpoint.display(), "removed a stale endpoint file"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(SandboxError::io(&endpoint, e)),
    }
    // The pid in the lock file lets a second sandbox name the first while it starts.
    let pid = std::process::id().to_string();
    file.set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(pid.as_bytes()))
        .map_err(|e| SandboxError::io(&path, e))?;
    Ok(Claim::Owner(Ownership {
        _lock: file,
        dir: dir.to_owned(),
        published: false,
    }))
}

impl Ownership {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `endpoint.json` atomically; call once the server accepts connections.
    pub fn publish(&mut self, base_url: &str) -> Result<(), SandboxError> {
        let endpoint = Endpoint {
            base_url: base_url.to_owned(),
            pid: std::process::id(),
        };
        let bytes = serde_json::to_vec_pretty(&endpoint).unwrap_or_default();
        write_atomically(&self.dir.join(ENDPOINT_FILE), &bytes)?;
        self.published = true;
        Ok(())
    }
}

impl Drop for Ownership {
    fn drop(&mut self) {
        if self.published {
            let _ = std::fs::remove_file(self.dir.join(ENDPOINT_FILE));
        }
    }
}

/// What the lock holder published: its endpoint, else the pid in the lock file.
fn holder(dir: &Path, lock: &mut File) -> Holder {
    if let Some(endpoint) = read_endpoint(dir) {
        return Holder {
            pid: Some(endpoint.pid),
            base_url: Some(endpoint.base_url),
        };
    }
    let mut text = String::new();
    let pid = lock
        .read_to_string(&mut text)
        .ok()
        .and_then(|_| text.trim().parse().ok());
    Holder {
        pid,
        base_url: None,
    }
}

pub fn read_endpoint(dir: &Path) -> Option<Endpoint> {
    let text = std::fs::read_to_string(dir.join(ENDPOINT_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_owner_at_a_time_and_a_stale_endpoint_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(ENDPOINT_FILE),
            r#"{"base_url":"http://127.0.0.1:9","pid":1}"#,
        )
        .unwrap();
        let Claim::Owner(mut first) = claim(dir.path()).unwrap() else {
            panic!("a free directory is claimed");
        };
        assert!(
            read_endpoint(dir.path()).is_none(),
            "the stale file is gone"
        );
        let Claim::Taken(starting) = claim(dir.path()).unwrap() else {
            panic!("a held directory is not claimed twice");
        };
        assert_eq!(starting.pid, Some(std::process::id()));
        assert_eq!(starting.base_url, None);

        first.publish("http://127.0.0.1:4566").unwrap();
        let Claim::Taken(serving) = claim(dir.path()).unwrap() else {
            panic!("still held");
        };
        assert_eq!(serving.base_url.as_deref(), Some("http://127.0.0.1:4566"));

        drop(first);
        assert!(
            read_endpoint(dir.path()).is_none(),
            "a clean stop removes it"
        );
        // Another test's child process may hold a copy of the lock's descriptor for the
        // moment between its fork and its exec; a claim a little later finds it free.
        let freed = (0..50).any(|_| {
            let owner = matches!(claim(dir.path()).unwrap(), Claim::Owner(_));
            if !owner {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            owner
        });
        assert!(freed, "a dropped owner frees the directory");
    }
}
