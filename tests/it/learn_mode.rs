//! Learn mode by keys, in a real terminal (tmux): the tutorial set up in a foreground
//! sandbox, a scenario breaks the issuer, and the learner, in step 3's "I'll do it", presses
//! `c` (✗ with the nudge), `c` again (the exact fix), fixes it outside the wizard, and `c`
//! once more (✓, and the sidebar's mark follows the checks).

use crate::support::tmux::Tmux;
use crate::support::{cli, foreground};

#[test]
fn a_learner_checks_step_three_sees_the_nudge_then_the_fix_then_passes() {
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = foreground::sandbox(dir.path());
    cli::run_ok(dir.path(), &["setup", "--yes"]);
    cli::run_ok(dir.path(), &["scenario", "start", "issuer-without-slash"]);
    let bin = cli::binary();
    let command = format!("{bin} --state-dir .authgate --sandbox");
    let tmux = Tmux::start_sized("learn", dir.path(), &command, (120, 40));
    tmux.wait_for("the wizard", |s| s.contains("Step 1 of 5"));

    tmux.keys(&["l", "l"]);
    tmux.wait_for("step 3", |s| s.contains("Step 3 of 5"));
    tmux.keys(&["m"]);
    tmux.wait_for("I'll do it", |s| {
        s.contains("I'll do it") && s.contains("Not checked yet")
    });

    tmux.keys(&["c"]);
    let issuer = "TOKEN_ISSUER is the tenant's issuer";
    let screen = tmux.wait_up_to(
        std::time::Duration::from_secs(30),
        "the failing check",
        |s| s.contains(&format!("✗ {issuer}")),
    );
    assert!(
        screen.contains("hint:") && !screen.contains("fix:"),
        "the nudge first:\n{screen}"
    );
    assert!(screen.contains("without the trailing slash"), "{screen}");
    assert!(
        screen.contains("✗ 3 Create the custom"),
        "the sidebar follows the checks:\n{screen}"
    );

    tmux.keys(&["c"]);
    let screen = tmux.wait_for("the exact fix", |s| s.contains("fix:"));
    assert!(screen.contains("TOKEN_ISSUER ="), "{screen}");

    // The learner's fix, by hand, outside the wizard.
    cli::run_ok(dir.path(), &["scenario", "reset", "--yes"]);
    tmux.keys(&["c"]);
    let screen = tmux.wait_up_to(
        std::time::Duration::from_secs(30),
        "the passing check",
        |s| s.contains(&format!("✓ {issuer}")),
    );
    assert!(screen.contains("✓ 3 Create the custom"), "{screen}");
    assert!(
        screen.contains("The authorizer compares the token's iss"),
        "the hint stays after the pass:\n{screen}"
    );

    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_until_exited(), "0");
}
