//! A foreground `authgate sandbox` in `dir/.authgate/sandbox`, as a user starts it in a
//! second terminal; every command run in `dir` with `--sandbox` then finds it. Killed (-9)
//! when dropped, so a failing test leaves none behind.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use authgate_sandbox::read_endpoint;

pub struct Sandbox {
    child: Child,
    dir: PathBuf,
    /// Set once the sandbox has published its address ([`Sandbox::wait_for_endpoint`]).
    pub base_url: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a sandbox in `dir` and waits until it has published its address.
pub fn sandbox(dir: &Path) -> Sandbox {
    let mut sandbox = spawn(dir);
    sandbox.wait_for_endpoint();
    sandbox
}

/// Starts a sandbox in `dir` without waiting for it (the `&` of `authgate sandbox &`), on a
/// free port.
pub fn spawn(dir: &Path) -> Sandbox {
    spawn_with(dir, &["--port", "0", "--dir", ".authgate/sandbox"])
}

/// `authgate sandbox ARGS` in `dir` (with no `--port`, the directory's own address; the
/// default `--dir` is `.authgate/sandbox`), without waiting for it.
pub fn spawn_with(dir: &Path, args: &[&str]) -> Sandbox {
    // `AUTHGATE_TEST_BIN`: as in support/cli.rs, for builders sharing one target directory.
    let binary = std::env::var("AUTHGATE_TEST_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_authgate").to_owned());
    let child = Command::new(binary)
        .current_dir(dir)
        .env(super::cli::FIRST_PORT_ENV, "auto")
        .arg("sandbox")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("starting authgate sandbox");
    Sandbox {
        child,
        dir: dir.join(".authgate/sandbox"),
        base_url: String::new(),
    }
}

impl Sandbox {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits (at most a minute) until this process has published its address.
    pub fn wait_for_endpoint(&mut self) -> &str {
        let deadline = Instant::now() + Duration::from_mins(1);
        let pid = self.pid();
        loop {
            if let Some(endpoint) = read_endpoint(&self.dir)
                && endpoint.pid == pid
            {
                endpoint
                    .base_url
                    .trim_end_matches('/')
                    .clone_into(&mut self.base_url);
                return &self.base_url;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the sandbox (pid {pid}) exited with {status} (its stderr is above)");
            }
            assert!(
                Instant::now() < deadline,
                "the sandbox (pid {pid}) did not start within 60 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
