//! Compares one step's result from node with the case's `expect`.

use authgate_core::corpus::Expect;
use authgate_core::policy;
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
    failures.extend(policy_effects(at, step, result));
    failures.extend(token_leaks(at, step, &logs));
    failures
}

/// The returned policy evaluated (by the gateway's evaluator) on the event's methodArn and the
/// `also` methodArns.
fn policy_effects(at: &str, step: &Value, result: &Value) -> Vec<String> {
    let expect: Expect = match serde_json::from_value(step["expect"].clone()) {
        Ok(expect) => expect,
        Err(error) => return vec![format!("{at}: expect does not parse: {error}")],
    };
    let event_arn = step["event"]["methodArn"].as_str().unwrap_or_default();
    let document = &result["response"]["policyDocument"];
    expect
        .policy_effects(event_arn)
        .into_iter()
        .filter_map(|(method_arn, effect)| {
            let seen = policy::evaluate(document, method_arn).as_str();
            (seen != effect)
                .then(|| format!("{at}: the policy on {method_arn} is {seen}, expected {effect}"))
        })
        .collect()
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
