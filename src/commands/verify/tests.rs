use serde_json::json;

use super::report::render;
use super::{config_from_args, decide, to_json};
use crate::cli::VerifierArgs;
use authgate_core::hint::Hint as _;
use authgate_core::jwt::inspect::inspect;
use authgate_core::jwt::test_tokens::{AUD, ISS, NOW, jwks, token};
use authgate_core::jwt::{JwksSource, Outcome, Verifier, VerifierConfig};
use authgate_core::policy::RoutePermissions;

const MAP: &str =
    r#"{"GET /pets":"read:pets","GET /pets/*":"read:pets","POST /pets":"write:pets"}"#;
const PREFIX: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod";

fn verifier_with_map() -> Verifier {
    let mut config = VerifierConfig::new(ISS, AUD, JwksSource::Inline(jwks()));
    config.required_permissions = Some(RoutePermissions::parse(MAP).unwrap());
    Verifier::new(config).unwrap()
}

async fn report(verifier: &Verifier, header: &str, arn: &str) -> (super::Decision, String) {
    let decision = decide(verifier, header, Some(arn), NOW).await;
    let inspection = inspect(header, Some(verifier), Some(arn), NOW).await;
    let text = render(Some(&decision), &inspection, false);
    (decision, text)
}

#[tokio::test]
async fn a_read_only_token_is_refused_post_with_the_missing_permission() {
    let verifier = verifier_with_map();
    let header = format!("Bearer {}", token(&json!({})));
    let (decision, text) = report(&verifier, &header, &format!("{PREFIX}/POST/pets")).await;
    assert_eq!(decision.outcome, Outcome::Deny);
    assert!(
        decision
            .message
            .contains("POST /pets requires write:pets: missing"),
        "{}",
        decision.message
    );
    assert!(
        decision
            .hint
            .as_deref()
            .unwrap()
            .contains("grant `write:pets`")
    );
    assert!(text.contains("✗ permission"), "{text}");
    assert!(
        text.contains(&format!("Deny        {PREFIX}/POST/pets")),
        "{text}"
    );
    assert!(!text.contains("use --policy-scope stage"), "{text}");
    let json = to_json(&verifier, &decision, Some(&format!("{PREFIX}/POST/pets")));
    assert_eq!(json["permission"]["required"], "write:pets");
    assert_eq!(json["permission"]["has_it"], false);
    assert_eq!(json["policy"]["context"]["permissions"], "read:pets");

    let (decision, text) = report(&verifier, &header, &format!("{PREFIX}/GET/pets/1")).await;
    assert!(decision.is_allow(), "{}", decision.message);
    assert!(
        text.contains("✓ permission   GET /pets/* requires read:pets: granted"),
        "{text}"
    );
}

#[tokio::test]
async fn an_id_token_is_named_with_the_fix() {
    let verifier = authgate_core::jwt::test_tokens::verifier();
    let id_token = token(&json!({
        "sub": "auth0|64f1", "aud": "kq3Z8yE2bWQ9xN7pR1mT4vC6sD0fH5jL", "nonce": "n-0S6",
        "scope": null, "gty": null, "azp": "kq3Z8yE2bWQ9xN7pR1mT4vC6sD0fH5jL",
    }));
    let header = format!("Bearer {id_token}");
    let (decision, text) = report(&verifier, &header, &format!("{PREFIX}/GET/pets")).await;
    assert_eq!(decision.outcome, Outcome::Unauthorized);
    assert!(
        text.contains("! this is an ID token, not an access token"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "send the access token instead: request it with audience={AUD}"
        )),
        "{text}"
    );
    let json = to_json(&verifier, &decision, None);
    assert_eq!(json["observations"][0]["code"], "id_token_as_access_token");
    assert!(
        json.get("permission").is_none(),
        "no map, no permission field"
    );
}

#[test]
fn an_invalid_required_permissions_flag_is_a_usage_error_with_its_fix() {
    let args = VerifierArgs {
        issuer: Some(ISS.to_owned()),
        audience: Some(AUD.to_owned()),
        jwks_uri: Some("https://tenant.example/.well-known/jwks.json".to_owned()),
        jwks_file: None,
        method_arn: None,
        policy_scope: None,
        leeway: None,
        required_permissions: Some(r#"{"GET /pets": 1}"#.to_owned()),
    };
    let error = config_from_args(&args).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("REQUIRED_PERMISSIONS `GET /pets` maps to 1"),
        "{error}"
    );
    assert!(error.fix().contains("read:pets"), "{}", error.fix());
    let ok = VerifierArgs {
        required_permissions: Some(MAP.to_owned()),
        ..args
    };
    let config = config_from_args(&ok).unwrap();
    assert_eq!(config.required_permissions.unwrap().rules().len(), 3);
}
