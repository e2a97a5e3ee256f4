//! An action's structured results as lines for the result pane: the decoded token's checks
//! and policy, HTTP exchanges against what the tutorial expects, and test-button results.

use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::flow::outcome::{CheckedExchange, Panel, TestResult};
use crate::snippets::Language;
use authgate_core::jwt::inspect::Inspection;

/// How many lines of a body or log a panel shows.
const BODY_LINES: usize = 8;

pub fn lines(panel: &Panel, language: Language, theme: &Theme) -> Vec<Line<'static>> {
    match panel {
        Panel::Request(_) => request_hint(language, theme),
        Panel::Token(inspection) => token(inspection, theme),
        Panel::Exchanges(exchanges) => exchanges.iter().flat_map(|e| exchange(e, theme)).collect(),
        Panel::TestResult(result) => test_result(result, theme),
        Panel::Audit(audit) => super::audit_panel::lines(audit, theme),
    }
}

fn mark(ok: bool, theme: &Theme) -> Span<'static> {
    if ok {
        Span::styled("✓ ", theme.done)
    } else {
        Span::styled("✗ ", theme.failed)
    }
}

/// The token panel: the inspector's checklist and policy (`ui::inspection`, the one widget
/// for an `Inspection`), with the claims a step's result is about between them.
fn token(inspection: &Inspection, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled(
        "Token (decoded; the token itself is not shown)",
        theme.title,
    )];
    out.extend(indented(super::inspection::checklist(
        inspection, false, theme,
    )));
    for claim in ["iss", "sub", "aud", "azp", "scope"] {
        if let Some(value) = inspection.claims.get(claim) {
            let value = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            out.push(Line::styled(format!("  {claim:<5} {value}"), theme.code));
        }
    }
    for t in &inspection.times {
        out.push(Line::styled(
            format!("  {:<5} {} ({})", t.name, t.rfc3339, t.relative),
            theme.code,
        ));
    }
    let policy = super::inspection::policy(inspection, theme);
    if !policy.is_empty() {
        out.push(Line::styled("Policy", theme.title));
        out.extend(indented(policy));
    }
    out
}

/// `lines`, two columns in, as the result pane's sections are.
fn indented(lines: Vec<Line<'static>>) -> impl Iterator<Item = Line<'static>> {
    lines.into_iter().map(|mut line| {
        line.spans.insert(0, Span::raw("  "));
        line
    })
}

fn exchange(c: &CheckedExchange, theme: &Theme) -> Vec<Line<'static>> {
    let e = &c.exchange;
    let expected = c
        .expected
        .map(|s| format!(", expected {s}"))
        .unwrap_or_default();
    let mut out = vec![
        Line::from(vec![
            mark(c.as_expected(), theme),
            Span::raw(format!("{} {}", e.method, e.url)),
        ]),
        Line::styled(
            format!(
                "    {}: {}{expected} · {} ms · x-amzn-ErrorType: {}",
                c.with_token,
                e.status,
                e.latency.as_millis(),
                e.error_type.as_deref().unwrap_or("—")
            ),
            theme.dim,
        ),
    ];
    for line in e.body.lines().take(BODY_LINES / 2) {
        out.push(Line::styled(format!("    {line}"), theme.code));
    }
    out
}

/// How to get the request as code (the exchange below shows it as sent).
fn request_hint(language: Language, theme: &Theme) -> Vec<Line<'static>> {
    vec![Line::styled(
        format!(
            "  g: as code ({} languages) · c: copy as {}",
            Language::ALL.len(),
            language.label()
        ),
        theme.dim,
    )]
}

fn test_result(r: &TestResult, theme: &Theme) -> Vec<Line<'static>> {
    let latency = r
        .latency_ms
        .map(|ms| format!(" · {ms} ms"))
        .unwrap_or_default();
    let mut out = vec![Line::from(vec![
        Span::styled(r.title.clone(), theme.title),
        Span::raw(format!(" → {}{latency}", r.status)),
    ])];
    if let Some(p) = &r.principal {
        out.push(Line::raw(format!("  principalId {p}")));
    }
    match policy_lines(&r.body) {
        // A policy is shown whole, a statement a line: every route it allows or denies.
        Some(lines) => out.extend(
            lines
                .into_iter()
                .map(|line| Line::styled(format!("  {line}"), theme.code)),
        ),
        None => {
            for line in r.body.lines().take(BODY_LINES) {
                out.push(Line::styled(format!("  {line}"), theme.code));
            }
        }
    }
    let log: Vec<&str> = r.log.lines().filter(|l| !l.trim().is_empty()).collect();
    for line in log.iter().rev().take(3).rev() {
        let line = super::glyphs::untabbed(line);
        out.push(Line::styled(format!("  log: {line}"), theme.dim));
    }
    out
}

