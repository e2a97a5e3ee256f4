//! Snapshots of the wired wizard's screens at 80×24 and 120×40: results with panels (token
//! checks, exchanges, test results), a failure with its raw response, the settings form
//! with a refused value, and the status view with its teardown confirmation.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};
use insta::assert_snapshot;

use super::test_support::{app, draw};
use crate::app::{ActionFailure, ActionOutput, ActionState, App, Command, Msg};
use crate::flow::drift::DriftRow;
use crate::flow::outcome::{CheckedExchange, Panel, SentRequest, TestResult};
use crate::snippets::Language;
use crate::state::{Record, ResourceKey, StageDetails, State, Target};
use crate::steps::ActionId;
use authgate_core::jwt::inspect::inspect;
use authgate_core::jwt::test_tokens::{ARN, NOW, token, verifier};
use authgate_providers::auth0::Secret;
use authgate_providers::aws::http::Exchange;
use authgate_providers::drift::Finding;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn done(app: &mut App, action: ActionId, output: ActionOutput) {
    let took = Duration::from_millis(640);
    app.actions
        .insert(action, ActionState::Done { output, took });
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::from(code)));
}

#[tokio::test]
async fn fetched_token_shows_checks_and_policy() {
    let inspection = inspect(
        &token(&serde_json::json!({})),
        Some(&verifier()),
        Some(ARN),
        NOW,
    )
    .await;
    for size in SIZES {
        let mut app = app(size);
        let output = ActionOutput::new("token verified (expires in 1h)")
            .detail("kid test-key-1, sub client123@clients")
            .panel(Panel::Token(Box::new(inspection.clone())));
        done(&mut app, ActionId::FetchTestToken, output);
        app.selected_action_for_test(5);
        let screen = draw(&app);
        assert!(!screen.contains("eyJ"), "the token itself is never drawn");
        assert_snapshot!(format!("token_panel_{}x{}", size.0, size.1), screen);
    }
}

fn exchange(status: u16, error_type: Option<&str>, body: &str) -> Exchange {
    Exchange {
        method: "GET".into(),
        url: "http://127.0.0.1:4566/restapis/abc123/test/_user_request_/pets".into(),
        status,
        content_type: Some("application/json".into()),
        error_type: error_type.map(str::to_owned),
        body: body.into(),
        latency: Duration::from_millis(12),
    }
}

#[test]
fn step5_exchange_log_with_the_expected_outcomes_checked_off() {
    for size in SIZES {
        let mut app = app(size);
        app.selected_step = 4;
        let no_token = CheckedExchange {
            exchange: exchange(
                401,
                Some("UnauthorizedException"),
                r#"{"message":"Unauthorized"}"#,
            ),
            expected: Some(401),
            with_token: "no token",
        };
        done(
            &mut app,
            ActionId::CallWithoutToken,
            ActionOutput::new("no token → 401 as expected (12 ms)")
                .panel(Panel::Exchanges(vec![no_token])),
        );
        let failure = ActionFailure::new(
            "GET /pets with bad token answered 200, expected 401",
            "the method is not protected on the deployed stage",
            "run step 4 (secure, then redeploy) and call again",
        )
        .with_raw("x-amzn-ErrorType: none\n[{\"id\":1,\"type\":\"dog\",\"price\":249.99}]");
        let took = Duration::from_millis(30);
        app.actions.insert(
            ActionId::CallWithBadToken,
            ActionState::Failed { failure, took },
        );
        assert_snapshot!(format!("step5_exchanges_{}x{}", size.0, size.1), draw(&app));
        app.selected_action_for_test(1);
        press(&mut app, KeyCode::Char('r'));
        assert_snapshot!(
            format!("step5_failure_raw_{}x{}", size.0, size.1),
            draw(&app)
        );
    }
}

/// API Gateway's test of an authorizer with `REQUIRED_PERMISSIONS`: Allow and Deny per route.
const STEP3_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": [
    "arn:aws:execute-api:us-east-1:000000000000:4kd9z2/test/GET/pets",
    "arn:aws:execute-api:us-east-1:000000000000:4kd9z2/test/GET/pets/*"]},
  {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": [
    "arn:aws:execute-api:us-east-1:000000000000:4kd9z2/test/POST/pets"]}]}"#;

