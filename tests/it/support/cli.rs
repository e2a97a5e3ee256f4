//! The authgate binary run as a user runs it, for tests: in a directory, with
//! `--state-dir .authgate` (and mostly `--sandbox`), no terminal, and none of the caller's endpoint or
//! tenant settings.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Test directories run side by side: none of them claims the default port 4566 (a
/// directory records its first port, and a later start there must find it free).
pub const FIRST_PORT_ENV: &str = "AUTHGATE_SANDBOX_FIRST_PORT";

/// The binary under test; `AUTHGATE_TEST_BIN` overrides it (builders sharing one target
/// directory overwrite each other's `target/debug/authgate`).
pub fn binary() -> String {
    std::env::var("AUTHGATE_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_authgate").to_owned())
}

/// `authgate --state-dir .authgate` in `dir`, before its subcommand.
pub fn plain(dir: &Path) -> Command {
    let mut command = Command::new(binary());
    command
        .current_dir(dir)
        .args(["--state-dir", ".authgate"])
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AUTH0_DOMAIN")
        .env(FIRST_PORT_ENV, "auto")
        .stdin(Stdio::null());
    command
}

/// `authgate --state-dir .authgate --sandbox` in `dir`, before its subcommand.
pub fn command(dir: &Path) -> Command {
    let mut command = plain(dir);
    command.arg("--sandbox");
    command
}

/// Runs `command` with `args`, echoing what it printed (shown when a test fails).
pub fn output(command: &mut Command, args: &[&str]) -> Output {
    let out = command.args(args).output().expect("running authgate");
    eprintln!(
        "$ authgate {}\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    output(&mut command(dir), args)
}

/// [`run`], which must succeed.
pub fn run_ok(dir: &Path, args: &[&str]) -> Output {
    let out = run(dir, args);
    assert!(out.status.success(), "authgate {args:?} failed");
    out
}
