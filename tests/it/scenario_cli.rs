//! `authgate scenario` through the binary, on a sandbox set up once per test: every built-in
//! scenario starts (check then exits 1 at the scenario's check, with a hint), the learner's
//! own fix makes check pass (exit 0), and start → reset → check passes too. Also: `list
//! --json`'s shape, `hint` (the nudge first, then the fix), a bad `--scenarios` file.

mod stack;

use serde_json::Value;

use crate::check_cli::{assert_all_pass, find};
use stack::Stack;

/// start → check 1 → the learner's fix → check 0 → reset; start → reset → check 0.
async fn exercise(stack: &Stack, name: &str, check: &str) {
    let (code, out) = stack.authgate(&["scenario", "start", name]);
    assert_eq!(code, 0, "start {name}: {out}");
    let (code, report) = stack.check();
    assert_eq!(code, 1, "{name}: check must fail: {report:#}");
    let failing = find(&report, check);
    assert_eq!(failing["status"], "fail", "{name}: {failing:#}");
    assert_eq!(
        failing["follows_from"],
        Value::Null,
        "{name}: the root cause: {failing:#}"
    );
    assert!(
        failing["hint"].as_str().is_some_and(|h| !h.is_empty()),
        "{name}"
    );
    assert!(
        failing["fix"].as_str().is_some_and(|h| !h.is_empty()),
        "{name}"
    );

    stack.learner_fix(name).await;
    let (code, report) = stack.check();
    assert_all_pass(code, &report);

    for (args, what) in [
        (&["scenario", "reset", "--yes"][..], "reset after the fix"),
        (&["scenario", "start", name][..], "start again"),
        (&["scenario", "reset", "--yes"][..], "reset"),
    ] {
        let (code, out) = stack.authgate(args);
        assert_eq!(code, 0, "{name}: {what}: {out}");
    }
    let (code, report) = stack.check();
    assert_all_pass(code, &report);
}

/// The scenarios and the check each one must fail, from `scenario list --json` and the file.
fn scenarios(stack: &Stack) -> Vec<(String, String)> {
    let (code, out) = stack.authgate(&["scenario", "list", "--json"]);
    assert_eq!(code, 0);
    let list: Value = serde_json::from_str(&out).unwrap();
    let file = authgate::scenario::ScenariosFile::load(None).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut keys: Vec<&String> = s.as_object().unwrap().keys().collect();
            keys.sort();
            assert_eq!(keys, ["name", "steps", "symptom", "title"], "{s}");
            let name = s["name"].as_str().unwrap().to_owned();
            let check = file.find(&name).unwrap().check.clone();
            (name, check)
        })
        .collect()
}

const AWS_SIDE: [&str; 6] = [
    "issuer-without-slash",
    "audience-not-identifier",
    "jwks-uri-wrong",
    "validation-refuses-header",
    "secured-not-redeployed",
    "role-cannot-invoke",
];

#[tokio::test]
async fn aws_side_scenarios_break_are_found_and_fixed() {
    let Some(stack) = Stack::start().await else {
        return;
    };
    let all = scenarios(&stack);
    assert!(all.len() >= 10, "{all:?}");
    for (name, check) in all.iter().filter(|(n, _)| AWS_SIDE.contains(&n.as_str())) {
        exercise(&stack, name, check).await;
    }
}

#[tokio::test]
async fn the_other_scenarios_break_are_found_and_fixed_and_hints_come_in_order() {
    let Some(stack) = Stack::start().await else {
        return;
    };
    let all = scenarios(&stack);
    for (name, check) in all.iter().filter(|(n, _)| !AWS_SIDE.contains(&n.as_str())) {
        exercise(&stack, name, check).await;
    }

    let (code, _) = stack.authgate(&["scenario", "hint"]);
    assert_eq!(code, 2, "no scenario in progress");
    stack.authgate(&["scenario", "start", "cache-trap"]);
    let (_, nudge) = stack.authgate(&["scenario", "hint"]);
    assert!(
        nudge.contains("hint:") && !nudge.contains("fix:"),
        "{nudge}"
    );
    let (_, fix) = stack.authgate(&["scenario", "hint"]);
    assert!(fix.contains("fix:") && fix.contains("TTL"), "{fix}");
    let (code, out) = stack.authgate(&["scenario", "start", "issuer-without-slash"]);
    assert_eq!(code, 2, "one at a time: {out}");
    stack.authgate(&["scenario", "reset", "--yes"]);

    let bad = stack.dir.path().join("bad.toml");
    let text = authgate::scenario::file::BUILTIN_SCENARIOS.replacen(
        "move_clock = {",
        "move_clocks = {",
        1,
    );
    std::fs::write(&bad, text).unwrap();
    let bad_arg = bad.display().to_string();
    let out = crate::support::cli::run(
        stack.dir.path(),
        &["--scenarios", &bad_arg, "scenario", "list"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("move_clocks") && err.contains("line") && err.contains("fix:"),
        "{err}"
    );
}