#[test]
fn step3_test_result_panel() {
    for size in SIZES {
        let mut app = app(size);
        app.selected_step = 2;
        let result = TestResult {
            title: "authorizer 4kd9z2 test".into(),
            status: "200".into(),
            principal: Some("client123@clients".into()),
            body: STEP3_POLICY.into(),
            log: "Execution log for request test-request\nAuthorizer result: Allow\n".into(),
            latency_ms: Some(41),
        };
        done(
            &mut app,
            ActionId::TestGatewayAuthorizer,
            ActionOutput::new("200: principal client123@clients").panel(Panel::TestResult(result)),
        );
        app.selected_action_for_test(6);
        let screen = draw(&app);
        for route in ["GET/pets", "GET/pets/*", "POST/pets"] {
            assert!(
                screen.contains(route),
                "the whole policy: {route}\n{screen}"
            );
        }
        assert_snapshot!(
            format!("step3_authorizer_test_{}x{}", size.0, size.1),
            draw(&app)
        );
    }
}

#[test]
fn settings_form_with_a_refused_value() {
    for size in SIZES {
        let mut app = app(size);
        app.selected_step = 2;
        press(&mut app, KeyCode::Char('f'));
        for code in [
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Char('0'),
            KeyCode::Char('0'),
        ] {
            press(&mut app, code);
        }
        press(&mut app, KeyCode::Enter);
        assert_snapshot!(
            format!("settings_form_refused_{}x{}", size.0, size.1),
            draw(&app)
        );
    }
}

fn resource<D: Default>(id: &str, created: bool) -> Record<D> {
    Record {
        id: id.into(),
        created,
        details: D::default(),
    }
}

fn drift_rows() -> Vec<DriftRow> {
    let fix = "rerun step 2 (authgate setup --from-step 2): it finds, recreates or corrects it";
    let mut rows: Vec<DriftRow> = [
        ResourceKey::ResourceServer,
        ResourceKey::TestClient,
        ResourceKey::RestApi,
    ]
    .into_iter()
    .map(|key| DriftRow {
        key,
        finding: Finding::Present,
        fix: None,
    })
    .collect();
    rows.push(DriftRow {
        key: ResourceKey::Stage,
        finding: Finding::Missing,
        fix: Some(fix),
    });
    rows.push(DriftRow {
        key: ResourceKey::Role,
        finding: Finding::Drifted(vec!["trust policy no longer names apigateway".into()]),
        fix: Some(
            "rerun step 3 (authgate setup --from-step 3): it finds, recreates or corrects it",
        ),
    });
    rows
}

#[test]
fn status_view_and_teardown_confirmation() {
    let mut state = State::new();
    state.target = Some(Target::Sandbox);
    let r = &mut state.resources;
    r.resource_server = Some(resource("rs_1", true));
    r.test_client = Some(resource("cl_1", true));
    r.rest_api = Some(resource("abc123", false));
    r.stage = Some(Record {
        id: "test".into(),
        created: true,
        details: StageDetails {
            api_id: "abc123".into(),
            deployment_id: String::new(),
            invoke_url: "http://127.0.0.1:4566/restapis/abc123/test/_user_request_".into(),
        },
    });
    r.role = Some(resource("Auth0Integration", true));
    for size in SIZES {
        let mut app = app(size);
        app.update(Msg::Saved(Box::new(state.clone())));
        let Some(Command::CheckDrift(run)) =
            app.update(Msg::Key(KeyEvent::from(KeyCode::Char('s'))))
        else {
            panic!("opening the status view checks what is recorded");
        };
        assert!(draw(&app).contains("checking"));
        app.update(Msg::Drift {
            run,
            result: Ok(drift_rows()),
        });
        assert_snapshot!(format!("status_view_{}x{}", size.0, size.1), draw(&app));
        press(&mut app, KeyCode::Char('d'));
        let screen = draw(&app);
        assert!(screen.contains("API Gateway stage test"), "{screen}");
        assert!(
            !screen.contains("REST API (with"),
            "a reused API is kept: {screen}"
        );
        assert_snapshot!(format!("teardown_confirm_{}x{}", size.0, size.1), screen);
    }
}

