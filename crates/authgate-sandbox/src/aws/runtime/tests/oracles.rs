//! AWS's own runtime interface clients as oracles: every handler fixture
//! (`tests/fixtures/handlers/cases.json`) runs under our bootstrap and under the matching
//! client (`aws-lambda-ric` 3.3.0 for nodejs ≤ 22, 4.0.2 for nodejs24.x, `awslambdaric`
//! 4.2.2 for Python; `tests/oracles/launchers.json`), each against a Runtime API of this
//! sandbox, twice (cold, then warm). What each posts — which endpoint, the
//! `Lambda-Runtime-Function-Error-Type` header and the body, field for field — must be the
//! same, except stack frames and paths inside the runtime itself (`tests/oracles/README.md`).
//! The oracles are installed by `scripts/install-oracles.sh target/oracles`.

use std::path::{Path, PathBuf};

use futures::StreamExt as _;
use serde_json::{Value, json};

use super::super::Runtime;
use super::super::api::Invocation;
use super::super::catalogue::install_bootstraps;
use super::super::environment::{Ending, Environment, StartFailure};
use super::*;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The oracles' install directory, or `None` (skip) when they are not installed.
fn oracles() -> Option<PathBuf> {
    let dir = std::env::var_os("AUTHGATE_ORACLES")
        .map_or_else(|| crate_dir().join("../../target/oracles"), PathBuf::from);
    if dir.join("node-ric-3").is_dir() && dir.join("python").is_dir() {
        // Canonical: the runtimes print real paths, which must match to be recognised.
        return Some(dir.canonicalize().unwrap());
    }
    let message = format!(
        "AWS's runtime interface clients are not installed in {}: run `scripts/install-oracles.sh target/oracles`",
        dir.display()
    );
    assert!(
        std::env::var_os("AUTHGATE_REQUIRE_ORACLES").is_none(),
        "{message}"
    );
    eprintln!("skipped: {message}");
    None
}

#[derive(Debug, Clone, PartialEq)]
struct Post {
    endpoint: &'static str,
    error_type: Option<String>,
    body: Value,
}

fn post_of(ending: Ending, init: bool) -> Post {
    let parse = |b: &[u8]| {
        serde_json::from_slice(b)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(b).into_owned()))
    };
    match ending {
        Ending::Response(body) => Post {
            endpoint: "response",
            error_type: None,
            body: parse(&body),
        },
        Ending::Error(posted) => Post {
            endpoint: if init { "init/error" } else { "error" },
            error_type: posted.error_type,
            body: parse(&posted.body),
        },
        Ending::TimedOut => Post {
            endpoint: "(nothing before the deadline)",
            error_type: None,
            body: Value::Null,
        },
        Ending::Exited(detail) => Post {
            endpoint: "(exited)",
            error_type: None,
            body: Value::String(detail),
        },
    }
}

/// What one runtime posts for `event`, cold then warm.
async fn posts(
    argv: &[std::ffi::OsString],
    env: Vec<(String, String)>,
    root: &Path,
    case: &Value,
) -> (Vec<Post>, String) {
    let mut log = Vec::new();
    let timeout = std::time::Duration::from_secs(case["timeout_secs"].as_u64().unwrap_or(3));
    let mut environment = match Environment::start(argv, root, env, INIT_TIMEOUT, &mut log).await {
        Ok(environment) => environment,
        Err(StartFailure::Init { ending, .. }) => {
            return (
                vec![post_of(ending, true)],
                String::from_utf8_lossy(&log).into(),
            );
        }
        Err(other) => panic!("{argv:?} did not start: {other:?}"),
    };
    let mut seen = Vec::new();
    for n in 0..2 {
        let invocation = Invocation {
            id: format!("oracle-request-{n}"),
            event: case["event"].to_string().into(),
            deadline_ms: jiff::Timestamp::now().as_millisecond() + 3000,
            function_arn: "arn:aws:lambda:eu-west-1:000000000000:function:oracle".into(),
            trace_id: "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0"
                .into(),
        };
        let ending = environment.invoke(invocation, timeout, &mut log).await;
        let again = matches!(ending, Ending::Response(_) | Ending::Error(_));
        seen.push(post_of(ending, false));
        if !again {
            break;
        }
    }
    (seen, String::from_utf8_lossy(&log).into())
}

