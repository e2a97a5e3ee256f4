//! The wizard as a person meets it: the real binary in a real terminal (tmux), driven by
//! keys, read back from the screen. Bounded waits; its own tmux server, killed at the end.

use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::Duration;

const STEP_TITLES: [&str; 5] = [
    "Create an Auth0 API",
    "Import and deploy the",
    "Create the custom",
    "Secure the API",
    "Test your deployment",
];

struct Tmux {
    socket: String,
    /// The shell writes the program's exit code here (tmux 3.3's own `pane_dead_status`
    /// is sometimes left empty when a program exits quickly).
    exit_file: std::path::PathBuf,
}

impl Tmux {
    fn start(name: &str, dir: &Path, command: &str) -> Self {
        let tmux = Self {
            socket: format!("authgate-{name}-{}", std::process::id()),
            exit_file: dir.join("exit-code"),
        };
        let shell = format!("{command}; echo $? > {}", tmux.exit_file.display());
        tmux.ok(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "100",
            "-y",
            "30",
            "-c",
            &dir.display().to_string(),
        ]);
        tmux.ok(&["set-option", "-t", "t", "remain-on-exit", "on"]);
        tmux.ok(&["respawn-pane", "-k", "-t", "t", &shell]);
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux must be installed (scripts/test.sh installs it)")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.ok(&["capture-pane", "-p", "-t", "t"])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.ok(&args);
    }

    /// Poll the screen until `pred` holds; at most 10 s.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        for _ in 0..100 {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            sleep(Duration::from_millis(100));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.screen());
    }

    /// Wait for the program to end; its exit code.
    fn wait_until_exited(&self) -> String {
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

    fn pane(&self, format: &str) -> String {
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

#[test]
fn wizard_opens_on_step_one_navigates_shows_help_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_authgate");
    let tmux = Tmux::start("wizard", dir.path(), &format!("{bin} --sandbox"));

    let screen = tmux.wait_for("the five step titles", |s| {
        STEP_TITLES.iter().all(|t| s.contains(t))
    });
    assert!(screen.contains("Step 1 of 5"), "{screen}");
    assert_eq!(
        tmux.pane("#{alternate_on}"),
        "1",
        "the wizard draws on the alternate screen"
    );

    tmux.keys(&["?"]);
    tmux.wait_for("the help overlay", |s| {
        s.contains("Help") && s.contains("previous action")
    });
    tmux.keys(&["?"]);
    tmux.wait_for("help to close", |s| !s.contains("previous action"));

    tmux.keys(&["l"]);
    tmux.wait_for("step 2", |s| s.contains("Step 2 of 5"));

    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_until_exited(), "0", "exit code");
    assert_eq!(
        tmux.pane("#{alternate_on}"),
        "0",
        "the terminal left the alternate screen"
    );
    let log = std::fs::read_to_string(dir.path().join(".authgate/authgate.log")).unwrap();
    assert!(log.contains("wizard stopped"), "{log}");
}

#[test]
fn a_steps_file_with_an_unknown_action_is_refused_before_the_screen_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/steps.toml")).unwrap();
    std::fs::write(
        dir.path().join("mine.toml"),
        text.replace("id = \"import_api\"", "id = \"import_everything\""),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_authgate");
    let tmux = Tmux::start("badsteps", dir.path(), &format!("{bin} --steps mine.toml"));
    assert_eq!(tmux.wait_until_exited(), "2", "a usage error");
    assert_eq!(tmux.pane("#{alternate_on}"), "0");
    let screen = tmux.screen();
    assert!(screen.contains("import_everything"), "{screen}");
}
