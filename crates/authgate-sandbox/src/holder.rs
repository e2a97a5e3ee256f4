//! Who serves a sandbox directory that another process has locked, as far as it has said:
//! what a start that finds the directory taken reports (`SandboxError`) and waits for.

/// Who serves a directory that is locked by another process, as far as it has said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: Option<u32>,
    /// `None` while it is still starting (no endpoint published yet).
    pub base_url: Option<String>,
}

impl Holder {
    /// `pid N`, or `pid unknown` when the lock file named none.
    pub fn pid_label(&self) -> String {
        self.pid
            .map_or_else(|| "pid unknown".to_owned(), |p| format!("pid {p}"))
    }
}
