use crate::hint::Hint as _;
use serde_json::json;

use super::inspect::{CheckStatus, inspect};
use super::test_tokens::{self, ARN, AUD, ISS, NOW, token, verifier};
use super::{ConfigError, JwksSource, Outcome, Reason, TokenEvent, Verifier, VerifierConfig};
use crate::policy::{Evaluation, PolicyScope};

fn event(extra: &serde_json::Value) -> TokenEvent {
    TokenEvent::new(format!("Bearer {}", token(extra)), ARN)
}

#[tokio::test]
async fn allows_a_valid_token_with_the_stage_policy() {
    let decision = verifier().authorize(&event(&json!({})), NOW).await;
    assert_eq!(decision.outcome, Outcome::Allow, "{}", decision.message);
    assert_eq!(decision.principal_id(), Some("client123@clients"));
    let resource = &decision.policy_document().unwrap()["Statement"][0]["Resource"];
    assert_eq!(
        resource,
        "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*"
    );
    assert_eq!(decision.to_json()["reason"], serde_json::Value::Null);
    assert_eq!(decision.claims.unwrap()["azp"], "client123");
}

#[tokio::test]
async fn refuses_with_reason_message_and_hint() {
    let decision = verifier()
        .authorize(&event(&json!({"exp": NOW - 7980})), NOW)
        .await;
    assert_eq!(decision.reason, Some(Reason::Expired));
    assert!(
        decision
            .message
            .starts_with("token expired 2h13m ago (exp 2026-11-23T07:47:00Z"),
        "{}",
        decision.message
    );
    assert!(decision.hint.unwrap().contains("authgate token"));
    assert!(
        decision.header.is_some(),
        "decoded header is shown even on failure"
    );
    let json = verifier()
        .authorize(&event(&json!({"aud": "x"})), NOW)
        .await
        .to_json();
    assert_eq!(json["outcome"], "unauthorized");
    assert_eq!(json["reason"], "audience_mismatch");
}

#[tokio::test]
async fn file_and_unreachable_jwks_sources() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jwks.json");
    std::fs::write(&path, test_tokens::jwks().to_string()).unwrap();
    let from_file = Verifier::new(VerifierConfig::new(ISS, AUD, JwksSource::File(path))).unwrap();
    assert!(
        from_file
            .authorize(&event(&json!({})), NOW)
            .await
            .is_allow()
    );
    assert_eq!(from_file.cached_kids(), [test_tokens::KID]);

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/jwks.json", closed.local_addr().unwrap());
    drop(closed);
    let unreachable = Verifier::new(VerifierConfig::new(
        ISS,
        AUD,
        JwksSource::url(&url).unwrap(),
    ))
    .unwrap();
    let decision = unreachable.authorize(&event(&json!({})), NOW).await;
    assert_eq!(
        decision.reason,
        Some(Reason::JwksUnavailable),
        "{}",
        decision.message
    );
    assert!(
        decision.message.contains("connection failed"),
        "{}",
        decision.message
    );
}

#[test]
fn config_errors_name_the_flag() {
    let mut config = VerifierConfig::new("", AUD, JwksSource::Inline(json!({"keys": []})));
    let Err(error) = Verifier::new(config.clone()) else {
        panic!("empty issuer accepted")
    };
    assert!(error.fix().contains("--issuer"));
    config.issuer = ISS.to_owned();
    config.algorithms = vec![jsonwebtoken::Algorithm::HS256];
    assert!(matches!(
        Verifier::new(config),
        Err(ConfigError::Algorithms(_))
    ));
}

#[tokio::test]
async fn inspection_checks_everything_and_shows_the_cache_trap() {
    let mut config = VerifierConfig::new(ISS, AUD, JwksSource::Inline(test_tokens::jwks()));
    config.policy_scope = PolicyScope::Method;
    let method_scoped = Verifier::new(config).unwrap();
    let valid = inspect(&token(&json!({})), Some(&method_scoped), Some(ARN), NOW).await;
    assert!(valid.all_passed(), "{:#?}", valid.checks);
    assert!(valid.machine_to_machine);
    assert_eq!(valid.dialect, Some("access_token"));
    let policy = valid.policy.unwrap();
    assert!(policy.returned && !policy.placeholder);
    assert_eq!(policy.evaluation, Evaluation::Allow);
    assert!(policy.second_arn.ends_with("/prod/GET/pets/1"));
    assert_eq!(
        policy.second_evaluation,
        Evaluation::ImplicitDeny,
        "method scope: the cache trap"
    );

    let bad = inspect(
        &token(&json!({"exp": NOW - 600, "aud": "x"})),
        Some(&verifier()),
        None,
        NOW,
    )
    .await;
    let failed: Vec<_> = bad.failed().map(|c| c.reason.unwrap()).collect();
    assert_eq!(
        failed,
        [Reason::Expired, Reason::AudienceMismatch],
        "all failures, not just the first"
    );
    let policy = bad.policy.unwrap();
    assert!(policy.placeholder && !policy.returned);
    assert_eq!(
        policy.second_evaluation,
        Evaluation::Allow,
        "stage scope covers GET /pets/1"
    );

    let offline = inspect(&format!("Bearer {}", token(&json!({}))), None, None, NOW).await;
    let skipped: Vec<_> = offline
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Skipped)
        .map(|c| c.name)
        .collect();
    assert_eq!(skipped, ["kid", "signature", "iss", "aud"]);
    assert_eq!(
        offline
            .times
            .iter()
            .map(|t| t.relative.as_str())
            .collect::<Vec<_>>(),
        ["1m ago", "in 1h0m"]
    );

    let garbage = inspect("not a token", Some(&verifier()), None, NOW).await;
    assert_eq!(garbage.checks[0].reason, Some(Reason::Malformed));
    assert!(garbage.policy.is_none() && garbage.header.is_null());
    assert!(
        garbage.notes.is_empty() && garbage.observations.is_empty(),
        "nothing decoded, nothing to say about the token's claims: {:?}",
        garbage.notes
    );
}

#[test]
fn verifier_is_shareable() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Verifier>();
    assert_send_sync::<std::sync::Arc<Verifier>>();
}

#[tokio::test]
async fn jwks_key_from_x5c_only() {
    use base64::Engine as _;
    let pem = include_str!("../../../../tests/fixtures/rsa-test-cert.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(&body)
        .expect("PEM body is base64");
    let jwks =
        json!({"keys": [{"kty": "RSA", "use": "sig", "kid": test_tokens::KID, "x5c": [body]}]});
    let verifier = Verifier::new(VerifierConfig::new(ISS, AUD, JwksSource::Inline(jwks))).unwrap();
    let decision = verifier.authorize(&event(&json!({})), NOW).await;
    assert_eq!(decision.outcome, Outcome::Allow, "{}", decision.message);
    let (input, _) = token(&json!({}))
        .rsplit_once('.')
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .unwrap();
    let other = token(&json!({"sub": "someone-else"}));
    let spliced = format!("Bearer {input}.{}", other.rsplit_once('.').unwrap().1);
    let decision = verifier
        .authorize(&TokenEvent::new(spliced, ARN), NOW)
        .await;
    assert_eq!(decision.reason, Some(Reason::BadSignature));
}
