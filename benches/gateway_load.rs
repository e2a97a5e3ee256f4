//! Load test of the sandbox gateway's cached path (DESIGN.md target: ≥ 5,000 req/s, p99 < 5 ms
//! on 2 cores). Results: BENCHMARKS.md.
//! `cargo bench --bench gateway_load -- --requests 100000 --connections 32`
//!
//! A fixed number of `GET /pets/1` requests with a real RS256 token over N keep-alive
//! connections on 127.0.0.1, client and server in this process. The "function" is a fake
//! control plane that verifies the token with the Rust authorizer core and returns its real
//! Allow policy; with the policy cached (TTL 300) it runs once, before the clock starts, so
//! the number measures the gateway: routing, cache lookup by token hash, policy evaluation
//! against each methodArn, the `PetStore` replica and HTTP.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use authgate_core::jwt::{JwksSource, TokenEvent, Verifier, VerifierConfig};
use authgate_sandbox::SandboxClock;
use authgate_sandbox::gateway::{
    self, AuthorizerCache, ControlPlane, DeployedApi, DeployedAuthorizer, DeployedIntegration,
    DeployedMethod, DeployedResource, FunctionError, FunctionResult,
};
use futures::future::BoxFuture;
use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

const ISSUER: &str = "https://tenant.example/";
const AUDIENCE: &str = "https://petstore.example";

/// Verifies the token with the authorizer core, like the bundled function would.
struct VerifyingControlPlane {
    api: Arc<DeployedApi>,
    verifier: Verifier,
    invocations: AtomicUsize,
}

impl ControlPlane for VerifyingControlPlane {
    fn deployed(&self, api_id: &str, stage: &str) -> Option<Arc<DeployedApi>> {
        (api_id == self.api.api_id && stage == self.api.stage).then(|| self.api.clone())
    }

    fn invoke<'a>(
        &'a self,
        _function_arn: &'a str,
        event: Value,
    ) -> BoxFuture<'a, Result<FunctionResult, FunctionError>> {
        self.invocations.fetch_add(1, Ordering::Relaxed);
        Box::pin(async move {
            let event: TokenEvent = serde_json::from_value(event).map_err(|e| runtime(&e))?;
            let decision = self.verifier.authorize(&event, unix_now()).await;
            match decision.response {
                Some(payload) => Ok(FunctionResult {
                    payload,
                    log: String::new(),
                }),
                None => Err(FunctionError::failed(
                    "Error",
                    "Unauthorized",
                    decision.message,
                )),
            }
        })
    }
}

fn runtime(error: &dyn std::fmt::Display) -> FunctionError {
    FunctionError::Runtime {
        detail: error.to_string(),
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs().cast_signed())
}

fn deployment() -> DeployedApi {
    let integration = DeployedIntegration {
        kind: "HTTP".into(),
        http_method: Some("GET".into()),
        uri: Some("http://petstore-demo-endpoint.execute-api.com/petstore/pets/{petId}".into()),
        request_parameters: BTreeMap::from([(
            "integration.request.path.petId".into(),
            "method.request.path.petId".into(),
        )]),
        request_templates: BTreeMap::new(),
        responses: BTreeMap::from([("200".into(), BTreeMap::new())]),
        response_headers: BTreeMap::new(),
    };
    let method = DeployedMethod {
        authorization_type: "CUSTOM".into(),
        authorizer_id: Some("auth01".into()),
        api_key_required: false,
        integration: Some(integration),
    };
    let authorizer = DeployedAuthorizer {
        id: "auth01".into(),
        name: "jwt-rsa-custom-authorizer".into(),
        kind: "TOKEN".into(),
        function_arn: "arn:aws:lambda:us-east-1:123456789012:function:jwtRsaCustomAuthorizer"
            .into(),
        identity_source: "method.request.header.Authorization".into(),
        validation_expression: Some(r"^Bearer [-0-9a-zA-Z\._]*$".into()),
        ttl_secs: 300,
    };
    DeployedApi {
        api_id: "benchapi01".into(),
        stage: "test".into(),
        deployment_id: "dep1".into(),
        region: "us-east-1".into(),
        account_id: "123456789012".into(),
        resources: vec![DeployedResource {
            id: "pet".into(),
            path: "/pets/{petId}".into(),
            methods: BTreeMap::from([("GET".into(), method)]),
        }],
        authorizers: BTreeMap::from([("auth01".into(), authorizer)]),
        stage_variables: BTreeMap::new(),
        gateway_responses: BTreeMap::new(),
    }
}

