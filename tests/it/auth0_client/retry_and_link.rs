//! 5xx retries against a scripted loopback server, and `sandbox::connect_or_start`.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use authgate_providers::Silent;
use authgate_providers::auth0::{
    Auth0Error, ClientCredentials, Management, ProvisionSpec, RetryPolicy, Secret, TenantUrl,
    ensure_resource_server,
};
use authgate_sandbox::Wanted;
use authgate_sandbox::{ENDPOINT_FILE, Endpoint, SandboxLink, connect_or_start};
use axum::Json;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde_json::json;

/// A server whose `/oauth/token` always works and whose resource-server lookup fails with
/// 503 `failures` times before answering.
async fn flaky(failures: u32) -> (String, Arc<AtomicU32>) {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = calls.clone();
    let app = axum::Router::new()
        .route(
            "/oauth/token",
            post(|| async { Json(json!({ "access_token": "opaque", "token_type": "Bearer", "expires_in": 60 })) }),
        )
        .route(
            "/api/v2/resource-servers/{id}",
            get(move || {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n < failures {
                        return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "statusCode": 503 })));
                    }
                    let api = json!({ "id": "rs1", "name": "authgate PetStore", "identifier": "https://petstore.authgate.example",
                        "signing_alg": "RS256", "token_dialect": "access_token_authz", "enforce_policies": true,
                        "scopes": [{ "value": "read:pets", "description": "Read the pets" }, { "value": "write:pets", "description": "Add pets" }] });
                    (StatusCode::OK, Json(api))
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, calls)
}

async fn management(base: &str) -> Management {
    let creds = ClientCredentials {
        client_id: "m".into(),
        client_secret: Secret::new("s"),
    };
    let retry = RetryPolicy {
        max_attempts: 3,
        base_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(50),
        ..RetryPolicy::default()
    };
    Management::connect(
        authgate_core::http::client(),
        TenantUrl::parse(base).unwrap(),
        &creds,
        Arc::new(Silent),
    )
    .await
    .unwrap()
    .with_retry(retry)
}

#[tokio::test]
async fn server_errors_are_retried_with_backoff_then_succeed() {
    let (base, calls) = flaky(2).await;
    let api = ensure_resource_server(&management(&base).await, &ProvisionSpec::default().api)
        .await
        .unwrap();
    assert!(!api.created && api.patched.is_empty());
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn server_error_retries_are_bounded() {
    let (base, calls) = flaky(u32::MAX).await;
    let err = ensure_resource_server(&management(&base).await, &ProvisionSpec::default().api)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Auth0Error::ServerError {
                status: 503,
                attempts: 3
            }
        ),
        "{err:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn connect_or_start_uses_the_sandbox_that_holds_the_directory_or_starts_one() {
    let dir = tempfile::tempdir().unwrap();
    let quiet = |_: String| {};
    // A stale endpoint file (its sandbox died, the lock is free) is ignored and replaced.
    let stale = Endpoint {
        base_url: "http://127.0.0.1:9".into(),
        pid: 1,
    };
    std::fs::write(
        dir.path().join(ENDPOINT_FILE),
        serde_json::to_vec(&stale).unwrap(),
    )
    .unwrap();
    let first = connect_or_start(dir.path(), Wanted::Explicit(0), &quiet)
        .await
        .unwrap();
    assert!(matches!(first, SandboxLink::InProcess(_)));
    let base = first.base_url().to_owned();
    let published: Endpoint =
        serde_json::from_slice(&std::fs::read(dir.path().join(ENDPOINT_FILE)).unwrap()).unwrap();
    assert_eq!(
        published.base_url, base,
        "the in-process sandbox publishes itself"
    );
    // The directory is held: a second command uses that sandbox.
    let second = connect_or_start(dir.path(), Wanted::Explicit(0), &quiet)
        .await
        .unwrap();
    assert!(matches!(&second, SandboxLink::Running { base_url } if *base_url == base));
    drop(second);
    let SandboxLink::InProcess(handle) = first else {
        unreachable!()
    };
    handle.shutdown().await;
    assert!(
        !dir.path().join(ENDPOINT_FILE).exists(),
        "a clean stop removes the endpoint"
    );
    let third = connect_or_start(dir.path(), Wanted::Explicit(0), &quiet)
        .await
        .unwrap();
    assert!(matches!(third, SandboxLink::InProcess(_)));
}
