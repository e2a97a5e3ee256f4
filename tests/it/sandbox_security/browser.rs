//! The attack in a real browser: headless Chromium opens a page served from another
//! loopback port (another origin) that tries a form post to IAM, `no-cors` posts to Lambda
//! and a hook, and a token request; the same page reads the `PetStore`'s data plane, whose
//! MOCK `OPTIONS` method allows it. The page reports what it saw back to its own server.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::Html;
use axum::routing::{get, post};
use serde_json::Value;
use tokio::sync::mpsc;

use authgate_providers::Silent;
use authgate_providers::aws::apigateway::{StageSpec, ensure_rest_api, ensure_stage};

use super::{foreground, payload, sdk};

/// Debian's `chromium` (scripts/test.sh installs it), or `AUTHGATE_CHROMIUM`.
fn chromium() -> PathBuf {
    if let Ok(path) = std::env::var("AUTHGATE_CHROMIUM") {
        return PathBuf::from(path);
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect(
            "this test needs Chromium: run `bash scripts/test.sh` (it installs Debian's \
             chromium) or set AUTHGATE_CHROMIUM",
        )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

fn attack_page(sandbox: &str, pets: &str, marker: &Path) -> String {
    let form = payload::create_role_form("pwned");
    let fields =
        url::form_urlencoded::parse(form.as_bytes()).fold(String::new(), |mut html, (k, v)| {
            let (k, v) = (escape_html(&k), escape_html(&v));
            let _ = write!(html, r#"<input type="hidden" name="{k}" value="{v}">"#);
            html
        });
    let js = |text: &str| serde_json::to_string(text).unwrap();
    include_str!("attack.html")
        .replace("{{SANDBOX_ATTR}}", &escape_html(sandbox))
        .replace("{{FIELDS}}", &fields)
        .replace("{{SANDBOX}}", &js(sandbox))
        .replace("{{PETS}}", &js(pets))
        .replace(
            "{{CREATE}}",
            &js(&payload::create_function_body("pwned", marker)),
        )
        .replace("{{TOKEN_FORM}}", &js(&payload::token_form()))
}

/// Serves the page at `/` and takes its report at `POST /report`; returns the page's URL.
async fn serve_page(page: String) -> (String, mpsc::Receiver<String>) {
    let (tx, rx) = mpsc::channel::<String>(1);
    let page = Arc::new(page);
    let app = axum::Router::new()
        .route("/", get(move || async move { Html(page.to_string()) }))
        .route(
            "/report",
            post(
                |State(tx): State<mpsc::Sender<String>>, body: String| async move {
                    let _ = tx.send(body).await;
                },
            ),
        )
        .with_state(tx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, rx)
}

pub async fn hostile_page_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("pwned");
    let sandbox = foreground::sandbox(dir.path());
    let aws = sdk(&sandbox.base_url).await;
    let api = ensure_rest_api(&aws, None, &Silent).await.unwrap();
    let stage = ensure_stage(&aws, &api.id, &StageSpec::default(), &Silent)
        .await
        .unwrap();
    let pets = format!(
        "{}/restapis/{}/{}/_user_request_/pets",
        sandbox.base_url, api.id, stage.name
    );
    let (page_url, mut reports) = serve_page(attack_page(&sandbox.base_url, &pets, &marker)).await;

    let profile = tempfile::tempdir().unwrap();
    let mut browser = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(&page_url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting chromium");
    let report = tokio::time::timeout(Duration::from_secs(90), reports.recv()).await;
    let _ = browser.kill();
    let _ = browser.wait();
    let report: Value = serde_json::from_str(&report.expect("the page reported").unwrap()).unwrap();

    // The page could send its no-cors posts, but never read an answer, and nothing happened.
    assert_eq!(report["iam_form"], "submitted", "{report:#}");
    for attempt in ["create", "invoke", "rotate"] {
        assert_eq!(report[attempt]["type"], "opaque", "{attempt}: {report:#}");
    }
    assert!(
        report["token"]["blocked"].as_str().is_some(),
        "a cross-origin page read the token answer: {report:#}"
    );
    payload::assert_nothing_created(&aws, "pwned").await;
    assert!(!marker.exists(), "the hostile code ran");
    let jwks: Value = reqwest::get(format!("{}/.well-known/jwks.json", sandbox.base_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        jwks["keys"].as_array().unwrap().len(),
        1,
        "the keys were rotated"
    );

    // The data plane stays an API a browser app may call, with the CORS the API defines:
    // a simple GET, and one with headers that needs the MOCK OPTIONS preflight.
    for read in ["pets", "pets_preflighted"] {
        assert_eq!(report[read]["status"], 200, "{read}: {report:#}");
        assert!(
            report[read]["body"].as_str().unwrap().contains("\"type\""),
            "{read}: {report:#}"
        );
    }
}
