//! Snapshots of the sandbox tools overlay, and its keys: each hook is a command for the task
//! runner, answers with a stale run id are dropped, and with a real account `x` explains.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};
use insta::assert_snapshot;

use super::test_support::{app_in, draw};
use crate::app::{ActionFailure, App, Command, Msg};
use crate::state::Target;
use authgate_sandbox::hooks_client::{CachedResult, HookOp, HooksSnapshot};

fn key(app: &mut App, c: char) -> Option<Command> {
    app.update(Msg::Key(KeyEvent::from(KeyCode::Char(c))))
}

fn snapshot() -> HooksSnapshot {
    HooksSnapshot {
        kids: vec!["sandbox-key-2".into(), "sandbox-key-1".into()],
        skew_secs: 3600,
        cache: vec![CachedResult {
            api_id: "abc123".into(),
            stage: "test".into(),
            token_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            principal_id: "client123@clients".into(),
            policy: vec!["Allow arn:aws:execute-api:us-east-1:000000000000:abc123/test/*/*".into()],
            seconds_left: 300,
        }],
    }
}

#[test]
fn the_overlay_shows_keys_clock_and_the_cache_counting_down() {
    for size in [(80, 24), (120, 40)] {
        let mut app = app_in(Target::Sandbox, size);
        let Some(Command::Hook { run, op }) = key(&mut app, 'x') else {
            panic!("x reads the sandbox");
        };
        assert_eq!(op, HookOp::Refresh);
        assert_snapshot!(
            format!("sandbox_tools_reading_{}x{}", size.0, size.1),
            draw(&app)
        );
        app.now = Duration::from_secs(10);
        let note = Some("new signing key sandbox-key-2".to_owned());
        app.update(Msg::Hooked {
            run,
            result: Ok((note, snapshot())),
        });
        app.now = Duration::from_secs(15);
        assert!(app.is_animating(), "the countdown ticks");
        let screen = draw(&app);
        assert!(screen.contains("expires in 295 s"), "{screen}");
        assert_snapshot!(format!("sandbox_tools_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn each_key_is_one_hook_and_stale_answers_are_dropped() {
    let mut app = app_in(Target::Sandbox, (120, 40));
    let Some(Command::Hook { run: first, .. }) = key(&mut app, 'x') else {
        panic!("x reads the sandbox");
    };
    for (c, want) in [
        ('k', HookOp::RotateKey),
        ('+', HookOp::SkewBy(3600)),
        ('-', HookOp::SkewBy(-3600)),
        ('<', HookOp::SkewBy(-86_400)),
        ('0', HookOp::ResetClock),
        ('f', HookOp::FlushCache),
        ('r', HookOp::Refresh),
    ] {
        let Some(Command::Hook { op, .. }) = key(&mut app, c) else {
            panic!("{c} is a hook");
        };
        assert_eq!(op, want, "{c}");
    }
    app.update(Msg::Hooked {
        run: first,
        result: Ok((None, snapshot())),
    });
    let tools = app.overlay.sandbox_tools().unwrap();
    assert!(tools.snapshot.is_none(), "an older run's answer is dropped");

    let run = tools.pending.unwrap();
    let failure = ActionFailure::new("the sandbox did not answer", "it stopped", "restart it");
    app.update(Msg::Hooked {
        run,
        result: Err(failure),
    });
    let screen = draw(&app);
    assert!(screen.contains("✗ the sandbox did not answer") && screen.contains("fix:"));
    assert!(!app.is_animating(), "nothing to count down: no ticks");
    assert_eq!(key(&mut app, 'x'), None);
    assert!(app.overlay.sandbox_tools().is_none(), "x closes it");
}

#[test]
fn with_a_real_account_x_explains_instead() {
    let mut app = app_in(Target::Live, (80, 24));
    assert_eq!(key(&mut app, 'x'), None);
    assert!(app.overlay.sandbox_tools().is_none());
    assert!(draw(&app).contains("need --sandbox"));
}
