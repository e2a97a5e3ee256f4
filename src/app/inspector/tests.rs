use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::{App, ClipboardError, Command, Msg};
use crate::state::Target;
use crate::steps::StepsFile;

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

fn app() -> App {
    App::new(StepsFile::load(None).unwrap(), Target::Sandbox, (120, 40))
}

fn press(app: &mut App, code: KeyCode) -> Option<Command> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert_eq!(
            press(app, KeyCode::Char(c)),
            None,
            "typing {c:?} is not a command"
        );
    }
}

#[test]
fn i_opens_the_inspector_prefilled_from_the_state_and_asks_for_a_first_inspection() {
    let mut app = app();
    app.verifier_defaults = Some(crate::state::VerifierSettings {
        issuer: "https://t.example/".into(),
        audience: "https://api".into(),
        jwks_uri: String::new(),
        required_permissions: None,
    });
    let Some(Command::Inspect { request, .. }) = press(&mut app, KeyCode::Char('i')) else {
        panic!("i asks for an inspection");
    };
    assert_eq!(request.issuer, "https://t.example/");
    assert_eq!(request.audience, "https://api");
    assert!(app.overlay.inspector().is_some());
}

#[test]
fn letters_type_into_the_form_and_enter_applies_them() {
    let mut app = app();
    press(&mut app, KeyCode::Char('i'));
    // q and e are wizard keys, but in the form they are text.
    type_text(&mut app, "Bearer qe");
    let Some(Command::Inspect { request, .. }) = press(&mut app, KeyCode::Enter) else {
        panic!("Enter applies");
    };
    assert_eq!(request.input, "Bearer qe");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "https://iss/");
    let Some(Command::Inspect { request, .. }) = press(&mut app, KeyCode::Enter) else {
        panic!("Enter applies");
    };
    assert_eq!(request.issuer, "https://iss/");
}

#[test]
fn a_paste_anywhere_opens_the_inspector_and_inspects_at_once() {
    let mut app = app();
    let command = app.update(Msg::Paste(format!("  {TOKEN}\n")));
    let Some(Command::Inspect { request, .. }) = command else {
        panic!("a pasted token is inspected at once");
    };
    assert_eq!(request.input, TOKEN);
}

#[test]
fn only_the_awaited_inspection_is_shown() {
    let mut app = app();
    let Some(Command::Inspect { run: first, .. }) = press(&mut app, KeyCode::Char('i')) else {
        panic!()
    };
    let Some(Command::Inspect { run: second, .. }) = press(&mut app, KeyCode::Enter) else {
        panic!()
    };
    let inspection = |now| authgate_core::jwt::inspect::Inspection {
        now,
        now_rfc3339: String::new(),
        header: serde_json::Value::Null,
        claims: serde_json::Value::Null,
        times: vec![],
        notes: vec![],
        dialect: None,
        machine_to_machine: false,
        warnings: vec![],
        checks: vec![],
        policy: None,
        permission: None,
        observations: vec![],
    };
    app.update(Msg::Inspected {
        run: first,
        inspection: Box::new(inspection(1)),
    });
    assert!(
        app.overlay.inspector().unwrap().inspection.is_none(),
        "stale: dropped"
    );
    app.update(Msg::Inspected {
        run: second,
        inspection: Box::new(inspection(2)),
    });
    assert_eq!(
        app.overlay
            .inspector()
            .unwrap()
            .inspection
            .as_ref()
            .unwrap()
            .now,
        2
    );
}

#[test]
fn esc_returns_to_the_wizard_but_quits_a_standalone_inspector() {
    let mut app = app();
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(press(&mut app, KeyCode::Esc), None);
    assert!(app.overlay.inspector().is_none());
    app.open_inspector("", None);
    app.overlay.inspector_mut().unwrap().standalone = true;
    assert_eq!(press(&mut app, KeyCode::Esc), Some(Command::Quit));
}

#[test]
fn ctrl_chords_scope_reveal_paste_and_quit() {
    let mut app = app();
    press(&mut app, KeyCode::Char('i'));
    let ctrl = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    let Some(Command::Inspect { request, .. }) = app.update(ctrl('p')) else {
        panic!("a new scope re-inspects");
    };
    assert_eq!(request.scope, authgate_core::policy::PolicyScope::Api);
    app.update(ctrl('r'));
    assert!(app.overlay.inspector().unwrap().reveal);
    assert_eq!(app.update(ctrl('v')), Some(Command::ReadClipboard));
    let failed = app.update(Msg::Clipboard(Err(ClipboardError("no display".into()))));
    assert_eq!(failed, None);
    let note = app.overlay.inspector().unwrap().note.clone().unwrap();
    assert!(
        note.contains("no display") && note.contains("paste key"),
        "{note}"
    );
    assert_eq!(app.update(ctrl('c')), Some(Command::Quit));
}

#[test]
fn the_request_never_shows_its_token_in_debug_output() {
    let mut model = InspectorModel::new(TOKEN, "", "", "");
    model.focus = Field::Token;
    let debug = format!("{:?}", model.request());
    assert!(!debug.contains("eyJ"), "{debug}");
}
