//! The whole tutorial offline, as a workshop runs it: a foreground `authgate sandbox`, then
//! `authgate setup --sandbox --yes`, then real HTTP calls to the invoke URL, answered by the
//! sandbox's gateway running the real bundled authorizer in node. Also: permissions per route
//! (the read-only test token may GET but not POST /pets, a token with write:pets may), the
//! cache trap that `REQUIRED_PERMISSIONS` closes even with a method-scoped policy, a token for
//! another audience, and a signing-key rotation.

use crate::support::cli;
use crate::support::foreground;

use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use authgate_providers::Silent;
use authgate_providers::auth0::{
    ClientCredentials, Management, ProvisionSpec, Secret, TenantUrl, fetch_test_token, provision,
};
use authgate_sandbox::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET};

use cli::run_ok as authgate;

const FUNCTION: &str = "jwtRsaCustomAuthorizer";

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Changes the wizard's remembered inputs, as the settings form would.
fn set_inputs(dir: &Path, changes: &[(&str, toml::Value)]) {
    let path = dir.join(".authgate/state.toml");
    let mut state: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    let inputs = state
        .entry("inputs")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        .as_table_mut()
        .unwrap();
    for (key, value) in changes {
        inputs.insert((*key).to_owned(), value.clone());
    }
    std::fs::write(&path, toml::to_string(&state).unwrap()).unwrap();
}

struct Client {
    http: reqwest::Client,
    base: String,
    invoke: String,
}

impl Client {
    async fn get(&self, path: &str, authorization: Option<&str>) -> (u16, String) {
        let request = self.http.get(format!("{}{path}", self.invoke));
        Self::send(request, authorization).await
    }

    /// `POST` with the tutorial's new pet as the JSON body.
    async fn post(&self, path: &str, authorization: Option<&str>) -> (u16, String) {
        let request = self
            .http
            .post(format!("{}{path}", self.invoke))
            .json(&serde_json::json!({"type": "dog", "price": 249.99}));
        Self::send(request, authorization).await
    }

