//! Snapshots of learn mode ("I'll do it") at 80×24 and 120×40, driven by keys through
//! `update`: before any check, checks failing with their nudge, the exact fix after a second
//! `c`, and all passing (hints kept, the sidebar's mark from the checks).

use crossterm::event::{KeyCode, KeyEvent};
use insta::assert_snapshot;

use super::test_support::{app, draw};
use crate::app::{App, Command, Msg, RunId};
use crate::check::{CheckResult, Fix, Report, Status, StepReport, TargetKind};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn press(app: &mut App, code: KeyCode) -> Option<Command> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn check(id: &'static str, title: &str, status: Status, what: &str) -> CheckResult {
    CheckResult {
        id,
        step: 3,
        title: title.to_owned(),
        status,
        what: what.to_owned(),
        hint: Some(format!("The nudge for {id}.")),
        fix: Some(Fix {
            console: "Lambda console > jwtRsaCustomAuthorizer > Configuration > Environment variables".into(),
            cli: "aws lambda update-function-configuration --function-name jwtRsaCustomAuthorizer \\\n  --environment '{\"Variables\":{…}}'".into(),
        }),
        follows_from: None,
    }
}

fn report(checks: Vec<CheckResult>) -> Report {
    Report {
        target: TargetKind::Sandbox,
        subject: String::new(),
        steps: vec![StepReport {
            step: 3,
            title: "Create the custom authorizer".into(),
            checks,
        }],
    }
}

/// Step 3 in "I'll do it", `c` pressed: the command it asks for.
fn learning_step3(size: (u16, u16)) -> (App, RunId) {
    let mut app = app(size);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    assert_eq!(press(&mut app, KeyCode::Char('m')), None);
    let Some(Command::Check { run, step }) = press(&mut app, KeyCode::Char('c')) else {
        panic!("c in I'll do it runs the step's checks");
    };
    assert_eq!(step, 3);
    (app, run)
}

#[test]
fn before_checking_the_instructions_show() {
    for size in SIZES {
        let mut app = app(size);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Char('m'));
        let screen = draw(&app);
        assert!(screen.contains("I'll do it"), "{screen}");
        assert_snapshot!(format!("learn_not_checked_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn failing_checks_nudge_first_and_the_second_c_shows_the_fix() {
    for size in SIZES {
        let (mut app, run) = learning_step3(size);
        let checks = vec![
            check(
                "step3.authorizer.exists",
                "A Lambda authorizer exists on the API",
                Status::Pass,
                "jwt-rsa-custom-authorizer",
            ),
            check(
                "step3.function_env.issuer",
                "TOKEN_ISSUER is the tenant's issuer, trailing slash included",
                Status::Fail,
                "TOKEN_ISSUER = http://127.0.0.1:4566, without the trailing slash; the tokens' iss http://127.0.0.1:4566/",
            ),
            check(
                "step3.authorizer.test_invoke",
                "The authorizer's Test with the token returns an Allow policy",
                Status::NotCheckable,
                "not checkable here: the AWS endpoint runs no code",
            ),
        ];
        app.update(Msg::Checked {
            run,
            step: 2,
            result: Ok(Box::new(report(checks))),
        });
        let nudged = draw(&app);
        assert!(
            nudged.contains("hint:") && !nudged.contains("fix:"),
            "{nudged}"
        );
        assert_snapshot!(format!("learn_failing_{}x{}", size.0, size.1), nudged);
        assert_eq!(
            press(&mut app, KeyCode::Char('c')),
            None,
            "the second c reveals"
        );
        let fixed = draw(&app);
        assert!(fixed.contains("fix:"), "{fixed}");
        assert_snapshot!(format!("learn_fix_revealed_{}x{}", size.0, size.1), fixed);
    }
}

#[test]
fn passing_checks_keep_their_hints_and_mark_the_sidebar() {
    for size in SIZES {
        let (mut app, run) = learning_step3(size);
        let checks = vec![
            check(
                "step3.authorizer.exists",
                "A Lambda authorizer exists on the API",
                Status::Pass,
                "found",
            ),
            check(
                "step3.function_env.issuer",
                "TOKEN_ISSUER is the tenant's issuer, trailing slash included",
                Status::Pass,
                "ok",
            ),
        ];
        app.update(Msg::Checked {
            run,
            step: 2,
            result: Ok(Box::new(report(checks))),
        });
        let screen = draw(&app);
        assert!(
            screen.contains("The nudge for step3.function_env.issuer"),
            "{screen}"
        );
        assert_eq!(app.step_status(app.step()), crate::app::StepStatus::Done);
        assert_snapshot!(format!("learn_passed_{}x{}", size.0, size.1), screen);
        press(&mut app, KeyCode::Char('m'));
        assert_eq!(
            app.step_status(app.step()),
            crate::app::StepStatus::Pending,
            "back in do it for me, the actions decide the mark"
        );
    }
}
