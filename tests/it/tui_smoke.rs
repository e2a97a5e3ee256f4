//! The wizard as a person meets it: the real binary in a real terminal (tmux), driven by
//! keys, read back from the screen. Bounded waits; its own tmux server, killed at the end.

use crate::support::tmux;

use tmux::Tmux;

const STEP_TITLES: [&str; 5] = [
    "Create an Auth0 API",
    "Import and deploy the",
    "Create the custom",
    "Secure the API",
    "Test your deployment",
];

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
