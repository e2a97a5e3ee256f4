//! Step 3's audit result: one row per check with a verdict column per authorizer (yours |
//! bundled, or the bundled one alone) and each one's score. Rows that failed anywhere come
//! first, each with the fix, since the result pane shows only the top at 80×24; the CLI
//! (`authgate authorizer audit`) prints every row in full.

use std::fmt::Write as _;

use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::authorizer_code::audit::{Report, Row, score_line};
use crate::flow::outcome::AuditComparison;

/// The longest check id (`scheme_lowercase_bearer`) fits.
const ID_WIDTH: usize = 23;
const CELL_WIDTH: usize = 9;

pub fn lines(audit: &AuditComparison, theme: &Theme) -> Vec<Line<'static>> {
    let columns: Vec<(&str, &Report)> = match &audit.yours {
        Some(yours) => vec![("yours", yours), ("bundled", &audit.bundled)],
        None => vec![("bundled", &audit.bundled)],
    };
    let mut out = Vec::new();
    for (name, report) in &columns {
        let style = if report.exit_code() == 0 {
            theme.done
        } else {
            theme.failed
        };
        out.push(Line::from(vec![
            Span::raw(format!("  {name:<8} ")),
            Span::styled(score_line(report), style),
        ]));
    }
    let mut heading = format!("    {:<ID_WIDTH$} ", "check · ! = security");
    for (name, _) in &columns {
        let _ = write!(heading, "{name:<CELL_WIDTH$}");
    }
    out.push(Line::styled(heading.trim_end().to_owned(), theme.dim));
    for row in ordered(columns[0].1, &columns) {
        out.extend(row_lines(row, &columns, theme));
    }
    out.push(Line::styled(jwt_line(columns[0].1), theme.dim));
    out
}

/// What API Gateway's HTTP API JWT authorizer (no Lambda) would decide on the same cases.
fn jwt_line(report: &Report) -> String {
    let jwt = &report.http_api_jwt;
    let same = if jwt.security_cases_agree {
        "the same security decisions"
    } else {
        "other security decisions"
    };
    let differs = if jwt.differs.is_empty() {
        String::new()
    } else {
        format!("; answers otherwise on {}", jwt.differs.join(", "))
    };
    format!("  HTTP API JWT authorizer (no Lambda): {same}{differs}")
}

/// The first column's rows, those that failed in any column first (security ones first
/// among them), otherwise in the report's order.
fn ordered<'a>(first: &'a Report, columns: &[(&str, &Report)]) -> Vec<&'a Row> {
    let mut rows: Vec<&Row> = first.rows.iter().collect();
    let failed_anywhere = |row: &Row| {
        columns
            .iter()
            .any(|(_, report)| report.row(row.id).is_some_and(|r| !r.passed))
    };
    rows.sort_by_key(|row| (!failed_anywhere(row), !row.security));
    rows
}

fn row_lines(row: &Row, columns: &[(&str, &Report)], theme: &Theme) -> Vec<Line<'static>> {
    let marker = if row.security { "!" } else { " " };
    let mut spans = vec![Span::raw(format!("  {marker} {:<ID_WIDTH$} ", row.id))];
    for (_, report) in columns {
        spans.push(match report.row(row.id) {
            Some(r) => verdict(r, theme),
            None => Span::styled(format!("{:<CELL_WIDTH$}", "—"), theme.pending),
        });
    }
    let mut out = vec![Line::from(spans)];
    // The first column is the authorizer being audited: its failures get their fix.
    if !row.passed {
        out.push(Line::styled(format!("      fix: {}", row.fix), theme.dim));
    }
    out
}

/// `✓ 401`, `✗ 200`, or `✓ pass` / `✗ fail` for a behaviour without one status.
fn verdict(row: &Row, theme: &Theme) -> Span<'static> {
    let (mark, style) = if row.passed {
        ("✓", theme.done)
    } else {
        ("✗", theme.failed)
    };
    let what = match (row.status, row.passed) {
        (Some(status), _) => status.to_string(),
        (None, true) => "pass".to_owned(),
        (None, false) => "fail".to_owned(),
    };
    Span::styled(format!("{:<CELL_WIDTH$}", format!("{mark} {what}")), style)
}