/// Paths inside the runtime become `<runtime>`; stack frames there (or in node's own
/// internals) go: they legitimately differ between our bootstrap and AWS's client.
fn normalize(value: &Value, runtime_paths: &[String]) -> Value {
    match value {
        Value::String(s) => {
            let mut s = s.clone();
            for path in runtime_paths {
                let pattern = format!(r#"{}[^\s:)'"]*"#, regex::escape(path));
                s = regex::Regex::new(&pattern)
                    .unwrap()
                    .replace_all(&s, "<runtime>")
                    .into_owned();
            }
            Value::String(s)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| normalize(i, runtime_paths))
                .filter(|line| {
                    let line = line.as_str().unwrap_or_default();
                    let frame =
                        line.trim_start().starts_with("at ") || line.starts_with("  File \"");
                    !(frame
                        && (line.contains("<runtime>")
                            || line.contains("node:internal")
                            || line.contains("awslambdaric")))
                })
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalize(v, runtime_paths)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn normalized(posts: &[Post], runtime_paths: &[String]) -> Vec<Value> {
    posts
        .iter()
        .map(|p| json!({"endpoint": p.endpoint, "error_type": p.error_type, "body": normalize(&p.body, runtime_paths)}))
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The oracle that stands for `runtime`, and its argv and extra environment.
fn oracle_launch(
    launchers: &Value,
    runtime: &str,
    oracles: &Path,
    handler: &str,
) -> (String, Vec<std::ffi::OsString>, Vec<(String, String)>) {
    let (name, launcher) = launchers
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, l)| {
            l["runtimes"]
                .as_array()
                .is_some_and(|r| r.iter().any(|x| x == runtime))
        })
        .unwrap_or_else(|| panic!("no oracle for {runtime}"));
    let node22 = oracles.join("node22/node_modules/node/bin/node");
    let node22 = if node22.is_file() {
        node22.display().to_string()
    } else {
        "node".to_owned()
    };
    let shim = crate_dir().join("tests/oracles/shim");
    let fill = |s: &str| {
        s.replace("{oracles}", &oracles.display().to_string())
            .replace("{handler}", handler)
            .replace("{shim}", &shim.display().to_string())
            .replace("{node22}", &node22)
    };
    let argv = launcher["argv"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| fill(a.as_str().unwrap()).into())
        .collect();
    let env = launcher["env"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), fill(v.as_str().unwrap())))
        .collect();
    (name.clone(), argv, env)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn our_bootstraps_post_what_awss_runtime_interface_clients_post() {
    let Some(oracles) = oracles() else { return };
    let fixtures = crate_dir().join("tests/fixtures/handlers");
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("cases.json")).unwrap())
            .unwrap();
    let launchers: Value = serde_json::from_str(
        &std::fs::read_to_string(crate_dir().join("tests/oracles/launchers.json")).unwrap(),
    )
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    let runtime_dir = work.path().join(".runtime");
    install_bootstraps(&runtime_dir).unwrap();
    let runtime = Runtime::new(work.path().to_path_buf());
    let mut runs = Vec::new();
    for case in cases["cases"].as_array().unwrap() {
        let mut covered = Vec::new();
        for name in case["runtimes"].as_array().unwrap().iter().rev() {
            let name = name.as_str().unwrap();
            let handler = case["handler"].as_str().unwrap();
            let (oracle, argv, extra) = oracle_launch(&launchers, name, &oracles, handler);
            if covered.contains(&oracle) {
                continue;
            }
            covered.push(oracle.clone());
            runs.push((case.clone(), name.to_owned(), oracle, argv, extra));
        }
    }
    let total = runs.len();
    let results: Vec<Option<String>> = futures::stream::iter(runs)
        .map(|(case, name, oracle, oracle_argv, oracle_env)| {
            let (runtime, runtime_dir, fixtures, work, oracles) = (&runtime, &runtime_dir, &fixtures, work.path(), &oracles);
            async move {
                let root = work.join(format!("{}-{oracle}", case["name"].as_str().unwrap().replace(|c: char| !c.is_ascii_alphanumeric(), "_")));
                copy_dir(&fixtures.join(case["dir"].as_str().unwrap()), &root);
                let launch = Launch {
                    name: "oracle".into(),
                    revision: "r1".into(),
                    runtime: name.clone(),
                    reserved_concurrency: None,
                    handler: case["handler"].as_str().unwrap().into(),
                    timeout_secs: 3,
                    memory_mb: 128,
                    region: "eu-west-1".into(),
                    env: BTreeMap::new(),
                    zip: PathBuf::new(),
                };
                let family = Family::of(&name).unwrap();
                let ours_argv = super::super::catalogue::entry(family, &runtime.interpreters, runtime_dir, &root);
                let env = runtime.variables(&launch, &root).unwrap();
                let mut theirs_env = env.clone();
                theirs_env.extend(oracle_env);
                let (ours, our_log) = posts(&ours_argv, env, &root, &case).await;
                let (theirs, their_log) = posts(&oracle_argv, theirs_env, &root, &case).await;
                let our_paths = vec![runtime_dir.display().to_string()];
                let their_paths = vec![oracles.display().to_string()];
                let (a, b) = (normalized(&ours, &our_paths), normalized(&theirs, &their_paths));
                let expected = case["expect"].as_str().unwrap();
                let got = ours.first().map_or("", |p| p.endpoint);
                let kind_ok = match expected {
                    "init_error" => got == "init/error",
                    "timeout" => got.starts_with("(nothing"),
                    other => got == other,
                };
                (a != b || !kind_ok).then(|| {
                    format!(
                        "{} [{name} vs {oracle}]: expected {expected}\n  ours:   {}\n  oracle: {}\n  our log:\n{our_log}\n  oracle log:\n{their_log}",
                        case["name"],
                        serde_json::to_string(&a).unwrap(),
                        serde_json::to_string(&b).unwrap()
                    )
                })
            }
        })
        .buffer_unordered(4)
        .collect()
        .await;
    let failures: Vec<String> = results.into_iter().flatten().collect();
    assert!(
        failures.is_empty(),
        "{} of {total} differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    eprintln!("{total} runtime/oracle pairs agree");
}
