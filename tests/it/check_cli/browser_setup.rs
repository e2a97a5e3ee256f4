//! Step 4's own browser actions (`setup --yes --browser-origin`): the browser checks pass,
//! `status` shows the drift rows of the CORS setup and of `authgate web`'s application, a
//! gateway response deleted by hand is reported missing with the step that puts it back
//! (and check finds the 401 without CORS), a callback removed by hand likewise, and the
//! reruns converge.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use super::{assert_all_pass, assert_root_cause, aws_program, find};
use crate::support::{aws_cli, cli, foreground, management};

fn check(dir: &Path) -> (i32, Value) {
    let out = cli::run(dir, &["check", "--json"]);
    let report = serde_json::from_slice(&out.stdout).expect("check --json prints JSON");
    (out.status.code().unwrap_or(-1), report)
}

fn status(dir: &Path) -> Value {
    let out = cli::run_ok(dir, &["status", "--json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The drift row of `key`: its `live` and its fix.
fn row(status: &Value, key: &str) -> Value {
    status["drift"]
        .as_array()
        .unwrap_or_else(|| panic!("a live check: {status:#}"))
        .iter()
        .find(|r| r["key"] == key)
        .cloned()
        .unwrap_or_else(|| panic!("no drift row {key}: {status:#}"))
}

/// The recorded id of `key`.
fn id(status: &Value, key: &str) -> String {
    status["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .and_then(|r| r["id"].as_str())
        .unwrap_or_else(|| panic!("no {key} recorded"))
        .to_owned()
}

/// `authgate web` long enough to print its URL (it records its application first).
fn web_once(dir: &Path, port: u16) {
    let mut child: Child = cli::command(dir)
        .args(["web", "--port", &port.to_string(), "--no-open"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("starting authgate web");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        if let Some(Ok(line)) = BufReader::new(stdout).lines().next() {
            let _ = tx.send(line);
        }
    });
    let url = rx.recv_timeout(Duration::from_mins(1));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        url.as_deref().ok(),
        Some(format!("http://127.0.0.1:{port}/").as_str())
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread")]
async fn step_4s_browser_actions_pass_and_status_shows_their_drift() {
    let Some(program) = aws_program() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let sandbox = foreground::sandbox(dir);
    let base = sandbox.base_url.clone();
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    cli::run_ok(dir, &["setup", "--yes", "--browser-origin", &origin]);
    let (code, report) = check(dir);
    assert_all_pass(code, &report);
    let text = find(&report, "step4.cors.gateway_responses")["what"]
        .as_str()
        .unwrap();
    assert!(
        text.contains(&origin) && text.contains("step 4's browser origin"),
        "{text}"
    );
    web_once(dir, port);
    let before = status(dir);
    for key in ["aws.cors", "auth0.spa_app"] {
        assert_eq!(row(&before, key)["live"], "present", "{before:#}");
    }

    // A gateway response deleted by hand (not deployed: the stage still has it).
    let api = id(&before, "aws.rest_api");
    let region = authgate_providers::aws::LOOPBACK_REGION;
    let delete = [
        "apigateway",
        "delete-gateway-response",
        "--rest-api-id",
        &api,
        "--response-type",
        "DEFAULT_4XX",
    ];
    aws_cli::run(&program, &base, region, &delete).await;
    let cors = row(&status(dir), "aws.cors");
    assert_eq!(cors["live"], "drifted", "{cors:#}");
    let differences = cors["differences"].to_string();
    assert!(
        differences.contains("gateway response DEFAULT_4XX is missing"),
        "{differences}"
    );
    assert!(
        cors["fix"].as_str().unwrap().contains("rerun step 4"),
        "{cors:#}"
    );
    let text = String::from_utf8_lossy(&cli::run_ok(dir, &["status"]).stdout).into_owned();
    assert!(
        text.contains("! CORS for the browser origin: changed since authgate set it")
            && text.contains("fix: rerun step 4"),
        "{text}"
    );
    let (code, report) = check(dir);
    assert_root_cause(code, &report, "step4.cors.gateway_responses", "DEFAULT_4XX");

    // The web page's callback removed by hand.
    let http = authgate_core::http::client();
    let token = management::management_token(&http, &base).await;
    let spa = id(&before, "auth0.spa_app");
    let patched = http
        .request(Method::PATCH, format!("{base}/api/v2/clients/{spa}"))
        .bearer_auth(&token)
        .json(&json!({ "callbacks": [] }))
        .send()
        .await
        .unwrap();
    assert!(patched.status().is_success());
    let app = row(&status(dir), "auth0.spa_app");
    assert_eq!(app["live"], "drifted", "{app:#}");
    assert!(
        app["differences"]
            .to_string()
            .contains(&format!("callbacks lacks {origin}/")),
        "{app:#}"
    );
    assert!(
        app["fix"].as_str().unwrap().contains("authgate web"),
        "{app:#}"
    );

    // The steps that converge them.
    cli::run_ok(dir, &["setup", "--yes", "--from-step", "4"]);
    web_once(dir, port);
    let after = status(dir);
    for key in ["aws.cors", "auth0.spa_app"] {
        assert_eq!(row(&after, key)["live"], "present", "{after:#}");
    }
    let (code, report) = check(dir);
    assert_all_pass(code, &report);
}
