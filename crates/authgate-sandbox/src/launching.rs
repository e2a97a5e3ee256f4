//! Whether a sandbox may be starting beside this command: `authgate sandbox & authgate
//! --sandbox setup` launches both at once, and the foreground sandbox must win the directory.
//! Only then does a command give it a head start before starting a private one.

use std::path::Path;

/// On Linux: true when another process of ours runs the `sandbox` subcommand from this
/// working directory (its own `--dir` is not parsed: any such process counts). Elsewhere,
/// or when `/proc` cannot be read: true, so the head start is kept.
pub fn sandbox_may_be_starting() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let Ok(here) = std::env::current_dir() else {
        return true;
    };
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return true;
    };
    let me = std::process::id();
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| *pid != me)
        .any(|pid| runs_sandbox_in(pid, &here))
}

fn runs_sandbox_in(pid: u32, here: &Path) -> bool {
    let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
        return false;
    };
    let mut argv = cmdline
        .split(|b| *b == 0)
        .map(|a| String::from_utf8_lossy(a).into_owned());
    let ours = argv.next().is_some_and(|program| {
        Path::new(&program)
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("authgate"))
    });
    if !ours || !argv.any(|a| a == "sandbox") {
        return false;
    }
    // A process whose directory cannot be read (another user's) is not ours to wait for.
    std::fs::read_link(format!("/proc/{pid}/cwd")).is_ok_and(|cwd| cwd == here)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn only_an_authgate_sandbox_in_this_directory_counts() {
        let here = std::env::current_dir().unwrap();
        // This test binary is not `authgate sandbox`: nothing of ours is starting.
        assert!(!runs_sandbox_in(std::process::id(), &here));
        let mut child = std::process::Command::new("sleep")
            .args(["5", "sandbox"])
            .spawn()
            .unwrap();
        assert!(
            !runs_sandbox_in(child.id(), &here),
            "a program not named authgate does not count"
        );
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
