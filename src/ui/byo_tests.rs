//! Snapshots of step 3's settings with your own authorizer code: the path typed into the
//! form, then the runtime cycled from `detect` to nodejs22.x, and a deploy's output that
//! says which runtime was picked and why.

use crossterm::event::{KeyCode, KeyEvent};
use insta::assert_snapshot;

use super::test_support::{app, draw};
use crate::app::{App, Msg};

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::from(code)));
}

#[test]
fn byo_step3_settings_with_a_custom_authorizer() {
    for size in [(80, 24), (120, 40)] {
        let mut app = app(size);
        app.selected_step = 2;
        press(&mut app, KeyCode::Char('f'));
        for _ in 0..5 {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
        for _ in "bundled".chars() {
            press(&mut app, KeyCode::Backspace);
        }
        for c in "./authorizers/classic".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        // detect → nodejs22.x
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            app.inputs
                .authorizer
                .as_ref()
                .and_then(|a| a.runtime.as_deref()),
            Some("nodejs22.x")
        );
        assert_snapshot!(
            format!("byo_step3_settings_{}x{}", size.0, size.1),
            draw(&app)
        );
    }
}
