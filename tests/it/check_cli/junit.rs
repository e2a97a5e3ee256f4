//! `check --junit FILE` read back by junitparser (`PyPI`), a `JUnit` reader nobody here wrote:
//! it must parse the file and find one test case per check, failures and skips as they are.

use std::path::Path;

use serde_json::Value;

const READER: &str = r#"
import json, sys
import junitparser
xml = junitparser.JUnitXml.fromfile(sys.argv[1])
suites = [xml] if isinstance(xml, junitparser.TestSuite) else list(xml)
cases = {}
for suite in suites:
    for case in suite:
        kind = type(case.result[0]).__name__ if case.result else "Passed"
        message = case.result[0].message if case.result else None
        cases[case.name] = {"kind": kind, "classname": case.classname, "message": message,
                            "suite": suite.name}
print(json.dumps({"suites": len(suites), "cases": cases}))
"#;

/// What junitparser read from `path`, run by `AUTHGATE_JUNIT_PYTHON` (else the test venv's
/// `AUTHGATE_MOTO_PYTHON`, where scripts/test.sh installs it); `None` (skipped, or a failure
/// under `AUTHGATE_REQUIRE_MOTO=1`) when that Python lacks junitparser.
pub fn read(path: &Path) -> Option<Value> {
    let python = ["AUTHGATE_JUNIT_PYTHON", "AUTHGATE_MOTO_PYTHON"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok())
        .unwrap_or_else(|| "python3".to_owned());
    let out = std::process::Command::new(&python)
        .args(["-c", READER])
        .arg(path)
        .output()
        .ok()?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let missing = err.contains("No module named 'junitparser'");
        assert!(
            missing,
            "junitparser could not read {}: {err}",
            path.display()
        );
        assert!(
            std::env::var("AUTHGATE_REQUIRE_MOTO").as_deref() != Ok("1"),
            "junitparser is not installed in {python} (scripts/test.sh installs it)"
        );
        eprintln!("skipped: junitparser is not installed; `bash scripts/test.sh` installs it");
        return None;
    }
    Some(serde_json::from_slice(&out.stdout).expect("the reader prints JSON"))
}

/// junitparser saw every check of `report` with its status.
pub fn assert_matches(junit: &Value, report: &Value) {
    assert_eq!(junit["suites"], 5, "{junit:#}");
    let cases = junit["cases"].as_object().unwrap();
    let mut count = 0;
    for step in report["steps"].as_array().unwrap() {
        for check in step["checks"].as_array().unwrap() {
            count += 1;
            let id = check["id"].as_str().unwrap();
            let case = &cases[id];
            let kind = match check["status"].as_str().unwrap() {
                "pass" => "Passed",
                "fail" => "Failure",
                _ => "Skipped",
            };
            assert_eq!(case["kind"], kind, "{id}: {case:#}");
            assert_eq!(case["classname"], format!("authgate.step{}", step["step"]));
            if kind != "Passed" {
                assert_eq!(case["message"], check["what"], "{id}");
            }
        }
    }
    assert_eq!(cases.len(), count, "one test case per check");
}
