//! An action's structured results as lines for the result pane: the decoded token's checks
//! and policy, HTTP exchanges against what the tutorial expects, and test-button results.

use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::domain::jwt::inspect::{CheckStatus, Inspection};
use crate::flow::outcome::{CheckedExchange, Panel, TestResult};
use crate::snippets::Language;

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

fn token(inspection: &Inspection, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled(
        "Token (decoded; the token itself is not shown)",
        theme.title,
    )];
    for check in &inspection.checks {
        let glyph = match check.status {
            CheckStatus::Pass => Span::styled("✓ ", theme.done),
            CheckStatus::Fail => Span::styled("✗ ", theme.failed),
            CheckStatus::Skipped => Span::styled("○ ", theme.pending),
        };
        let mut spans = vec![
            Span::raw("  "),
            glyph,
            Span::raw(format!("{}: {}", check.name, check.detail)),
        ];
        if check.status == CheckStatus::Fail
            && let Some(fix) = &check.fix
        {
            spans.push(Span::styled(format!(" — fix: {fix}"), theme.dim));
        }
        out.push(Line::from(spans));
    }
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
    if let Some(policy) = &inspection.policy {
        let resource = crate::domain::policy::first_resource(&policy.response).to_owned();
        out.push(Line::from(vec![
            Span::styled("Policy ", theme.title),
            Span::raw(format!("({}): Allow {resource}", policy.scope.as_str())),
        ]));
        out.push(Line::raw(format!(
            "  {} → {:?}",
            policy.method_arn, policy.evaluation
        )));
        out.push(Line::raw(format!(
            "  {} → {:?}",
            policy.second_arn, policy.second_evaluation
        )));
    }
    out
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
    for line in r.body.lines().take(BODY_LINES) {
        out.push(Line::styled(format!("  {line}"), theme.code));
    }
    let log: Vec<&str> = r.log.lines().filter(|l| !l.trim().is_empty()).collect();
    for line in log.iter().rev().take(3).rev() {
        let line = super::glyphs::untabbed(line);
        out.push(Line::styled(format!("  log: {line}"), theme.dim));
    }
    out
}
