//! The device login's waiting screen: URL, the code large, the QR code, the poll count; Esc
//! cancels it, and a cancelled run's late messages change nothing.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};
use insta::assert_snapshot;

use super::login_screen::qr_lines;
use super::test_support::{app, draw};
use crate::app::{App, Command, Msg, TaskEvent, TaskEventKind};
use crate::steps::ActionId;
use authgate_providers::auth0::{DeviceLoginEvent, LoginPrompt, PollEvent};

const URI: &str = "http://127.0.0.1:4566/activate";

fn prompt() -> LoginPrompt {
    LoginPrompt {
        verification_uri: URI.into(),
        verification_uri_complete: Some(format!("{URI}?user_code=BCDF-GHJK")),
        user_code: "BCDF-GHJK".into(),
        expires_in: Duration::from_mins(15),
        interval: Duration::from_secs(5),
    }
}

fn send(app: &mut App, run: crate::app::RunId, event: DeviceLoginEvent) {
    app.update(Msg::Task(TaskEvent {
        run,
        action: ActionId::LogInUser,
        kind: TaskEventKind::DeviceLogin(event),
    }));
}

/// Step 1 with "Log in as a user" started, its prompt shown and `polls` polls answered.
fn waiting(size: (u16, u16), polls: u32) -> (App, crate::app::RunId) {
    let mut app = app(size);
    app.selected_action_for_test(6);
    let Some(Command::Run { run, action }) = app.update(Msg::Key(KeyEvent::from(KeyCode::Enter)))
    else {
        panic!("Enter runs the selected action");
    };
    assert_eq!(action, ActionId::LogInUser);
    send(&mut app, run, DeviceLoginEvent::Prompt(prompt()));
    app.now = Duration::from_secs(40);
    if polls > 0 {
        send(
            &mut app,
            run,
            DeviceLoginEvent::Poll(PollEvent::Polled { count: polls }),
        );
    }
    (app, run)
}

#[test]
fn the_waiting_screen_shows_the_url_the_code_and_a_qr_code() {
    for size in [(80, 24), (120, 40)] {
        let (app, _) = waiting(size, 3);
        let screen = draw(&app);
        assert!(screen.contains(URI), "{screen}");
        assert!(screen.contains("B C D F - G H J K"), "{screen}");
        assert!(screen.contains("polled 3 times"), "{screen}");
        assert!(screen.contains("14:20"), "{screen}");
        assert!(
            screen.contains("████ ▄▄▄▄▄ █"),
            "a finder pattern: {screen}"
        );
        assert_snapshot!(format!("login_waiting_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn the_qr_code_is_half_blocks_inside_a_quiet_zone() {
    let lines = qr_lines(&format!("{URI}?user_code=BCDF-GHJK")).unwrap();
    // Version 3 (29 modules) and 4 quiet modules a side; two module rows per text row.
    assert_eq!(lines[0].chars().count(), 37);
    assert_eq!(lines.len(), 19);
    assert!(lines[0].chars().all(|c| c == '█'), "{}", lines[0]);
}

#[test]
fn a_slow_down_shows_the_new_interval() {
    let (mut app, run) = waiting((120, 40), 1);
    send(
        &mut app,
        run,
        DeviceLoginEvent::Poll(PollEvent::SlowedDown {
            interval: Duration::from_secs(10),
        }),
    );
    let screen = draw(&app);
    assert!(screen.contains("polled 1 time,"), "{screen}");
    assert!(screen.contains("every 10 s"), "{screen}");
    assert!(screen.contains("slow down"), "{screen}");
}

#[test]
fn esc_cancels_the_poll_and_late_messages_are_dropped() {
    let (mut app, run) = waiting((80, 24), 2);
    let command = app.update(Msg::Key(KeyEvent::from(KeyCode::Esc)));
    assert_eq!(command, Some(Command::Cancel(run)));
    assert!(app.login_view().is_none());
    send(
        &mut app,
        run,
        DeviceLoginEvent::Poll(PollEvent::Polled { count: 3 }),
    );
    send(&mut app, run, DeviceLoginEvent::Prompt(prompt()));
    assert!(app.login_view().is_none(), "a stale run draws nothing");
    let screen = draw(&app);
    assert!(!screen.contains("waiting…"), "{screen}");
    assert!(screen.contains("cancelled"), "{screen}");
}