    async fn send(
        mut request: reqwest::RequestBuilder,
        authorization: Option<&str>,
    ) -> (u16, String) {
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// How often the authorizer function has run (its kept invocation logs).
    async fn invocations(&self) -> usize {
        let url = format!("{}/sandbox/functions/{FUNCTION}/log", self.base);
        let log: Value = self
            .http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        log["invocations"].as_array().unwrap().len()
    }

    async fn post_hook(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        let request = self.http.post(url).json(&serde_json::json!({}));
        let status = request.send().await.unwrap().status();
        assert!(status.is_success(), "{path}: {status}");
    }

    async fn flush_cache(&self) {
        let url = format!("{}/sandbox/authorizer-cache", self.base);
        let request = self.http.delete(url).json(&serde_json::json!({}));
        let status = request.send().await.unwrap().status();
        assert!(status.is_success(), "flush: {status}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tutorial_runs_offline_with_real_401_403_and_200() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = foreground::sandbox(dir.path());
    let setup = authgate(dir.path(), &["setup", "--yes"]);
    let summary = stdout(&setup);
    let progress = String::from_utf8_lossy(&setup.stderr);
    for verdict in [
        "read-only token → 403 as expected",
        "write token → 200 as expected",
    ] {
        assert!(progress.contains(verdict), "{verdict}:\n{progress}");
    }
    let invoke = summary
        .lines()
        .find_map(|line| line.strip_prefix("invoke URL: "))
        .unwrap_or_else(|| panic!("no invoke URL in the summary:\n{summary}"))
        .trim_end_matches('/')
        .to_owned();
    let client = Client {
        http: authgate_core::http::client(),
        base: sandbox.base_url.clone(),
        invoke,
    };
    drift_is_detected_and_a_rerun_converges(dir.path(), &sandbox.base_url).await;
    let token = stdout(&authgate(dir.path(), &["token"])).trim().to_owned();
    let bearer = format!("Bearer {token}");

    let (status, body) = client.get("/pets", None).await;
    assert_eq!(
        (status, body.as_str()),
        (401, r#"{"message":"Unauthorized"}"#)
    );

    let before = client.invocations().await;
    let (status, _) = client.get("/pets", Some("Bearer not a token!")).await;
    assert_eq!(status, 401);
    assert_eq!(
        client.invocations().await,
        before,
        "a header failing the validation expression never reaches the function"
    );
    // `garbage` passes `^Bearer [-0-9a-zA-Z\._]*$`, so API Gateway does run the authorizer,
    // which answers Unauthorized.
    let (status, _) = client.get("/pets", Some("Bearer garbage")).await;
    assert_eq!(status, 401);
    assert_eq!(client.invocations().await, before + 1);

    let (status, body) = client.get("/pets", Some(&bearer)).await;
    assert_eq!(status, 200, "{body}");
    let pets: Value = serde_json::from_str(&body).unwrap();
    assert!(pets.as_array().is_some_and(|p| !p.is_empty()), "{body}");
    let (status, body) = client.get("/pets/1", Some(&bearer)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["id"], 1);
    cors_headers_come_from_the_integration_responses(&client, &bearer).await;
    permissions_decide_post(&client, &bearer).await;

    // The trap a method-scoped policy sets (cached for GET /pets, it would deny GET /pets/1)
    // is closed by REQUIRED_PERMISSIONS: the policy lists every mapped route, whatever the
    // scope, so the cached one is right for GET /pets/1 too.
    set_inputs(
        dir.path(),
        &[
            ("policy_scope", "method".into()),
            ("secure_scope", "all-but-options".into()),
            ("ttl_secs", toml::Value::Integer(300)),
        ],
    );
    authgate(dir.path(), &["setup", "--yes", "--from-step", "3"]);
    client.flush_cache().await;
    let (status, body) = client.get("/pets", Some(&bearer)).await;
    assert_eq!(status, 200, "{body}");
    let runs = client.invocations().await;
    let (status, body) = client.get("/pets/1", Some(&bearer)).await;
    assert_eq!(status, 200, "the cached policy lists GET /pets/*: {body}");
    assert_eq!(client.invocations().await, runs, "served from the cache");
    let (status, body) = client.post("/pets", Some(&bearer)).await;
    assert_eq!(status, 403, "the cached policy denies POST /pets: {body}");

    // The default stage scope: one cached policy serves every route of the stage.
    set_inputs(dir.path(), &[("policy_scope", "stage".into())]);
    authgate(dir.path(), &["setup", "--yes", "--from-step", "3"]);
    client.flush_cache().await;
    assert_eq!(client.get("/pets", Some(&bearer)).await.0, 200);
    let runs = client.invocations().await;
    assert_eq!(client.get("/pets/1", Some(&bearer)).await.0, 200);
    assert_eq!(client.invocations().await, runs, "served from the cache");

    // A token for another API of the same tenant.
    let other = other_audience_token(&sandbox.base_url).await;
    let (status, _) = client.get("/pets", Some(&format!("Bearer {other}"))).await;
    assert_eq!(status, 401);

    // Key rotation: a token signed with the new key is accepted once the authorizer
    // refetches the JWKS (at most once per 30 s for an unknown kid, so it may take that long).
    client.post_hook("/sandbox/rotate-keys").await;
    let rotated = stdout(&authgate(dir.path(), &["token"])).trim().to_owned();
    assert_ne!(rotated, token);
    let rotated = format!("Bearer {rotated}");
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let (status, body) = client.get("/pets", Some(&rotated)).await;
        if status == 200 {
            break;
        }
        assert_eq!(status, 401, "{body}");
        assert!(
            Instant::now() < deadline,
            "the rotated key was never picked up"
        );
        client.flush_cache().await;
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
}

/// The read-only test token is valid (GET 200) but lacks write:pets: POST /pets is a 403 from
/// the gateway; a token granted write:pets (a client of our own, not the wizard's) gets 200.
async fn permissions_decide_post(client: &Client, bearer: &str) {
    let (status, body) = client.post("/pets", Some(bearer)).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("User is not authorized"), "{body}");
    let writer = format!("Bearer {}", write_token(client).await);
    let (status, body) = client.post("/pets", Some(&writer)).await;
    assert_eq!(status, 200, "{body}");
    // Granted write:pets only: it may write but not read.
    assert_eq!(client.get("/pets", Some(&writer)).await.0, 403);
    assert_eq!(client.get("/pets", Some(bearer)).await.0, 200);
}

/// A client created over the Management API, granted `write:pets` on the tutorial's API,
/// and its client-credentials token, as `curl` would get them.
async fn write_token(client: &Client) -> String {
    use serde_json::json;
    let (http, base) = (&client.http, &client.base);
    let mgmt = crate::support::management::management_token(http, base).await;
    let call = |path: &str, body: Value| {
        http.post(format!("{base}{path}"))
            .bearer_auth(&mgmt)
            .json(&body)
            .send()
    };
    let app: Value = call(
        "/api/v2/clients",
        json!({"name": "e2e writer", "app_type": "non_interactive",
               "grant_types": ["client_credentials"]}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let audience = "https://petstore.authgate.example";
    let granted = call(
        "/api/v2/client-grants",
        json!({"client_id": app["client_id"], "audience": audience, "scope": ["write:pets"]}),
    )
    .await
    .unwrap();
    assert!(
        granted.status().is_success(),
        "{}",
        granted.text().await.unwrap()
    );
    let token: Value = http
        .post(format!("{base}/oauth/token"))
        .json(&json!({
            "grant_type": "client_credentials", "client_id": app["client_id"],
            "client_secret": app["client_secret"], "audience": audience,
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    token["access_token"].as_str().expect("a token").to_owned()
}

/// Step 4's browser actions for `authgate web`'s origin: the secured GET allows it, the open
/// OPTIONS preflight (a MOCK, which browsers send without credentials) answers it, and the
/// gateway's own 401 carries it (`DEFAULT_4XX`).
async fn cors_headers_come_from_the_integration_responses(client: &Client, bearer: &str) {
    let origin = authgate_providers::aws::cors::default_origin();
    let url = format!("{}/pets", client.invoke);
    let got = client
        .http
        .get(&url)
        .header("authorization", bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.headers()["access-control-allow-origin"],
        origin.as_str()
    );
    let unauthorized = client.http.get(&url).send().await.unwrap();
    assert_eq!(unauthorized.status(), 401);
    assert_eq!(
        unauthorized.headers()["access-control-allow-origin"],
        origin.as_str()
    );
    let preflight = client
        .http
        .request(reqwest::Method::OPTIONS, &url)
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 200);
    let allowed = &preflight.headers()["access-control-allow-methods"];
    assert_eq!(allowed, "GET,OPTIONS,POST");
    assert!(
        preflight.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("Authorization")
    );
}

/// The drift column of `status --json`, by resource key.
fn drift(dir: &Path) -> Vec<(String, String)> {
    let status: Value =
        serde_json::from_str(&stdout(&authgate(dir, &["status", "--json"]))).unwrap();
    let rows = status["drift"].as_array().expect("a live check");
    rows.iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap().to_owned(),
                r["live"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Someone edits the function's environment behind authgate's back: `status` says what
/// changed and which step fixes it; that step's rerun puts it back.
async fn drift_is_detected_and_a_rerun_converges(dir: &Path, base: &str) {
    assert!(
        drift(dir).iter().all(|(_, live)| live == "present"),
        "{:?}",
        drift(dir)
    );
    let aws =
        authgate_providers::aws::Aws::connect(&authgate_providers::aws::AwsSettings::sandbox(base))
            .await
            .unwrap();
    let env = aws_sdk_lambda::types::Environment::builder()
        .variables("AUDIENCE", "https://elsewhere.example")
        .build();
    aws.lambda
        .update_function_configuration()
        .function_name(FUNCTION)
        .environment(env)
        .send()
        .await
        .unwrap();
    let text = stdout(&authgate(dir, &["status"]));
    assert!(
        text.contains("! Lambda function: changed since authgate set it"),
        "{text}"
    );
    assert!(
        text.contains("AUDIENCE is https://elsewhere.example"),
        "{text}"
    );
    assert!(text.contains("fix: rerun step 3"), "{text}");
    authgate(dir, &["setup", "--yes", "--from-step", "3"]);
    assert!(
        drift(dir).iter().all(|(_, live)| live == "present"),
        "{:?}",
        drift(dir)
    );
}

async fn other_audience_token(base: &str) -> String {
    let credentials = ClientCredentials {
        client_id: MANAGEMENT_CLIENT_ID.into(),
        client_secret: Secret::new(MANAGEMENT_CLIENT_SECRET),
    };
    let m = Management::connect(
        authgate_core::http::client(),
        TenantUrl::parse(base).unwrap(),
        &credentials,
        Arc::new(Silent),
    )
    .await
    .unwrap();
    let mut spec = ProvisionSpec::default();
    spec.api.name = "another API".into();
    spec.api.identifier = "https://another.authgate.example".into();
    spec.test_client_name = "another test client".into();
    let provisioned = provision(&m, &spec).await.unwrap();
    let verifier = crate::support::management::tenant_verifier(m.tenant(), &spec.api.identifier);
    let token = fetch_test_token(
        m.http(),
        m.tenant(),
        &provisioned.test_client.value,
        &spec.api.identifier,
        &verifier,
    )
    .await
    .unwrap();
    token.response.access_token.expose().to_owned()
}
