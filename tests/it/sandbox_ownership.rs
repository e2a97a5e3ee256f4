//! One sandbox per state directory, through the binary as a user runs it: the README's
//! `authgate sandbox & authgate --sandbox setup --yes` lands in the running sandbox every
//! time; a second sandbox on a held directory exits 2; kill -9 frees it; and a kill -9
//! during a burst of writes loses nothing that was acknowledged.

use crate::support::foreground;
use crate::support::management;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use authgate_providers::aws::{Aws, AwsSettings};
use authgate_sandbox::read_endpoint;

const SIGNED: &str = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, \
                      SignedHeaders=host, Signature=00";

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_authgate"));
    command
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AUTH0_DOMAIN")
        .env(crate::support::cli::FIRST_PORT_ENV, "auto")
        .stdin(Stdio::null());
    command
}

/// The tests of this file start sandboxes and race them against commands: one at a time,
/// so that one test's load does not decide another's race.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

async fn sdk(base_url: &str) -> Aws {
    Aws::connect(&AwsSettings::sandbox(base_url)).await.unwrap()
}

fn setup(dir: &Path) -> Output {
    bin()
        .current_dir(dir)
        .args(["--sandbox", "--state-dir", ".authgate", "setup", "--yes"])
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readme_race_lands_in_the_running_sandbox_every_time() {
    let _serial = SERIAL.lock().await;
    for run in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let mut sandbox = foreground::spawn(dir.path());
        let out = setup(dir.path());
        let stdout = text(&out.stdout);
        assert!(out.status.success(), "run {run}: {}", text(&out.stderr));
        let base = sandbox.wait_for_endpoint().to_owned();
        let invoke = stdout
            .lines()
            .find_map(|l| l.strip_prefix("invoke URL: "))
            .unwrap_or_else(|| panic!("run {run}: no invoke URL in {stdout}"));
        assert!(
            invoke.starts_with(&format!("{base}/")),
            "run {run}: {invoke} vs {base}\n{stdout}\n{}",
            text(&out.stderr)
        );
        assert!(
            !stdout.contains("ran inside this command"),
            "run {run}: {stdout}"
        );
        let api = invoke.split('/').nth(4).unwrap();
        let aws = sdk(&base).await;
        aws.apigateway
            .get_rest_api()
            .rest_api_id(api)
            .send()
            .await
            .unwrap_or_else(|e| panic!("run {run}: {api} not in the running sandbox: {e}"));
        if run == 19 {
            // The running sandbox writes again; everything setup made is still there.
            let report = std::sync::Mutex::new(Vec::new());
            authgate_providers::aws::apigateway::ensure_rest_api(&aws, None, &report)
                .await
                .unwrap();
            let status = bin()
                .current_dir(dir.path())
                .args(["--sandbox", "--state-dir", ".authgate", "status", "--json"])
                .output()
                .unwrap();
            let json: Value = serde_json::from_slice(&status.stdout).unwrap();
            let drift = json["drift"].as_array().unwrap();
            assert!(!drift.is_empty());
            for row in drift {
                assert_eq!(row["live"], "present", "{row}");
            }
        }
        drop(sandbox); // kill -9
    }
}

#[tokio::test]
async fn a_second_sandbox_exits_2_and_kill_9_frees_the_directory() {
    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let mut first = foreground::spawn(dir.path());
    let base = first.wait_for_endpoint().to_owned();

    let second = bin()
        .current_dir(dir.path())
        .args(["sandbox", "--port", "0", "--dir", ".authgate/sandbox"])
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(2));
    let stderr = text(&second.stderr);
    let expected = format!("a sandbox (pid {}) already serves", first.pid());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(
        stderr.contains(&base) && stderr.contains("--sandbox"),
        "{stderr}"
    );

    // kill -9: no clean stop, so the endpoint file stays behind, stale.
    let first_pid = first.pid();
    drop(first); // kill -9
    let sandbox_dir = dir.path().join(".authgate/sandbox");
    assert!(read_endpoint(&sandbox_dir).is_some_and(|e| e.pid == first_pid));
    let mut third = foreground::spawn(dir.path());
    let replaced = third.wait_for_endpoint().to_owned();
    assert_ne!(third.pid(), first_pid);
    let answer = reqwest::get(format!("{replaced}/.well-known/jwks.json")).await;
    assert!(answer.is_ok_and(|r| r.status().is_success()));
    drop(third);
}

/// Creates objects as fast as the sandbox acknowledges them, from several clients, until
/// `stop` is set; returns the names it got a success for.
async fn burst(
    base: String,
    token: String,
    worker: usize,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> (Vec<String>, Vec<String>) {
    let http = authgate_core::http::client();
    let (mut roles, mut apis) = (Vec::new(), Vec::new());
    for i in 0.. {
        if stop.load(std::sync::atomic::Ordering::SeqCst) || i >= 2_000 {
            break;
        }
        let name = format!("r{worker}x{i}");
        let form = format!(
            "Action=CreateRole&Version=2010-05-08&RoleName={name}&AssumeRolePolicyDocument=%7B%7D"
        );
        let role = http
            .post(format!("{base}/"))
            .header("authorization", SIGNED)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await;
        match role {
            Ok(r) if r.status().is_success() => roles.push(name.clone()),
            _ => break,
        }
        let identifier = format!("https://burst/{name}");
        let api = http
            .post(format!("{base}/api/v2/resource-servers"))
            .bearer_auth(&token)
            .json(&json!({ "name": name, "identifier": identifier }))
            .send()
            .await;
        match api {
            Ok(r) if r.status().is_success() => apis.push(identifier),
            _ => break,
        }
    }
    (roles, apis)
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_during_a_burst_of_writes_keeps_every_acknowledged_object() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let mut sandbox = foreground::spawn(dir.path());
    let base = sandbox.wait_for_endpoint().to_owned();
    let token = management::management_token(&authgate_core::http::client(), &base).await;
    let stop_flag = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            tokio::spawn(burst(
                base.clone(),
                token.clone(),
                w,
                Arc::clone(&stop_flag),
            ))
        })
        .collect();
    // Let the burst run, then kill -9 the sandbox in the middle of it.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    drop(sandbox); // kill -9
    stop_flag.store(true, Ordering::SeqCst);
    let (mut roles, mut apis) = (Vec::new(), Vec::new());
    for worker in workers {
        let (r, a) = worker.await.unwrap();
        roles.extend(r);
        apis.extend(a);
    }
    assert!(
        roles.len() > 20,
        "the burst wrote too little to prove anything: {}",
        roles.len()
    );

    let sandbox_dir = dir.path().join(".authgate/sandbox");
    let aws: Value =
        serde_json::from_slice(&std::fs::read(sandbox_dir.join("aws.json")).unwrap()).unwrap();
    let tenant: Value =
        serde_json::from_slice(&std::fs::read(sandbox_dir.join("tenant.json")).unwrap()).unwrap();
    for role in &roles {
        assert!(
            aws["roles"].get(role).is_some(),
            "acknowledged role {role} lost"
        );
    }
    let kept: Vec<&str> = tenant["resource_servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["identifier"].as_str())
        .collect();
    for api in &apis {
        assert!(kept.contains(&api.as_str()), "acknowledged API {api} lost");
    }
}