/// An authorizer's answer (or its policy document) as one line per statement and resource,
/// then the context: `None` when the body is not one. Resources that share their API's ARN
/// (`arn:…:API_ID/`) are written as the part after it, under one line naming the ARN.
fn policy_lines(body: &str) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let document = value.get("policyDocument").unwrap_or(&value);
    let statements = document.get("Statement")?.as_array()?;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut rows = Vec::new();
    for statement in statements {
        let effect = statement.get("Effect").map(text).unwrap_or_default();
        let action = statement.get("Action").map(text).unwrap_or_default();
        let resources = match statement.get("Resource") {
            Some(serde_json::Value::Array(many)) => many.iter().map(text).collect(),
            Some(one) => vec![text(one)],
            None => Vec::new(),
        };
        rows.extend(
            resources
                .into_iter()
                .map(|r| (effect.clone(), action.clone(), r)),
        );
    }
    if rows.is_empty() {
        return None;
    }
    let api = |resource: &str| resource.split_once('/').map(|(api, _)| api.to_owned());
    let shared = api(&rows[0].2).filter(|first| {
        rows.iter()
            .all(|(_, action, r)| *action == rows[0].1 && api(r).as_ref() == Some(first))
    });
    let mut lines = Vec::new();
    match &shared {
        Some(prefix) => {
            lines.push(format!("{} on {prefix}/…", rows[0].1));
            for (effect, _, resource) in &rows {
                let route = resource.split_once('/').map_or("", |(_, route)| route);
                lines.push(format!("{effect:<5} {route}"));
            }
        }
        None => {
            for (effect, action, resource) in &rows {
                lines.push(format!("{effect:<5} {action} {resource}"));
            }
        }
    }
    if let Some(serde_json::Value::Object(context)) = value.get("context") {
        let pairs: Vec<String> = context
            .iter()
            .map(|(k, v)| format!("{k}={}", text(v)))
            .collect();
        lines.push(format!("context {}", pairs.join(" ")));
    }
    Some(lines)
}

#[cfg(test)]
mod policy_tests {
    use super::policy_lines;

    /// Step 3's results: every statement of a policy listing each mapped route, not the first
    /// eight lines of its JSON.
    #[test]
    fn a_policy_is_shown_whole_one_statement_a_line() {
        let arn = "arn:aws:execute-api:us-east-1:123456789012:abc/test";
        let answer = serde_json::json!({
            "principalId": "x@clients",
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow",
                 "Resource": [format!("{arn}/GET/pets"), format!("{arn}/GET/pets/*")]},
                {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": format!("{arn}/POST/pets")},
            ]},
            "context": {"scope": "read:pets", "permissions": "read:pets"},
        });
        let lines = policy_lines(&serde_json::to_string_pretty(&answer).unwrap()).unwrap();
        let api = arn.trim_end_matches("/test");
        assert_eq!(
            lines,
            [
                format!("execute-api:Invoke on {api}/…"),
                "Allow test/GET/pets".to_owned(),
                "Allow test/GET/pets/*".to_owned(),
                "Deny  test/POST/pets".to_owned(),
                "context permissions=read:pets scope=read:pets".to_owned(),
            ]
        );
        // A bare policy document (API Gateway's test) too; anything else is not a policy.
        let document = answer["policyDocument"].to_string();
        assert_eq!(policy_lines(&document).unwrap().len(), 4);
        // Resources of different APIs are written whole.
        let mixed = serde_json::json!({"Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "arn:a:b:c:d:e:one/s/GET/x"},
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "arn:a:b:c:d:e:two/s/GET/x"},
        ]});
        assert_eq!(
            policy_lines(&mixed.to_string()).unwrap()[0],
            "Allow execute-api:Invoke arn:a:b:c:d:e:one/s/GET/x"
        );
        assert_eq!(policy_lines(r#"{"Statement": ["…"]}"#), None);
        assert_eq!(policy_lines("{\"message\": \"hi\"}"), None);
        assert_eq!(policy_lines("not json"), None);
    }
}
