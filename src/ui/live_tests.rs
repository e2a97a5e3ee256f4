//! Snapshots of what the wizard says when a ✓ would not be true: a step-5 call that ran but
//! proves nothing (⚠ with what, cause and fix), and a reopened wizard whose records no longer
//! match the live target (the steps from there "need rerun").

use std::time::Duration;

use insta::assert_snapshot;

use super::test_support::{app, draw};
use crate::app::{ActionFailure, ActionOutput, ActionState, Msg};
use crate::flow::live_check::Stale;
use crate::state::{ActionRecord, State};
use crate::steps::ActionId;

#[test]
fn a_read_only_post_that_got_through_is_a_warning() {
    for size in [(80, 24), (120, 40)] {
        let mut app = app(size);
        app.selected_step = 4;
        let warning = ActionFailure::new(
            "POST /pets with the read-only token answered 200, expected 403",
            "POST /pets requires write:pets: missing (token has: read:pets), yet your authorizer \
             allowed POST /pets: it checks no permissions",
            "make your handler compare the token's permissions with REQUIRED_PERMISSIONS",
        );
        let output =
            ActionOutput::new("read-only token → 200: your authorizer does not check permissions")
                .detail(
                    "the stage's policy cache was flushed first: the authorizer ran for this call",
                )
                .warn(warning);
        let took = Duration::from_millis(12);
        for action in app.steps.steps[4].actions.clone() {
            let output = if action.id == ActionId::PostWithReadToken {
                output.clone()
            } else {
                ActionOutput::new("as expected")
            };
            app.actions
                .insert(action.id, ActionState::Done { output, took });
        }
        app.selected_action_for_test(3);
        let screen = draw(&app);
        assert!(screen.contains("⚠ 5 "), "{screen}");
        assert_snapshot!(format!("warned_post_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn a_moved_sandbox_drops_every_step_to_needs_rerun() {
    let mut app = app((120, 40));
    let mut state = State::new();
    for action in app.steps.steps.iter().flat_map(|s| &s.actions) {
        state.actions.insert(
            action.id.key().into(),
            ActionRecord {
                summary: "recorded".into(),
                at: "2026-12-06T20:00:00Z".into(),
            },
        );
    }
    app.resume(&state);
    let Some(crate::app::Command::CheckLive(run)) = app.check_live() else {
        panic!()
    };
    // While the records are read back, no step shows ✓: they are being checked.
    let checking = draw(&app);
    assert!(!checking.contains('✓'), "{checking}");
    assert!(checking.contains("checking what is set up"), "{checking}");
    assert!(app.is_animating(), "the spinner turns while the check runs");
    let reason = "this directory's sandbox answers on http://127.0.0.1:4566 now, but what was \
                  set up here names http://127.0.0.1:46033";
    app.update(Msg::Live {
        run,
        result: Ok(vec![Stale {
            step: 0,
            reason: reason.into(),
        }]),
    });
    let screen = draw(&app);
    assert!(!screen.contains('✓'), "{screen}");
    assert_snapshot!("moved_sandbox_120x40", screen);
}
