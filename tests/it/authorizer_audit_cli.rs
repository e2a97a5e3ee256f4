//! `authgate authorizer audit` through the built binary: the `--json` shape
//! (docs/audit-json.md) and the exit codes (0 for the bundled authorizer, 1 for the
//! `no-alg-pin` fixture of tests/fixtures/audit, 2 for a path that does not exist), the
//! human report at 80 columns, and `--function` against a sandbox after `setup`. Runs node
//! through the sandbox's Lambda runtime (node >= 20 on PATH).

use crate::support::cli;
use crate::support::foreground;

use std::path::{Path, PathBuf};
use std::process::Output;

use foreground::sandbox;
use serde_json::Value;

fn authgate(dir: &Path, args: &[&str]) -> Output {
    cli::output(&mut cli::plain(dir), args)
}

/// A fixture of tests/fixtures/audit as a function directory: `index.mjs` beside `core.mjs`.
fn fixture_dir(dir: &Path, fixture: &str) -> PathBuf {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit");
    let code = dir.join(fixture);
    std::fs::create_dir_all(&code).unwrap();
    std::fs::copy(
        fixtures.join(format!("{fixture}.mjs")),
        code.join("index.mjs"),
    )
    .unwrap();
    std::fs::copy(fixtures.join("core.mjs"), code.join("core.mjs")).unwrap();
    code
}

fn json_report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "--json must print one JSON document: {e}\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// The fields docs/audit-json.md documents, at the top level and in every row.
fn assert_documented_shape(report: &Value) {
    for key in [
        "format",
        "runtime",
        "handler",
        "score",
        "timings",
        "http_api_jwt",
        "rows",
    ] {
        assert!(report.get(key).is_some(), "missing top-level `{key}`");
    }
    assert_eq!(report["format"], 1);
    for key in ["passed", "total", "security_failed"] {
        assert!(report["score"][key].is_u64(), "score.{key}");
    }
    for key in ["warm_calls", "audit_ms"] {
        assert!(report["timings"][key].is_u64(), "timings.{key}");
    }
    for key in ["security_cases_agree", "differs", "not_documented"] {
        assert!(
            report["http_api_jwt"].get(key).is_some(),
            "http_api_jwt.{key}"
        );
    }
    let rows = report["rows"].as_array().expect("rows is an array");
    assert_eq!(
        rows.len() as u64,
        report["score"]["total"].as_u64().unwrap()
    );
    for row in rows {
        for key in [
            "id",
            "kind",
            "security",
            "expected",
            "got",
            "passed",
            "status",
            "why",
            "reference",
            "fix",
            "http_api_jwt",
        ] {
            assert!(row.get(key).is_some(), "row {} has no `{key}`", row["id"]);
        }
        assert!(["case", "behaviour"].contains(&row["kind"].as_str().unwrap()));
    }
}

fn failed_ids(report: &Value) -> Vec<&str> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["passed"] == false)
        .map(|r| r["id"].as_str().unwrap())
        .collect()
}

#[test]
fn the_bundled_authorizer_passes_with_exit_0_and_the_documented_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = authgate(dir.path(), &["authorizer", "audit", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = json_report(&out);
    assert_documented_shape(&report);
    assert_eq!(report["runtime"], "nodejs24.x");
    assert_eq!(failed_ids(&report), Vec::<&str>::new());
    assert_eq!(report["score"]["security_failed"], 0);
}

#[test]
fn no_alg_pin_fails_its_rows_with_exit_1_in_json_and_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let code = fixture_dir(dir.path(), "no-alg-pin");
    let path = code.to_str().unwrap();
    let out = authgate(dir.path(), &["authorizer", "audit", path, "--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a security row failed: a CI gate"
    );
    let report = json_report(&out);
    assert_documented_shape(&report);
    assert_eq!(
        failed_ids(&report),
        ["alg_hs256_public_key", "alg_rs384", "alg_ps256"]
    );

    let out = authgate(dir.path(), &["authorizer", "audit", path]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("✗ FAIL  alg_hs256_public_key  (case · security)"),
        "{text}"
    );
    assert!(
        text.contains("Score 42/45 · 1 security row failed"),
        "{text}"
    );
    for label in ["expected", "got", "why", "fix", "HTTP API"] {
        assert!(
            text.contains(&format!("  {label} ")),
            "no `{label}` in {text}"
        );
    }
    let wide: Vec<&str> = text.lines().filter(|l| l.chars().count() > 80).collect();
    assert!(wide.is_empty(), "lines wider than 80 columns: {wide:#?}");
}

#[test]
fn a_path_that_does_not_exist_is_a_usage_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = authgate(
        dir.path(),
        &["authorizer", "audit", "no/such/dir", "--json"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout for --json to parse"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/dir does not exist"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn function_audits_the_deployed_code_read_from_the_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = sandbox(dir.path());
    let setup = authgate(dir.path(), &["--sandbox", "setup", "--yes"]);
    assert!(setup.status.success(), "setup: {setup:?}");
    let out = authgate(
        dir.path(),
        &[
            "--sandbox",
            "authorizer",
            "audit",
            "--function",
            "jwtRsaCustomAuthorizer",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = json_report(&out);
    assert_documented_shape(&report);
    assert_eq!(report["runtime"], "nodejs24.x");
    assert_eq!(report["handler"], "index.handler");
    assert_eq!(failed_ids(&report), Vec::<&str>::new());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("function jwtRsaCustomAuthorizer"),
        "{stderr}"
    );

    let missing = authgate(
        dir.path(),
        &[
            "--sandbox",
            "authorizer",
            "audit",
            "--function",
            "noSuchFunction",
        ],
    );
    assert_eq!(missing.status.code(), Some(2));
}
