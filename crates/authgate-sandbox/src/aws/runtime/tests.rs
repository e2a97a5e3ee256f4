use std::io::Write as _;

use std::time::Instant;

use serde_json::json;

use super::catalogue::NODE_ENV;
use super::*;

mod more;
mod oracles;

const HANDLER: &str = r"
let calls = 0;
export const handler = async (event) => {
  calls += 1;
  console.log('event', JSON.stringify(event));
  if (event.sleep) await new Promise((r) => setTimeout(r, event.sleep));
  if (event.exit) process.exit(3);
  if (event.deny) throw new Error('Unauthorized');
  process.stdout.write('raw write\n');
  return { calls, greeting: process.env.GREETING, home: process.env.HOME ?? null,
           region: process.env.AWS_REGION };
};
";

fn node_present() -> bool {
    let found = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: `node` is not on PATH (scripts/test.sh installs Node.js >= 20)");
    }
    found
}

struct Fixture {
    _dir: tempfile::TempDir,
    runtime: Runtime,
    launch: Launch,
}

fn fixture(source: &str, file: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("f.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    zip.start_file(file, zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(source.as_bytes()).unwrap();
    zip.finish().unwrap();
    let runtime = Runtime::new(dir.path().join("run"));
    let launch = Launch {
        name: "f".into(),
        revision: "r1".into(),
        runtime: "nodejs22.x".into(),
        reserved_concurrency: None,
        handler: "index.handler".into(),
        timeout_secs: 1,
        memory_mb: 128,
        region: "eu-west-1".into(),
        env: BTreeMap::from([("GREETING".to_owned(), "hello".to_owned())]),
        zip: zip_path,
    };
    Fixture {
        _dir: dir,
        runtime,
        launch,
    }
}

#[tokio::test]
async fn a_warm_worker_applies_env_and_captures_each_invocations_log() {
    if !node_present() {
        return;
    }
    let f = fixture(HANDLER, "index.mjs");
    let first = f.runtime.invoke(&f.launch, &json!({"n": 1})).await.unwrap();
    assert_eq!(first.payload["greeting"], "hello");
    assert_eq!(first.payload["region"], "eu-west-1");
    assert_eq!(
        first.payload["home"],
        serde_json::Value::Null,
        "the parent's env is not passed"
    );
    assert!(first.log.starts_with("INIT_START "), "{}", first.log);
    assert!(first.log.contains("\nSTART RequestId: "), "{}", first.log);
    assert!(first.log.contains("\tInit Duration: "), "{}", first.log);
    assert!(first.log.contains("INFO\tevent {\"n\":1}"), "{}", first.log);
    assert!(first.log.contains("raw write"), "{}", first.log);
    assert!(first.log.contains("REPORT RequestId: "), "{}", first.log);
    let second = f.runtime.invoke(&f.launch, &json!({"n": 2})).await.unwrap();
    assert_eq!(
        second.payload["calls"], 2,
        "the same (warm) process answered"
    );
    assert!(
        !second.log.contains("{\"n\":1}"),
        "each log is its own: {}",
        second.log
    );
}

#[tokio::test]
async fn a_thrown_error_is_the_functions_error_with_its_log() {
    if !node_present() {
        return;
    }
    let f = fixture(HANDLER, "index.mjs");
    let err = f
        .runtime
        .invoke(&f.launch, &json!({"deny": true}))
        .await
        .unwrap_err();
    let FunctionError::Failed {
        error_type,
        error_message,
        log,
        ..
    } = err
    else {
        panic!("expected a function error, got {err:?}");
    };
    assert_eq!(
        (error_type.as_str(), error_message.as_str()),
        ("Error", "Unauthorized")
    );
    assert!(log.contains("\"deny\":true"), "{log}");
    let ok = f.runtime.invoke(&f.launch, &json!({})).await.unwrap();
    assert_eq!(
        ok.payload["calls"], 2,
        "a thrown error does not restart the worker"
    );
}

#[tokio::test]
async fn the_timeout_kills_the_worker_and_the_next_call_gets_a_fresh_one() {
    if !node_present() {
        return;
    }
    let f = fixture(HANDLER, "index.mjs");
    f.runtime.invoke(&f.launch, &json!({})).await.unwrap();
    let started = Instant::now();
    let err = f
        .runtime
        .invoke(&f.launch, &json!({"sleep": 5000}))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    let FunctionError::Timeout { secs, log } = err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!(secs, 1);
    assert!(log.contains("Task timed out after 1.00 seconds"), "{log}");
    assert!(
        log.contains("\"sleep\":5000"),
        "what it printed before is kept: {log}"
    );
    let after = f.runtime.invoke(&f.launch, &json!({})).await.unwrap();
    assert_eq!(after.payload["calls"], 1, "a new process");
}

#[tokio::test]
async fn a_crash_is_reported_and_the_worker_restarts() {
    if !node_present() {
        return;
    }
    let mut f = fixture(HANDLER, "index.mjs");
    let err = f
        .runtime
        .invoke(&f.launch, &json!({"exit": true}))
        .await
        .unwrap_err();
    let FunctionError::Failed {
        error_type,
        error_message,
        ..
    } = err
    else {
        panic!("expected a function error, got {err:?}");
    };
    assert_eq!(error_type, "Runtime.ExitError");
    assert!(error_message.contains("status 3"), "{error_message}");
    assert_eq!(
        f.runtime
            .invoke(&f.launch, &json!({}))
            .await
            .unwrap()
            .payload["calls"],
        1
    );
    assert_eq!(
        f.runtime
            .invoke(&f.launch, &json!({}))
            .await
            .unwrap()
            .payload["calls"],
        2
    );
    f.launch.revision = "r2".into();
    let changed = f.runtime.invoke(&f.launch, &json!({})).await.unwrap();
    assert_eq!(
        changed.payload["calls"], 1,
        "a new revision gets a new worker"
    );
}

#[tokio::test]
async fn load_failures_name_the_problem() {
    if !node_present() {
        return;
    }
    let f = fixture("export const other = 1;\n", "index.mjs");
    let err = f.runtime.invoke(&f.launch, &json!({})).await.unwrap_err();
    assert!(
        matches!(&err, FunctionError::Failed { error_type, .. } if error_type == "Runtime.HandlerNotFound"),
        "{err:?}"
    );
    let f = fixture("export const handler = async () => 1;\n", "main.mjs");
    let err = f.runtime.invoke(&f.launch, &json!({})).await.unwrap_err();
    assert!(
        matches!(&err, FunctionError::Failed { error_type, error_message, .. }
            if error_type == "Runtime.ImportModuleError" && error_message.contains("Cannot find module 'index'")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_missing_node_says_how_to_install_it() {
    let f = fixture(HANDLER, "index.mjs");
    let runtime = Runtime::with_interpreters(
        f.runtime.work_dir.clone(),
        Interpreters {
            node: "/nonexistent/node".into(),
            ..Interpreters::from_env()
        },
    );
    let err = runtime.invoke(&f.launch, &json!({})).await.unwrap_err();
    let FunctionError::Runtime { detail } = err else {
        panic!("expected a runtime error, got {err:?}");
    };
    assert!(detail.contains("Node.js >= 20"), "{detail}");
    assert!(detail.contains(NODE_ENV), "{detail}");
}
