//! `authgate check` through the binary: the tutorial done by hand in a sandbox passes; each
//! mistake planted by hand (never through `scenario start`) is found in the step where it was
//! made, with a fix that names the setting, and every other failure follows from it; the
//! learner's own fix makes it pass again. Against moto + the sandbox tenant (the real-account
//! path) what moto cannot answer is "not checkable here". `--junit` is read by junitparser.
//! The browser checks: mistakes planted by hand in a browser setup (`browser`), and step 4's
//! own browser actions with the drift rows `status` shows for them (`browser_setup`).

mod browser;
mod browser_setup;
mod by_hand;
mod junit;
mod mistakes;
mod moto;

use serde_json::Value;

pub use by_hand::{HandStack, aws_program};

/// The check `id` from a `check --json` report.
pub fn find<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["checks"].as_array().into_iter().flatten())
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id} in {report:#}"))
}

/// Every failed check's id.
pub fn failed(report: &Value) -> Vec<String> {
    report["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["checks"].as_array().into_iter().flatten())
        .filter(|c| c["status"] == "fail")
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The report says `id` failed with a fix naming `setting`, and every other failure
/// follows from it (root cause first).
pub fn assert_root_cause(code: i32, report: &Value, id: &str, setting: &str) {
    assert_eq!(code, 1, "check must exit 1: {report:#}");
    assert_eq!(report["ok"], false);
    let cause = find(report, id);
    assert_eq!(cause["status"], "fail", "{cause:#}");
    assert_eq!(cause["follows_from"], Value::Null, "{cause:#}");
    let fix = cause["fix"].as_str().unwrap_or_default();
    assert!(fix.contains(setting), "the fix names {setting}: {fix}");
    assert!(cause["hint"].as_str().is_some_and(|h| !h.is_empty()));
    let step = id.as_bytes()[4] - b'0';
    let in_step = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == step)
        .unwrap();
    assert_eq!(in_step["ok"], false, "step {step} is not ok");
    for other in failed(report) {
        if other != id {
            let c = find(report, &other);
            assert_eq!(
                c["follows_from"], id,
                "{other} should follow from {id}: {c:#}"
            );
            assert_eq!(c["fix"], Value::Null, "{c:#}");
        }
    }
}

/// Every check passed, exit 0.
pub fn assert_all_pass(code: i32, report: &Value) {
    assert_eq!(failed(report), Vec::<String>::new(), "{report:#}");
    assert_eq!((code, &report["ok"]), (0, &Value::Bool(true)), "{report:#}");
}

/// No token, whole or in part, in anything check printed.
pub fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!secret.is_empty());
        assert!(!text.contains(secret), "a secret leaked into the output");
    }
}
