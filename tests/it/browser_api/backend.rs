//! Step 5's view of what the backend sees: after `setup`, the test-token call shows the
//! `requestContext.authorizer` a Lambda proxy backend would receive (the principal, every
//! context value a string) next to the policy.

use std::sync::Arc;

use authgate::flow::connect::Settings;
use authgate::flow::{Panel, Session};
use authgate::state::store::StateStore;
use authgate::state::{State, Target};
use authgate::steps::ActionId;
use authgate_providers::Silent;

use crate::support::{cli, foreground};

#[tokio::test(flavor = "multi_thread")]
async fn the_test_token_call_shows_what_a_proxy_backend_receives() {
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = foreground::sandbox(dir.path());
    cli::run_ok(dir.path(), &["setup", "--yes"]);
    let state_dir = dir.path().join(".authgate");
    let state = State::load(&state_dir).unwrap();
    let settings = Settings {
        target: Target::Sandbox,
        state_dir: state_dir.clone(),
        auth0_domain: None,
        auth0_client_id: None,
        auth0_client_secret: None,
        quick_audit: true,
    };
    let mut session = Session::new(settings, StateStore::new(state_dir, state));
    session.attach_sandbox().await.unwrap();
    let output = session
        .perform(ActionId::CallWithTestToken, Arc::new(Silent))
        .await
        .unwrap();
    let view = output
        .panels
        .iter()
        .find_map(|p| match p {
            Panel::TestResult(t) if t.title.contains("requestContext.authorizer") => Some(t),
            _ => None,
        })
        .expect("a panel with the backend's view");
    let principal = view.principal.as_deref().unwrap();
    assert!(principal.ends_with("@clients"), "{principal}");
    let json_start = view.body.find('{').unwrap();
    let json_end = view.body.find("\n\n").unwrap();
    let authorizer: serde_json::Value =
        serde_json::from_str(&view.body[json_start..json_end]).unwrap();
    assert_eq!(authorizer["principalId"], principal);
    assert!(authorizer["integrationLatency"].is_u64(), "{authorizer}");
    for (key, value) in authorizer.as_object().unwrap() {
        if key != "integrationLatency" {
            assert!(value.is_string(), "{key} arrives as a string: {authorizer}");
        }
    }
    assert!(view.body.contains("\"Effect\": \"Allow\""), "{}", view.body);
}
