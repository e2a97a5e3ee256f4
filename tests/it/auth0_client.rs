//! The Auth0 client against the sandbox tenant on 127.0.0.1:0.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::management::tenant_verifier;
use authgate_core::hint::Hint;
use authgate_core::jwt::Reason;
use authgate_core::jwt::decode_unverified;
use authgate_core::jwt::inspect::inspect;
use authgate_providers::auth0::{
    Auth0Error, ClientCredentials, Management, ProvisionSpec, Removal, RetryPolicy, RoleSpec,
    Secret, TenantUrl, TokenDialect, TokenFor, client_credentials, ensure_resource_server,
    fetch_test_token, provision, teardown,
};
use authgate_providers::{Report, Silent};
use authgate_sandbox::server::{self, SandboxHandle};
use authgate_sandbox::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET};
use serde_json::{Value, json};

async fn start(dir: &std::path::Path) -> SandboxHandle {
    server::start(dir, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("sandbox starts")
}

fn creds() -> ClientCredentials {
    ClientCredentials {
        client_id: MANAGEMENT_CLIENT_ID.into(),
        client_secret: Secret::new(MANAGEMENT_CLIENT_SECRET),
    }
}

fn tenant_of(h: &SandboxHandle) -> TenantUrl {
    TenantUrl::parse(h.base_url()).unwrap()
}

async fn management(h: &SandboxHandle, report: Arc<dyn Report>) -> Management {
    Management::connect(
        authgate_core::http::client(),
        tenant_of(h),
        &creds(),
        report,
    )
    .await
    .expect("management token")
}

/// A raw Management API call with a sandbox management token (to cause drift by hand).
async fn raw(h: &SandboxHandle, method: reqwest::Method, path: &str, body: &Value) -> Value {
    let http = authgate_core::http::client();
    let t = tenant_of(h);
    let grant = client_credentials(
        &http,
        &t,
        &creds(),
        &t.management_audience(),
        TokenFor::Management,
    )
    .await
    .unwrap();
    let response = http
        .request(method, t.url(path))
        .bearer_auth(grant.access_token.expose())
        .json(body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap_or(Value::Null)
}

async fn hook(h: &SandboxHandle, path: &str, body: Value) {
    let r = authgate_core::http::client()
        .post(format!("{}{path}", h.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
}

async fn kids(h: &SandboxHandle) -> Vec<String> {
    let jwks: Value = reqwest::get(format!("{}/.well-known/jwks.json", h.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect()
}

#[derive(Default)]
struct Lines(Mutex<Vec<String>>);
impl Report for Lines {
    fn line(&self, text: String) {
        self.0.lock().unwrap().push(text);
    }
}

#[tokio::test]
async fn first_run_creates_three_objects_and_a_rerun_creates_none() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    let spec = ProvisionSpec::default();
    let first = provision(&m, &spec).await.unwrap();
    assert!(first.api.created && first.test_client.created && first.grant.created);
    assert_eq!(first.grant.value.scope, vec!["read:pets"]);
    let second = provision(&m, &spec).await.unwrap();
    assert!(!second.api.created && !second.test_client.created && !second.grant.created);
    assert!(
        second.api.patched.is_empty()
            && second.test_client.patched.is_empty()
            && second.grant.patched.is_empty()
    );
    assert_eq!(
        first.test_client.value.client_id,
        second.test_client.value.client_id
    );
    // The secret was re-read through the Management API, so a token can be fetched.
    let verifier = tenant_verifier(m.tenant(), &spec.api.identifier);
    let token = fetch_test_token(
        m.http(),
        m.tenant(),
        &second.test_client.value,
        &spec.api.identifier,
        &verifier,
    )
    .await
    .unwrap();
    let token = token.inspection;
    assert!(token.all_passed(), "{:?}", token.checks);
    let client_id = &second.test_client.value.client_id;
    assert_eq!(token.claims["sub"], format!("{client_id}@clients"));
    assert_eq!(token.claims["azp"], client_id.as_str());
    assert_eq!(token.claims["gty"], "client-credentials");
    assert_eq!(token.claims["scope"], "read:pets");
    assert_eq!(token.claims["iss"], format!("{}/", h.base_url()));
    // The secret never shows in Debug output.
    assert!(!format!("{second:?}").contains(second.test_client.value.secret.expose()));
    assert!(
        !serde_json::to_string(&second)
            .unwrap()
            .contains(second.test_client.value.secret.expose())
    );
}

#[tokio::test]
async fn a_rerun_patches_drift_in_signing_alg_dialect_grant_types_and_scopes() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    let mut spec = ProvisionSpec::default();
    let first = provision(&m, &spec).await.unwrap();
    let api_path = format!("/api/v2/resource-servers/{}", first.api.value.id);
    raw(
        &h,
        reqwest::Method::PATCH,
        &api_path,
        &json!({ "signing_alg": "HS256" }),
    )
    .await;
    let client_path = format!("/api/v2/clients/{}", first.test_client.value.client_id);
    raw(
        &h,
        reqwest::Method::PATCH,
        &client_path,
        &json!({ "grant_types": ["authorization_code"] }),
    )
    .await;
    let grant_path = format!("/api/v2/client-grants/{}", first.grant.value.id);
    raw(
        &h,
        reqwest::Method::PATCH,
        &grant_path,
        &json!({ "scope": [] }),
    )
    .await;
    spec.api.dialect = TokenDialect::Rfc9068Profile;
    let second = provision(&m, &spec).await.unwrap();
    assert!(!second.api.created && !second.test_client.created && !second.grant.created);
    assert_eq!(second.api.patched, vec!["signing_alg", "token_dialect"]);
    assert_eq!(second.api.value.signing_alg.as_deref(), Some("RS256"));
    assert_eq!(second.test_client.patched, vec!["grant_types"]);
    assert_eq!(second.grant.patched, vec!["scope"]);
    let verifier = tenant_verifier(m.tenant(), &spec.api.identifier);
    let token = fetch_test_token(
        m.http(),
        m.tenant(),
        &second.test_client.value,
        &spec.api.identifier,
        &verifier,
    )
    .await
    .unwrap();
    let token = token.inspection;
    assert!(token.all_passed(), "{:?}", token.checks);
    assert_eq!(token.header["typ"], "at+jwt");
    assert_eq!(
        token.claims["client_id"],
        second.test_client.value.client_id.as_str()
    );
    assert!(token.claims.get("azp").is_none() && token.claims["jti"].is_string());
}

#[tokio::test]
async fn a_management_app_without_create_client_grants_is_told_that_scope() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let scopes: Vec<&str> = authgate_sandbox::management_scopes()
        .filter(|s| *s != "create:client_grants")
        .collect();
    hook(
        &h,
        "/sandbox/management-scopes",
        json!({ "scopes": scopes }),
    )
    .await;
    let m = management(&h, Arc::new(Silent)).await;
    let err = provision(&m, &ProvisionSpec::default()).await.unwrap_err();
    let Auth0Error::InsufficientScope {
        scope,
        method,
        path,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (scope.as_str(), method.as_str(), path.as_str()),
        ("create:client_grants", "POST", "/api/v2/client-grants")
    );
    let hint = err.fix();
    assert!(hint.contains("`create:client_grants`"), "{hint}");
    assert!(
        hint.contains("APIs → Auth0 Management API → Machine to Machine Applications"),
        "{hint}"
    );
}

#[tokio::test]
async fn a_429_is_waited_out_until_the_reset_with_a_countdown() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let lines = Arc::new(Lines::default());
    let m = management(&h, lines.clone()).await;
    hook(
        &h,
        "/sandbox/rate-limit",
        json!({ "count": 1, "reset_in": 2 }),
    )
    .await;
    let started = Instant::now();
    let api = ensure_resource_server(&m, &ProvisionSpec::default().api)
        .await
        .unwrap();
    let waited = started.elapsed();
    assert!(api.created);
    // The reset is whole epoch seconds 2 s ahead, so the wait is between 1 and 2 s.
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(6),
        "{waited:?}"
    );
    let lines = lines.0.lock().unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("rate limit") && l.contains("retrying in")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn rate_limit_retries_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let retry = RetryPolicy {
        max_attempts: 2,
        ..RetryPolicy::default()
    };
    let m = management(&h, Arc::new(Silent)).await.with_retry(retry);
    hook(
        &h,
        "/sandbox/rate-limit",
        json!({ "count": 5, "reset_in": 1 }),
    )
    .await;
    let err = ensure_resource_server(&m, &ProvisionSpec::default().api)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Auth0Error::RateLimited { attempts: 2 }),
        "{err:?}"
    );
    // A reset further away than the longest wait fails at once instead of sleeping.
    let retry = RetryPolicy {
        max_rate_limit_wait: Duration::from_secs(1),
        ..RetryPolicy::default()
    };
    let m = management(&h, Arc::new(Silent)).await.with_retry(retry);
    hook(
        &h,
        "/sandbox/rate-limit",
        json!({ "count": 1, "reset_in": 30 }),
    )
    .await;
    let started = Instant::now();
    let err = ensure_resource_server(&m, &ProvisionSpec::default().api)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Auth0Error::RateLimited { attempts: 1 })
            && started.elapsed() < Duration::from_secs(2)
    );
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused_by_verification() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    let spec = ProvisionSpec::default();
    let p = provision(&m, &spec).await.unwrap();
    let verifier = tenant_verifier(m.tenant(), &spec.api.identifier);
    let token = fetch_test_token(
        m.http(),
        m.tenant(),
        &p.test_client.value,
        &spec.api.identifier,
        &verifier,
    )
    .await
    .unwrap();
    let other = tenant_verifier(m.tenant(), "https://other.example");
    let now = jiff::Timestamp::now().as_second();
    let v = inspect(
        token.response.access_token.expose(),
        Some(&other),
        None,
        now,
    )
    .await;
    assert!(!v.all_passed());
    let failed = v.failed().next().expect("a failed check");
    assert_eq!(
        failed.reason,
        Some(Reason::AudienceMismatch),
        "{:?}",
        v.checks
    );
    assert!(failed.fix.is_some());
}

mod tenant_and_errors;

mod retry_and_link;

mod permissions;
