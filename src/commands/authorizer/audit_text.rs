//! The audit report for people: the score and timings, then one block per case and
//! behaviour (verdict, expected, got, why with its reference, fix, and what API Gateway's
//! HTTP API JWT authorizer would answer), wrapped to fit 80 columns.

use std::fmt::Write as _;

use crate::authorizer_code::audit::{JwtAnswer, Kind, Report, Row, score_line};

/// Where labelled values start (`  expected  …`).
const INDENT: usize = 12;

pub fn render(report: &Report, origin: &str, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Audit of {origin} ({} on {})",
        report.handler, report.runtime
    );
    let _ = writeln!(out, "Score {}", score_line(report));
    let t = &report.timings;
    let ms = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.1} ms"));
    let _ = writeln!(
        out,
        "Timing: audit {:.1} s · cold init {}",
        std::time::Duration::from_millis(t.audit_ms).as_secs_f64(),
        ms(t.cold_init_ms)
    );
    let _ = writeln!(
        out,
        "        warm p50 {} · p99 {} over {} calls",
        ms(t.warm_p50_ms),
        ms(t.warm_p99_ms),
        t.warm_calls
    );
    for row in &report.rows {
        out.push('\n');
        row_block(&mut out, row, width);
    }
    out.push('\n');
    footer(&mut out, report, width);
    out
}

fn row_block(out: &mut String, row: &Row, width: usize) {
    let verdict = if row.passed { "✓ pass" } else { "✗ FAIL" };
    let kind = match (row.kind, row.security) {
        (Kind::Case, true) => "case · security",
        (Kind::Case, false) => "case",
        (Kind::Behaviour, true) => "behaviour · security",
        (Kind::Behaviour, false) => "behaviour",
    };
    let _ = writeln!(out, "{verdict}  {}  ({kind})", row.id);
    push_wrapped(out, "expected", &row.expected, INDENT, width);
    push_wrapped(out, "got", &row.got, INDENT, width);
    push_wrapped(
        out,
        "why",
        &format!("{} ({})", row.why, row.reference),
        INDENT,
        width,
    );
    push_wrapped(out, "fix", row.fix, INDENT, width);
    let jwt = &row.http_api_jwt;
    push_wrapped(
        out,
        "HTTP API",
        &format!("{}: {}", answer(jwt.answer), jwt.note),
        INDENT,
        width,
    );
}

fn answer(answer: JwtAnswer) -> &'static str {
    match answer {
        JwtAnswer::Allow => "allow",
        JwtAnswer::Unauthorized => "unauthorized",
        JwtAnswer::NotDocumented => "not documented",
        JwtAnswer::NotApplicable => "n/a",
    }
}

fn footer(out: &mut String, report: &Report, width: usize) {
    let jwt = &report.http_api_jwt;
    let _ = writeln!(
        out,
        "API Gateway's HTTP API JWT authorizer (no Lambda), on the same cases:"
    );
    let same = if jwt.security_cases_agree {
        "yes"
    } else {
        "no"
    };
    push_wrapped(out, "same security decisions", same, 27, width);
    push_wrapped(out, "answers otherwise", &list(&jwt.differs), 27, width);
    push_wrapped(out, "not documented", &list(&jwt.not_documented), 27, width);
    let failed: Vec<String> = report
        .rows
        .iter()
        .filter(|r| !r.passed)
        .map(|r| {
            if r.security {
                format!("{} (security)", r.id)
            } else {
                r.id.to_owned()
            }
        })
        .collect();
    if failed.is_empty() {
        let _ = writeln!(out, "Every row passed.");
    } else {
        push_wrapped(out, "", &format!("Failed: {}", failed.join(", ")), 0, width);
    }
}

fn list(ids: &[&str]) -> String {
    if ids.is_empty() {
        "none".to_owned()
    } else {
        ids.join(", ")
    }
}

/// `  label   text…` with the text word-wrapped to `width`, continuation lines at `indent`.
fn push_wrapped(out: &mut String, label: &str, text: &str, indent: usize, width: usize) {
    let first = if label.is_empty() {
        " ".repeat(indent)
    } else {
        format!("  {label:<w$}", w = indent.saturating_sub(2))
    };
    let mut line = first;
    let mut empty = true;
    for word in text.split_whitespace() {
        let used = line.chars().count();
        if !empty && used + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_under_its_label() {
        let mut out = String::new();
        let text = "word ".repeat(30);
        push_wrapped(&mut out, "why", &text, INDENT, 40);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines[0].starts_with("  why       word"));
        assert!(lines[1].starts_with("            word"));
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{out}");
    }
}
