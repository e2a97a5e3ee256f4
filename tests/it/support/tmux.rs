//! A real terminal for the wizard: a tmux server of its own, driven by keys and read back
//! from the screen. Bounded waits; the server is killed when the guard drops.

use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::Duration;

pub struct Tmux {
    socket: String,
    /// The shell writes the program's exit code here (tmux 3.3's own `pane_dead_status`
    /// is sometimes left empty when a program exits quickly).
    exit_file: std::path::PathBuf,
}

impl Tmux {
    /// A 100×30 terminal running `command` in `dir`.
    pub fn start(name: &str, dir: &Path, command: &str) -> Self {
        Self::start_sized(name, dir, command, (100, 30))
    }

    pub fn start_sized(name: &str, dir: &Path, command: &str, size: (u16, u16)) -> Self {
        let (width, height) = (size.0.to_string(), size.1.to_string());
        let tmux = Self {
            socket: format!("authgate-{name}-{}", std::process::id()),
            exit_file: dir.join("exit-code"),
        };
        // A rerun in the same directory must not read the previous run's exit code.
        let _ = std::fs::remove_file(&tmux.exit_file);
        let shell = format!(
            "env {}=auto {command}; echo $? > {}",
            super::cli::FIRST_PORT_ENV,
            tmux.exit_file.display()
        );
        tmux.ok(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &width,
            "-y",
            &height,
            "-c",
            &dir.display().to_string(),
        ]);
        tmux.ok(&["set-option", "-t", "t", "remain-on-exit", "on"]);
        tmux.ok(&["respawn-pane", "-k", "-t", "t", &shell]);
        tmux
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux must be installed (scripts/test.sh installs it)")
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.ok(&["capture-pane", "-p", "-t", "t"])
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.ok(&args);
    }

    /// Poll the screen until `pred` holds; at most 10 s.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_up_to(Duration::from_secs(10), what, pred)
    }

    /// Poll the screen every 100 ms until `pred` holds; at most `bound`.
    pub fn wait_up_to(&self, bound: Duration, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = std::time::Instant::now() + bound;
        while std::time::Instant::now() < deadline {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            sleep(Duration::from_millis(100));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.screen());
    }

    /// Wait for the program to end; its exit code.
    pub fn wait_until_exited(&self) -> String {
        for _ in 0..100 {
            if let Ok(code) = std::fs::read_to_string(&self.exit_file)
                && code.ends_with('\n')
            {
                return code.trim().to_owned();
            }
            sleep(Duration::from_millis(100));
        }
        panic!("the program did not exit; screen:\n{}", self.screen());
    }

    pub fn pane(&self, format: &str) -> String {
        self.ok(&["display-message", "-p", "-t", "t", format])
            .trim()
            .to_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

impl Tmux {
    /// The pid of the program in the pane (the pane's shell runs it as its child).
    pub fn program_pid(&self) -> Option<String> {
        let shell = self.pane("#{pane_pid}");
        let out = Command::new("pgrep").args(["-P", &shell]).output().ok()?;
        let pid = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()?
            .trim()
            .to_owned();
        (!pid.is_empty()).then_some(pid)
    }
}
