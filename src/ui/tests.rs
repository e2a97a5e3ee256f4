//! Snapshots of every screen: each step at 80×24 and 120×40, help, too small, and the
//! action states (running, done, failed, explain).

use std::time::Duration;

use insta::assert_snapshot;

use super::test_support::{app, draw};
use crate::app::{ActionFailure, ActionOutput, ActionState, RunId};
use crate::steps::ActionId;

#[test]
fn every_step_screen_at_both_sizes() {
    for size in [(80, 24), (120, 40)] {
        for step in 0..5 {
            let mut app = app(size);
            app.selected_step = step;
            assert_snapshot!(
                format!("step{}_{}x{}", step + 1, size.0, size.1),
                draw(&app)
            );
        }
    }
}

#[test]
fn help_overlay() {
    let mut app = app((80, 24));
    app.overlay = crate::app::Overlay::Help;
    let screen = draw(&app);
    assert!(
        screen.contains("Ctrl-C quits"),
        "the last line fits at 80×24:\n{screen}"
    );
    assert_snapshot!(screen);
}

#[test]
fn too_small_terminal_says_what_size_is_needed() {
    let app = app((60, 20));
    let screen = draw(&app);
    assert!(screen.contains("80×24"), "{screen}");
    assert_snapshot!(screen);
}

#[test]
fn action_states_running_done_failed() {
    let mut app = app((120, 40));
    app.now = Duration::from_millis(3400);
    app.actions.insert(
        ActionId::EnsureResourceServer,
        ActionState::Done {
            output: ActionOutput::new("API reused")
                .detail("identifier https://petstore.authgate.example"),
            took: Duration::from_millis(420),
        },
    );
    app.actions.insert(
        ActionId::EnsureTestClient,
        ActionState::Running {
            run: RunId(2),
            started: Duration::from_secs(1),
            progress: vec!["looking for the tagged client".into()],
        },
    );
    app.actions.insert(
        ActionId::EnsureClientGrant,
        ActionState::Failed {
            failure: ActionFailure::new(
                "Auth0 refused to create the client grant (403 insufficient_scope)",
                "the management application lacks create:client_grants",
                "Dashboard > APIs > Auth0 Management API > Machine to Machine Applications: grant create:client_grants",
            ),
            took: Duration::from_millis(200),
        },
    );
    // Every state at both sizes (failed, running, done; pending is the step screens above).
    for size in [(120, 40), (80, 24)] {
        app.size = size;
        let (w, h) = size;
        app.selected_action_for_test(2);
        assert_snapshot!(format!("failed_action_selected_{w}x{h}"), draw(&app));
        app.selected_action_for_test(1);
        assert_snapshot!(format!("running_action_selected_{w}x{h}"), draw(&app));
        app.selected_action_for_test(0);
        assert_snapshot!(format!("done_action_selected_{w}x{h}"), draw(&app));
    }
    app.explain = true;
    assert_snapshot!("explain_80x24", draw(&app));
}
