use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Overlay;
use crate::app::{App, Command, Msg};
use crate::state::Target;
use crate::steps::StepsFile;

fn app() -> App {
    App::new(StepsFile::load(None).unwrap(), Target::Sandbox, (120, 40))
}

fn key(app: &mut App, code: KeyCode) -> Option<Command> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn ctrl_c(app: &mut App) -> Option<Command> {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )))
}

#[test]
fn ctrl_c_quits_from_every_overlay_even_while_a_field_is_edited() {
    let mut app = app();
    assert_eq!(ctrl_c(&mut app), Some(Command::Quit));
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Enter);
    assert!(matches!(&app.overlay, Overlay::Form(f) if f.editing.is_some()));
    assert_eq!(ctrl_c(&mut app), Some(Command::Quit));
    let mut app = self::app();
    key(&mut app, KeyCode::Char('s'));
    assert!(app.overlay.status_view().is_some());
    assert_eq!(ctrl_c(&mut app), Some(Command::Quit));
    let mut app = self::app();
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(ctrl_c(&mut app), Some(Command::Quit));
}

#[test]
fn a_paste_over_an_overlay_opens_the_inspector_and_esc_returns_to_it() {
    let mut app = app();
    key(&mut app, KeyCode::Char('x'));
    assert!(app.overlay.sandbox_tools().is_some());
    app.update(Msg::Paste("eyJ.eyJ.c2ln".into()));
    assert!(app.overlay.inspector().is_some());
    assert!(
        app.is_animating(),
        "the tools' hook still runs under the inspector"
    );
    assert_eq!(key(&mut app, KeyCode::Esc), None);
    assert!(app.overlay.inspector().is_none());
    assert!(app.overlay.sandbox_tools().is_some(), "back where it was");
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
}

#[test]
fn one_overlay_at_a_time_and_its_keys_close_it() {
    let mut app = app();
    for (open, close) in [('?', KeyCode::Char('?')), ('f', KeyCode::Char('q'))] {
        key(&mut app, KeyCode::Char(open));
        assert!(!app.overlay.is_none(), "{open} opens an overlay");
        assert_eq!(
            key(&mut app, KeyCode::Char('s')),
            None,
            "s is not status here"
        );
        assert!(app.overlay.status_view().is_none());
        key(&mut app, close);
        assert!(app.overlay.is_none(), "{close:?} closes what {open} opened");
    }
}