/// Everything authgate makes, created by it: the confirmation at 80×24 lists every object
/// it will delete, and its keys.
#[test]
fn the_teardown_confirmation_of_a_whole_setup_fits_80x24() {
    let mut state = State::new();
    state.target = Some(Target::Sandbox);
    let r = &mut state.resources;
    r.resource_server = Some(resource("rs_1", true));
    r.test_client = Some(resource("cl_1", true));
    r.client_grant = Some(resource("cgr_1", true));
    r.writer_client = Some(resource("cl_2", true));
    r.writer_grant = Some(resource("cgr_2", true));
    r.reader_role = Some(resource("rol_1", true));
    r.writer_role = Some(resource("rol_2", true));
    r.login_app = Some(resource("cl_3", true));
    r.rest_api = Some(resource("abc123", true));
    r.stage = Some(resource("test", true));
    r.role = Some(resource("Auth0Integration", true));
    r.function = Some(resource("authgate-authorizer", true));
    r.authorizer = Some(resource("au_1", true));
    r.secured_methods = Some(resource("GET /pets", true));
    let doomed = crate::flow::teardown::plan(&state, false);
    assert!(doomed.len() >= 10, "{}", doomed.len());
    let mut app = app((80, 24));
    app.update(Msg::Saved(Box::new(state)));
    app.update(Msg::Key(KeyEvent::from(KeyCode::Char('s'))));
    press(&mut app, KeyCode::Char('d'));
    let screen = draw(&app);
    for item in &doomed {
        assert!(
            screen.contains(&item.label),
            "{} missing:\n{screen}",
            item.label
        );
    }
    assert!(screen.contains("Delete these?"), "{screen}");
    assert!(
        screen.contains("y deletes") && screen.contains("n keeps"),
        "{screen}"
    );
    assert_snapshot!("teardown_confirm_whole_setup_80x24", screen);
}

#[test]
fn step5_request_as_code_is_shortened_on_screen_and_copied_whole() {
    let token = format!("eyJhbGciOiJSUzI1NiJ9.{}.signature", "x".repeat(300));
    for size in SIZES {
        let mut app = app(size);
        app.selected_step = 4;
        app.selected_action_for_test(2);
        let url = "http://127.0.0.1:4566/restapis/abc123/test/_user_request_/pets";
        let request = SentRequest {
            url: url.into(),
            authorization: Some(Secret::new(format!("Bearer {token}"))),
            json_body: None,
        };
        let call = CheckedExchange {
            exchange: exchange(200, None, r#"[{"id":1,"type":"dog","price":249.99}]"#),
            expected: Some(200),
            with_token: "test token",
        };
        done(
            &mut app,
            ActionId::CallWithTestToken,
            ActionOutput::new("test token → 200 as expected (12 ms)")
                .panel(Panel::Request(request))
                .panel(Panel::Exchanges(vec![call])),
        );
        let screen = draw(&app);
        assert!(
            !screen.contains(&token[..40]),
            "the token is shortened on screen"
        );
        assert_snapshot!(format!("step5_request_curl_{}x{}", size.0, size.1), screen);

        press(&mut app, KeyCode::Char('g'));
        press(&mut app, KeyCode::Right);
        assert_eq!(app.language, Language::CSharp);
        let Some(Command::Copy(code)) = app.update(Msg::Key(KeyEvent::from(KeyCode::Char('c'))))
        else {
            panic!("c copies the request");
        };
        assert!(code.expose().contains(&format!("Bearer {token}")));
        assert!(code.expose().contains(url));
        assert_eq!(
            format!("{code:?}"),
            "***",
            "the copied code never reaches a log"
        );
        let screen = draw(&app);
        assert!(
            !screen.contains(&token[..40]),
            "the token is shortened in the overlay"
        );
        assert_snapshot!(
            format!("step5_request_copied_{}x{}", size.0, size.1),
            screen
        );
        press(&mut app, KeyCode::Esc);
        assert!(app.overlay.is_none());
    }
}
