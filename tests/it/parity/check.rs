//! Compares one step's result from node with the case's `expect`.

use serde_json::Value;

use super::jwks_server::JwksServer;

/// Every mismatch of this step, as readable lines (empty when the step passed).
pub fn step(at: &str, step: &Value, result: &Value, server: &JwksServer) -> Vec<String> {
    let expect = &step["expect"];
    let mut failures = Vec::new();
    let logs: Vec<&str> = result["logs"]
        .as_array()
        .map_or_else(Vec::new, |l| l.iter().filter_map(Value::as_str).collect());
    let decisions: Vec<Value> = logs
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|v| v.get("decision").is_some())
        .collect();
    if decisions.len() != 1 {
        failures.push(format!(
            "{at}: expected one decision log line, got {logs:?}"
        ));
    }
    let outcome = &result["outcome"];
    if *outcome != expect["outcome"] {
        failures.push(format!(
            "{at}: outcome {outcome} (error {}), expected {}",
            result["error"], expect["outcome"]
        ));
    }
    if let Some(decision) = decisions.first() {
        let reason = &decision["reason"];
        let expected = expect.get("reason").unwrap_or(&Value::Null);
        if reason != expected {
            failures.push(format!("{at}: reason {reason}, expected {expected}"));
        }
        if decision["decision"] != *outcome {
            failures.push(format!(
                "{at}: logged decision {} but returned {outcome}",
                decision["decision"]
            ));
        }
    }
    if let Some(n) = expect["jwks_fetches"].as_u64() {
        let got = server.jwks_fetches() as u64;
        if got != n {
            failures.push(format!("{at}: {got} JWKS fetches so far, expected {n}"));
        }
    }
    if let Some(n) = expect["other_fetches"].as_u64() {
        let got = server.other_fetches() as u64;
        if got != n {
            failures.push(format!("{at}: {got} requests to other paths, expected {n}"));
        }
    }
    if let Some(response) = expect.get("response")
        && result["response"] != *response
    {
        failures.push(format!(
            "{at}: response {}, expected {response}",
            result["response"]
        ));
    }
    failures.extend(token_leaks(at, step, &logs));
    failures
}

/// The decision log must never contain the token (any of its three segments).
fn token_leaks(at: &str, step: &Value, logs: &[&str]) -> Vec<String> {
    let header = step["event"]["authorizationToken"].as_str().unwrap_or("");
    let token = header.strip_prefix("Bearer ").unwrap_or(header);
    token
        .split('.')
        .filter(|segment| segment.len() >= 16)
        .filter(|segment| logs.iter().any(|line| line.contains(segment)))
        .map(|_| format!("{at}: a log line contains part of the token"))
        .take(1)
        .collect()
}
