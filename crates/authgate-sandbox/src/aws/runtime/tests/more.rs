//! Concurrency, reserved concurrency, the other runtimes, nodejs24.x's init refusal and
//! the Runtime API's own answers.

use std::io::Write as _;

use serde_json::json;

use super::super::api::{MAX_RESPONSE_BYTES, RuntimeApi};
use super::*;

/// A function of `files` (name, source, unix mode) on `runtime`.
fn function(runtime: &str, handler: &str, files: &[(&str, &str, u32)]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("f.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    for (name, source, mode) in files {
        let options = zip::write::SimpleFileOptions::default().unix_permissions(*mode);
        zip.start_file(*name, options).unwrap();
        zip.write_all(source.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    let launch = Launch {
        name: "f".into(),
        revision: "r1".into(),
        runtime: runtime.into(),
        reserved_concurrency: None,
        handler: handler.into(),
        timeout_secs: 3,
        memory_mb: 128,
        region: "eu-west-1".into(),
        env: BTreeMap::new(),
        zip: zip_path,
    };
    Fixture {
        runtime: Runtime::new(dir.path().join("run")),
        _dir: dir,
        launch,
    }
}

const SLOW: &str = "export const handler = async (e) => { await new Promise((r) => setTimeout(r, e.ms)); return process.pid; };";

#[tokio::test]
async fn concurrent_invocations_get_their_own_environments_and_later_ones_reuse_them() {
    if !node_present() {
        return;
    }
    let f = function("nodejs22.x", "index.handler", &[("index.mjs", SLOW, 0o644)]);
    let event = json!({"ms": 300});
    let calls = (0..4).map(|_| f.runtime.invoke(&f.launch, &event));
    let results: Vec<_> = futures::future::join_all(calls).await;
    let mut pids: Vec<_> = results
        .iter()
        .map(|r| r.as_ref().unwrap().payload.clone())
        .collect();
    pids.sort_by_key(ToString::to_string);
    pids.dedup();
    assert_eq!(pids.len(), 4, "four environments: {pids:?}");
    let cold = results
        .iter()
        .filter(|r| r.as_ref().unwrap().log.contains("Init Duration"))
        .count();
    assert_eq!(cold, 4, "each REPORT of a cold start has Init Duration");
    let again = f
        .runtime
        .invoke(&f.launch, &json!({"ms": 0}))
        .await
        .unwrap();
    assert!(pids.contains(&again.payload), "a warm one answered");
    assert!(!again.log.contains("Init Duration"), "{}", again.log);
}

#[tokio::test]
async fn reserved_concurrency_throttles_what_exceeds_it() {
    if !node_present() {
        return;
    }
    let mut f = function("nodejs22.x", "index.handler", &[("index.mjs", SLOW, 0o644)]);
    f.launch.reserved_concurrency = Some(1);
    let event = json!({"ms": 300});
    let (a, b) = tokio::join!(
        f.runtime.invoke(&f.launch, &event),
        f.runtime.invoke(&f.launch, &event)
    );
    let throttled = [&a, &b]
        .iter()
        .filter(|r| matches!(r, Err(FunctionError::Throttled { .. })))
        .count();
    assert_eq!(throttled, 1, "{a:?} {b:?}");
}

#[tokio::test]
async fn nodejs24_refuses_a_callback_handler_at_init() {
    if !node_present() {
        return;
    }
    let source = "exports.handler = function (event, context, callback) { callback(null, 1); };";
    let f = function(
        "nodejs24.x",
        "index.handler",
        &[("index.js", source, 0o644)],
    );
    let err = f.runtime.invoke(&f.launch, &json!({})).await.unwrap_err();
    let FunctionError::Failed {
        error_type, log, ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(error_type, "Runtime.CallbackHandlerDeprecated");
    assert!(log.contains("INIT_REPORT"), "{log}");
    let f = function(
        "nodejs22.x",
        "index.handler",
        &[("index.js", source, 0o644)],
    );
    assert_eq!(
        f.runtime
            .invoke(&f.launch, &json!({}))
            .await
            .unwrap()
            .payload,
        1
    );
}

#[tokio::test]
async fn a_custom_runtime_bootstrap_speaks_the_runtime_api_itself() {
    if !std::path::Path::new("/bin/sh").exists() || which("curl").is_none() {
        eprintln!("skipped: needs /bin/sh and curl");
        return;
    }
    let bootstrap = r#"#!/bin/sh
set -eu
api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
while true; do
  headers=$(mktemp)
  event=$(curl -sS -D "$headers" "$api/invocation/next")
  id=$(grep -i '^lambda-runtime-aws-request-id:' "$headers" | tr -d '\r' | cut -d' ' -f2)
  echo "handling $id"
  curl -sS -o /dev/null -X POST "$api/invocation/$id/response" -d "{\"echo\":$event,\"handler\":\"$_HANDLER\"}"
done
"#;
    let f = function(
        "provided.al2023",
        "function.handler",
        &[("bootstrap", bootstrap, 0o755)],
    );
    let result = f.runtime.invoke(&f.launch, &json!({"n": 1})).await.unwrap();
    assert_eq!(
        result.payload,
        json!({"echo": {"n": 1}, "handler": "function.handler"})
    );
    assert!(result.log.contains("handling "), "{}", result.log);
    let f = function("provided.al2023", "x", &[("bootstrap", bootstrap, 0o644)]);
    let err = f.runtime.invoke(&f.launch, &json!({})).await.unwrap_err();
    assert!(
        matches!(&err, FunctionError::Failed { error_type, .. } if error_type == "Runtime.InvalidEntrypoint"),
        "{err:?}"
    );
}

#[tokio::test]
async fn python_handlers_return_and_raise() {
    if which("python3").is_none() {
        eprintln!("skipped: python3 is not on PATH");
        return;
    }
    let source = "def handler(event, context):\n    if event.get('deny'):\n        raise Exception('Unauthorized')\n    return {'name': context.function_name, 'left': context.get_remaining_time_in_millis() > 0}\n";
    let f = function("python3.12", "app.handler", &[("app.py", source, 0o644)]);
    let ok = f.runtime.invoke(&f.launch, &json!({})).await.unwrap();
    assert_eq!(ok.payload, json!({"name": "f", "left": true}));
    let err = f
        .runtime
        .invoke(&f.launch, &json!({"deny": true}))
        .await
        .unwrap_err();
    let FunctionError::Failed {
        error_type,
        error_message,
        payload,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(
        (error_type.as_str(), error_message.as_str()),
        ("Exception", "Unauthorized")
    );
    assert!(payload["stackTrace"].is_array(), "{payload}");
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    })
}

#[tokio::test]
async fn the_runtime_api_answers_as_the_emulator_does() {
    let mut api = RuntimeApi::start().await.unwrap();
    let base = format!("http://{}/2018-06-01/runtime", api.addr);
    let client = authgate_core::http::client();
    let post = |path: String| client.post(format!("{base}/{path}")).body("{}").send();
    assert_eq!(
        post("invocation/nope/response".into())
            .await
            .unwrap()
            .status(),
        400
    );
    api.queue
        .send(super::super::api::Invocation {
            id: "id-1".into(),
            event: "{\"a\":1}".into(),
            deadline_ms: 1,
            function_arn: "arn".into(),
            trace_id: "Root=1".into(),
        })
        .await
        .unwrap();
    let next = client
        .get(format!("{base}/invocation/next"))
        .send()
        .await
        .unwrap();
    assert_eq!(next.headers()["lambda-runtime-aws-request-id"], "id-1");
    assert_eq!(next.headers()["lambda-runtime-invoked-function-arn"], "arn");
    assert_eq!(next.text().await.unwrap(), "{\"a\":1}");
    assert_eq!(
        api.events.recv().await,
        Some(super::super::api::ApiEvent::Ready)
    );
    let init_late = post("init/error".into()).await.unwrap();
    assert_eq!(init_late.status(), 403);
    let too_big = client
        .post(format!("{base}/invocation/id-1/response"))
        .body(vec![b'1'; MAX_RESPONSE_BYTES + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), 413);
    assert_eq!(
        post("invocation/id-1/response".into())
            .await
            .unwrap()
            .status(),
        403
    );
    let from_page = client
        .get(format!("{base}/invocation/next"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(from_page.status(), 403, "a web page cannot reach it");
}

#[tokio::test]
async fn a_caller_that_goes_away_leaves_the_environment_warm() {
    if !node_present() {
        return;
    }
    let f = function("nodejs22.x", "index.handler", &[("index.mjs", SLOW, 0o644)]);
    let first = f
        .runtime
        .invoke(&f.launch, &json!({"ms": 0}))
        .await
        .unwrap();
    let event = json!({"ms": 300});
    let abandoned = tokio::time::timeout(
        std::time::Duration::from_millis(50),
        f.runtime.invoke(&f.launch, &event),
    )
    .await;
    assert!(abandoned.is_err(), "the caller gave up mid-invocation");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let after = f
        .runtime
        .invoke(&f.launch, &json!({"ms": 0}))
        .await
        .unwrap();
    assert_eq!(
        after.payload, first.payload,
        "the same warm process answered"
    );
    assert!(!after.log.contains("Init Duration"), "{}", after.log);
}

#[tokio::test]
async fn our_runtimes_end_when_the_sandbox_is_gone() {
    if !node_present() || which("python3").is_none() {
        return;
    }
    let cases = [
        (
            "nodejs24.x",
            "index.handler",
            "index.mjs",
            "export const handler = async () => 1;",
        ),
        (
            "nodejs22.x",
            "index.handler",
            "index.js",
            "exports.handler = (e, c, cb) => cb(null, 1);",
        ),
        (
            "python3.12",
            "app.handler",
            "app.py",
            "def handler(e, c):\n    return 1\n",
        ),
    ];
    for (runtime, handler, file, source) in cases {
        let f = function(runtime, handler, &[(file, source, 0o644)]);
        let root = f.runtime.work_dir.join("root");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join(file), source).unwrap();
        let family = Family::of(runtime).unwrap();
        let argv = super::super::catalogue::entry(
            family,
            &f.runtime.interpreters,
            &f.runtime.runtime_dir().unwrap(),
            &root,
        );
        let env = f.runtime.variables(&f.launch, &root).unwrap();
        let mut log = Vec::new();
        let mut environment = super::super::environment::Environment::start(
            &argv,
            &root,
            env,
            INIT_TIMEOUT,
            &mut log,
        )
        .await
        .unwrap();
        let ended = environment
            .orphaned(std::time::Duration::from_secs(3))
            .await;
        assert!(
            ended.is_some(),
            "{runtime}: still running after its sandbox went"
        );
    }
}
