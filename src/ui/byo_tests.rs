//! Snapshots of step 3 with your own authorizer code: the settings with the path typed in
//! and the runtime cycled from `detect` to nodejs22.x; Deploy refusing a callback handler on
//! nodejs24.x with what, cause and fix, as the flow reports it.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};
use insta::assert_snapshot;

use super::test_support::{app, draw};
use crate::app::{ActionState, App, Msg};
use crate::authorizer_code::custom_authorizer::CustomAuthorizerError;
use crate::flow::failure::failure;
use crate::steps::ActionId;

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

#[test]
fn byo_deploy_refuses_a_callback_handler_on_nodejs24() {
    for size in [(80, 24), (120, 40)] {
        let mut app = app(size);
        app.selected_step = 2;
        let error = CustomAuthorizerError::CallbackOnNode24 {
            handler: "index.handler".to_owned(),
            params: 3,
        };
        let failure = failure("preparing your authorizer code", &error);
        let took = Duration::from_millis(12);
        app.actions.insert(
            ActionId::DeployLambda,
            ActionState::Failed { failure, took },
        );
        app.selected_action_for_test(3);
        assert_snapshot!(
            format!("byo_deploy_callback_on_nodejs24_{}x{}", size.0, size.1),
            draw(&app)
        );
    }
}

/// With your own code chosen, step 3 says what authgate does with it, not that the
/// authorizer is "one dependency-free file".
#[test]
fn byo_step3_text_is_about_your_code() {
    let mut app = app((120, 40));
    app.selected_step = 2;
    assert!(draw(&app).contains("dependency-free"));
    app.inputs.authorizer = Some(
        crate::authorizer_code::custom_authorizer::AuthorizerSource {
            path: "/work/authorizers/classic".into(),
            handler: None,
            runtime: None,
        },
    );
    let screen = draw(&app);
    assert!(screen.contains("your own code"), "{screen}");
    assert!(!screen.contains("dependency-free"), "{screen}");
}
