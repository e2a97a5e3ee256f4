use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

use super::InspectorView;
use crate::ui::theme::COLOR;
use authgate_core::jwt::inspect::{Inspection, inspect};
use authgate_core::jwt::test_tokens::{self, ARN, AUD, ISS, NOW, token};
use authgate_core::jwt::{JwksSource, Verifier, VerifierConfig};
use authgate_core::policy::{PolicyScope, RoutePermissions};

const MAP: &str =
    r#"{"GET /pets":"read:pets","GET /pets/*":"read:pets","POST /pets":"write:pets"}"#;

/// A read-only token on `POST /pets` with `REQUIRED_PERMISSIONS`.
async fn read_only_post() -> Inspection {
    let mut config = VerifierConfig::new(ISS, AUD, JwksSource::Inline(test_tokens::jwks()));
    config.required_permissions = Some(RoutePermissions::parse(MAP).unwrap());
    let verifier = Verifier::new(config).unwrap();
    let post = ARN.replace("/GET/pets", "/POST/pets");
    inspect(&token(&json!({})), Some(&verifier), Some(&post), NOW).await
}

async fn inspection(extra: serde_json::Value, scope: PolicyScope) -> Inspection {
    let mut config = VerifierConfig::new(ISS, AUD, JwksSource::Inline(test_tokens::jwks()));
    config.policy_scope = scope;
    let verifier = Verifier::new(config).unwrap();
    inspect(&token(&extra), Some(&verifier), Some(ARN), NOW).await
}

fn render(inspection: &Inspection, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(InspectorView::new(inspection, &COLOR), frame.area()))
        .unwrap();
    terminal.backend().to_string()
}

#[tokio::test]
async fn snapshots() {
    let cases = [
        ("valid", inspection(json!({}), PolicyScope::Stage).await),
        (
            "expired_method_scope",
            inspection(json!({"exp": NOW - 7980}), PolicyScope::Method).await,
        ),
        (
            "wrong_audience",
            inspection(json!({"aud": "https://other.example"}), PolicyScope::Stage).await,
        ),
        ("read_only_post_permissions", read_only_post().await),
    ];
    for (name, inspection) in &cases {
        for (width, height) in [(80, 24), (120, 40)] {
            let screen = render(inspection, width, height);
            assert!(
                !screen.contains(&token(&json!({}))[..40]),
                "never render the token"
            );
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
        }
    }
}

#[tokio::test]
async fn shows_failures_with_fixes_and_the_cache_trap() {
    let expired = inspection(json!({"exp": NOW - 7980}), PolicyScope::Method).await;
    let screen = render(&expired, 120, 40);
    assert!(screen.contains("✗ exp/nbf"), "{screen}");
    assert!(
        screen.contains("fix: fetch a new one with `authgate token`"),
        "{screen}"
    );
    assert!(screen.contains("2h13m ago"), "{screen}");
    assert!(
        screen.contains(
            "deny (403) arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1"
        ),
        "{screen}"
    );
    let tiny = render(&expired, 20, 5);
    assert!(
        tiny.contains("Token"),
        "renders without panicking in a tiny area: {tiny}"
    );
}

#[tokio::test]
async fn shows_the_missing_permission_and_an_id_token() {
    let screen = render(&read_only_post().await, 120, 40);
    assert!(
        screen.contains("✗ permission POST /pets requires write:pets: missing"),
        "{screen}"
    );
    assert!(
        screen.contains("Deny       arn:aws:execute-api"),
        "{screen}"
    );
    assert!(!screen.contains("use stage scope"), "{screen}");
    let id_token = inspection(
        json!({"aud": "kq3Z8yE2bWQ9xN7pR1mT4vC6sD0fH5jL", "nonce": "n", "scope": null,
               "sub": "auth0|64f1"}),
        PolicyScope::Stage,
    )
    .await;
    let screen = render(&id_token, 120, 60);
    assert!(screen.contains("! this is an ID token"), "{screen}");
}
