//! The audit engine against the bundled authorizer (it passes every row) and against the weak
//! fixtures in tests/fixtures/audit (each gets exactly its finding). Runs real node
//! processes through the sandbox's Lambda runtime; node >= 20 is required (CI installs it).

// Test helpers panic on what they cannot set up, with the reason as the message.
#![allow(clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use authgate_sandbox::audit::{self, AuditOptions, AuditTarget, Report};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/audit")
}

fn require_node() {
    let ok = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "`node` (>= 20) must be on PATH for the audit tests");
}

/// A fixture as a function directory: `index.mjs` next to the shared `core.mjs`.
fn fixture_target(dir: &Path, fixture: &str) -> AuditTarget {
    let code = dir.join("code");
    std::fs::create_dir_all(&code).unwrap();
    std::fs::copy(
        fixtures().join(format!("{fixture}.mjs")),
        code.join("index.mjs"),
    )
    .unwrap();
    std::fs::copy(fixtures().join("core.mjs"), code.join("core.mjs")).unwrap();
    AuditTarget::from_path(&code, "nodejs22.x", "index.handler", &dir.join("scratch")).unwrap()
}

async fn audit(target: &AuditTarget, dir: &Path) -> Report {
    let report = audit::run(target, &AuditOptions::new(dir.join("work")))
        .await
        .unwrap_or_else(|e| panic!("the audit could not run: {e}"));
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    report
}

fn failed(report: &Report) -> BTreeSet<&'static str> {
    report.failed().into_iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_the_bundled_authorizer_passes_every_row() {
    require_node();
    let dir = tempfile::tempdir().unwrap();
    let target = AuditTarget::bundled(&dir.path().join("code")).unwrap();
    assert_eq!(target.timeout_secs, audit::DEFAULT_TIMEOUT_SECS);
    let started = std::time::Instant::now();
    let report = audit(&target, dir.path()).await;
    println!(
        "audit of the bundled authorizer: {} ms",
        started.elapsed().as_millis()
    );
    assert_eq!(failed(&report), BTreeSet::new(), "{report:#?}");
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.score.passed, report.score.total);
    assert!(report.timings.cold_init_ms.is_some() && report.timings.warm_p99_ms.is_some());
    assert_documented(&report);
    // What a JWT authorizer without a Lambda would lose: the leeway.
    assert!(report.http_api_jwt.differs.contains(&"exp_within_leeway"));
}

/// Every key of the JSON form and every row id is in docs/audit-json.md (as `key`).
fn assert_documented(report: &Report) {
    let doc_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/audit-json.md");
    let doc = std::fs::read_to_string(&doc_path).unwrap();
    let json = serde_json::to_value(report).unwrap();
    let mut keys = BTreeSet::new();
    collect_keys(&json, &mut keys);
    for key in &keys {
        assert!(
            doc.contains(&format!("`{key}`")),
            "docs/audit-json.md lacks the field `{key}`"
        );
    }
    for row in &report.rows {
        assert!(
            doc.contains(&format!("| `{}` |", row.id)),
            "docs/audit-json.md lacks the id `{}`",
            row.id
        );
    }
    let kinds: BTreeSet<&str> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["behaviour", "case"]));
    assert_eq!(json["format"], 1);
}

fn collect_keys(value: &serde_json::Value, keys: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                keys.insert(key.clone());
                collect_keys(child, keys);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_keys(item, keys)),
        _ => {}
    }
}

async fn fixture_findings(fixture: &str) -> (Report, BTreeSet<&'static str>) {
    require_node();
    let dir = tempfile::tempdir().unwrap();
    let target = fixture_target(dir.path(), fixture);
    let report = audit(&target, dir.path()).await;
    let found = failed(&report);
    (report, found)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_no_alg_pin_fails_the_algorithm_cases() {
    let (report, found) = fixture_findings("no-alg-pin").await;
    // The HS256 forgery is the security finding; RS384/PS256 by the real key are the same
    // missing pin (not exploitable on their own, so not security rows).
    assert_eq!(
        found,
        BTreeSet::from(["alg_hs256_public_key", "alg_rs384", "alg_ps256"])
    );
    assert_eq!(report.exit_code(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_logging_the_event_is_a_token_in_the_logs() {
    let (report, found) = fixture_findings("logs-event").await;
    assert_eq!(found, BTreeSet::from(["token_in_logs"]));
    assert_eq!(report.exit_code(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_a_method_arn_only_policy_is_the_cache_trap() {
    let (report, found) = fixture_findings("method-arn-only").await;
    assert_eq!(found, BTreeSet::from(["policy_cache_trap"]));
    let trap = report.row("policy_cache_trap").unwrap();
    assert!(
        trap.got.contains("GET /pets/{petId} gets 403"),
        "{}",
        trap.got
    );
    // A false 403 is not a hole: the CI gate stays open.
    assert_eq!(report.exit_code(), 0);
}

/// The tutorial sample's shape: a read-only token gets the write route, fresh and after a
/// cached read. The permissions row is a security finding (exit 1), and the cache trap's fix
/// does not tell it to widen the policy to the whole stage.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_an_authorizer_that_ignores_permissions_fails_the_route_permissions_row() {
    let (report, found) = fixture_findings("ignores-permissions").await;
    assert_eq!(
        found,
        BTreeSet::from(["policy_cache_trap", "route_permissions"])
    );
    assert_eq!(report.exit_code(), 1);
    let trap = report.row("policy_cache_trap").unwrap();
    let fix = trap.fix;
    assert!(fix.contains("never a stage-wide Allow"), "{fix}");
    assert!(!fix.contains("STAGE/*/*"), "{fix}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_fetching_the_jwks_every_call_is_uncached_and_unthrottled() {
    let (report, found) = fixture_findings("jwks-every-call").await;
    // One weakness, two rows: no cache, so unknown kids refetch every time too.
    assert_eq!(
        found,
        BTreeSet::from(["jwks_cached", "jwks_refetch_throttled"])
    );
    assert_eq!(report.exit_code(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_another_error_message_is_a_500_not_a_401() {
    let (report, found) = fixture_findings("other-error-message").await;
    // Every refusal is a 500, JWKS faults included: those rows expect a 401 too.
    assert_eq!(
        found,
        BTreeSet::from(["unauthorized_signal", "jwks_down", "jwks_slow", "jwks_huge"])
    );
    assert_eq!(report.row("alg_none").unwrap().status, Some(500));
    assert_eq!(report.exit_code(), 0);
}

/// The audit is not Node-specific: a careful stdlib-only Python authorizer passes every row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_a_careful_python_authorizer_passes_every_row() {
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(python, "`python3` must be on PATH for the audit tests");
    let dir = tempfile::tempdir().unwrap();
    let code = dir.path().join("code");
    std::fs::create_dir_all(&code).unwrap();
    std::fs::copy(fixtures().join("careful_python.py"), code.join("app.py")).unwrap();
    let target = AuditTarget::from_path(
        &code,
        "python3.12",
        "app.handler",
        &dir.path().join("scratch"),
    )
    .unwrap();
    let report = audit(&target, dir.path()).await;
    assert_eq!(failed(&report), BTreeSet::new());
    assert_eq!(report.exit_code(), 0);
}