/// A verifier on an inline JWKS and a token it accepts (an Auth0 M2M token's shape).
fn verifier_and_token() -> (Verifier, String) {
    let key =
        EncodingKey::from_rsa_pem(include_bytes!("../tests/fixtures/rsa-test-key.pem")).unwrap();
    let mut jwk = Jwk::from_encoding_key(&key, Algorithm::RS256).unwrap();
    jwk.common.key_id = Some("bench".to_owned());
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    let jwks = serde_json::to_value(JwkSet { keys: vec![jwk] }).unwrap();
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("bench".to_owned());
    let now = unix_now();
    let claims = json!({
        "iss": ISSUER, "sub": "Abc123DefGhi456@clients", "aud": AUDIENCE,
        "iat": now - 60, "exp": now + 3600, "azp": "Abc123DefGhi456", "scope": "read:pets",
        "gty": "client-credentials",
    });
    let token = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    let config = VerifierConfig::new(ISSUER, AUDIENCE, JwksSource::Inline(jwks));
    (Verifier::new(config).unwrap(), token)
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// Counts far below 2^52: the float conversions are exact enough for a report.
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    clippy::cast_possible_truncation
)]
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

#[tokio::main]
#[allow(clippy::cast_precision_loss)]
async fn main() {
    let requests = arg("--requests", 100_000);
    let connections = arg("--connections", 32).max(1);
    let (verifier, token) = verifier_and_token();
    let control = Arc::new(VerifyingControlPlane {
        api: Arc::new(deployment()),
        verifier,
        invocations: AtomicUsize::new(0),
    });
    let app = gateway::router(control.clone(), AuthorizerCache::new(SandboxClock::new()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/restapis/benchapi01/test/_user_request_/pets/1",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let authorization = format!("Bearer {token}");

    let warm = authgate_core::http::client()
        .get(&url)
        .header("Authorization", &authorization)
        .send()
        .await
        .unwrap();
    assert_eq!(
        warm.status(),
        200,
        "the token must be allowed: {}",
        warm.text().await.unwrap()
    );
    assert_eq!(control.invocations.load(Ordering::Relaxed), 1);

    let per_connection = requests.div_ceil(connections);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (url, authorization) = (url.clone(), authorization.clone());
        tasks.push(tokio::spawn(async move {
            let client = authgate_core::http::client_builder()
                .pool_max_idle_per_host(1)
                .build()
                .unwrap();
            let mut latencies = Vec::with_capacity(per_connection);
            for _ in 0..per_connection {
                let sent = Instant::now();
                let response = client
                    .get(&url)
                    .header("Authorization", &authorization)
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                response.bytes().await.unwrap();
                latencies.push(sent.elapsed());
                assert_eq!(status, 200);
            }
            latencies
        }));
    }
    let mut latencies = Vec::with_capacity(per_connection * connections);
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let done = latencies.len();
    println!(
        "gateway_load: {done} requests over {connections} connections in {:.2} s",
        elapsed.as_secs_f64()
    );
    println!(
        "  throughput {:.0} req/s",
        done as f64 / elapsed.as_secs_f64()
    );
    for (name, p) in [("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("max", 1.0)] {
        println!(
            "  {name} {:.3} ms",
            percentile(&latencies, p).as_secs_f64() * 1000.0
        );
    }
    println!(
        "  authorizer invocations: {} (the first call; the rest were cache hits)",
        control.invocations.load(Ordering::Relaxed)
    );
    println!(
        "  worker threads: {}",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
}
