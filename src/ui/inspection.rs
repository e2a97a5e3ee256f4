//! One widget for an [`Inspection`], in the theme (so `NO_COLOR` holds): its verdict, the
//! checklist with fixes, the decoded header and claims, and the policy. The inspector's panes
//! and an action's token panel in the result pane are both drawn from these.

use ratatui::text::{Line, Span};
use serde_json::Value;

use super::theme::Theme;
use authgate_core::jwt::inspect::{CheckStatus, Inspection};
use authgate_core::policy::Evaluation;

/// `valid`, `refused` or `unverified` (a check was skipped), as a badge.
pub fn verdict(inspection: &Inspection, theme: &Theme) -> Span<'static> {
    if inspection.all_passed() {
        Span::styled(" valid ", theme.badge_pass)
    } else if inspection.failed().next().is_some() {
        Span::styled(" refused ", theme.badge_fail)
    } else {
        Span::styled(" unverified ", theme.badge_unsure)
    }
}

/// `compact` (narrow screens): passed checks show only their name, failures keep everything.
pub fn checklist(inspection: &Inspection, compact: bool, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for check in &inspection.checks {
        let (mark, style) = match check.status {
            CheckStatus::Pass => ("✓", theme.done),
            CheckStatus::Fail => ("✗", theme.failed),
            CheckStatus::Skipped => ("-", theme.dim),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), style),
            Span::styled(format!("{:<11} ", check.name), style),
            Span::raw(if compact && check.status == CheckStatus::Pass {
                String::new()
            } else {
                check.detail.clone()
            }),
        ]));
        if let (CheckStatus::Fail, Some(fix)) = (check.status, &check.fix) {
            lines.push(Line::from(vec![
                Span::styled("  fix: ", theme.warning),
                Span::raw(fix.clone()),
            ]));
        }
    }
    for warning in &inspection.warnings {
        lines.push(Line::styled(format!("! {warning}"), theme.warning));
    }
    lines
}

pub fn claims(inspection: &Inspection, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Value::Object(header) = &inspection.header {
        let summary: Vec<String> = header
            .iter()
            .map(|(k, v)| format!("{k}={}", short(v)))
            .collect();
        lines.push(Line::from(vec![
            Span::styled("header ", theme.dim),
            Span::raw(summary.join(" ")),
        ]));
    }
    let key = theme.label;
    if let Value::Object(claims) = &inspection.claims {
        for (name, value) in claims {
            let mut spans = vec![Span::styled(format!("{name:<9} "), key)];
            match inspection.times.iter().find(|t| &t.name == name) {
                Some(time) => {
                    spans.push(Span::raw(time.rfc3339.clone()));
                    spans.push(Span::styled(format!(" ({})", time.relative), theme.dim));
                }
                None => spans.push(Span::raw(short(value))),
            }
            lines.push(Line::from(spans));
        }
    }
    // Nothing decoded, nothing to say about the kind of Auth0 token.
    if !inspection.claims.is_object() {
        return lines;
    }
    let kind = if inspection.machine_to_machine {
        "machine-to-machine"
    } else {
        "user or unknown"
    };
    let dialect = inspection.dialect.unwrap_or("unknown dialect");
    lines.push(Line::styled(format!("Auth0: {kind}, {dialect}"), theme.dim));
    for note in &inspection.notes {
        lines.push(Line::from(vec![
            Span::styled(format!("  {}: ", note.claim), theme.dim),
            Span::raw(note.meaning.clone()),
        ]));
    }
    lines.extend(observations(inspection, theme));
    lines
}

/// Auth0 findings: a problem as a warning with its fix, background dimmed.
fn observations(inspection: &Inspection, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for observation in &inspection.observations {
        if observation.problem {
            lines.push(Line::styled(
                format!("! {}", observation.what),
                theme.warning,
            ));
        } else {
            lines.push(Line::styled(format!("i {}", observation.what), theme.dim));
        }
        if let Some(fix) = &observation.fix {
            lines.push(Line::from(vec![
                Span::styled("  fix: ", theme.warning),
                Span::raw(fix.clone()),
            ]));
        }
    }
    lines
}

pub fn policy(inspection: &Inspection, theme: &Theme) -> Vec<Line<'static>> {
    let Some(policy) = &inspection.policy else {
        return Vec::new();
    };
    let resource = authgate_core::policy::first_resource(&policy.response);
    let returned = if policy.returned {
        "returned"
    } else {
        "not returned: the token is refused"
    };
    let placeholder = if policy.placeholder {
        " (placeholder methodArn)"
    } else {
        ""
    };
    let verdict = |evaluation: Evaluation| match evaluation {
        Evaluation::Allow => Span::styled("allow      ", theme.done),
        Evaluation::ExplicitDeny => Span::styled("deny       ", theme.failed),
        Evaluation::ImplicitDeny => Span::styled("deny (403) ", theme.failed),
    };
    let mut lines = vec![Line::from(vec![Span::styled(
        format!("{} scope, {returned}{placeholder}", policy.scope.as_str()),
        theme.dim,
    )])];
    if let Some(check) = &inspection.permission {
        let document = &policy.response["policyDocument"];
        for (effect, resource) in authgate_core::policy::statement_resources(document) {
            lines.push(Line::from(vec![
                Span::styled(format!("{effect:<11}"), theme.dim),
                Span::raw(resource),
            ]));
        }
        let (mark, style) = if check.has_it {
            ("✓", theme.done)
        } else {
            ("✗", theme.failed)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} permission "), style),
            Span::raw(check.summary()),
        ]));
        if let Some(fix) = check.fix() {
            lines.push(Line::from(vec![
                Span::styled("  fix: ", theme.warning),
                Span::raw(fix),
            ]));
        }
    } else {
        lines.push(Line::from(vec![
            Span::styled("Resource   ", theme.dim),
            Span::raw(resource.to_owned()),
        ]));
    }
    lines.extend([
        Line::from(vec![
            verdict(policy.evaluation),
            Span::raw(policy.method_arn.clone()),
        ]),
        Line::from(vec![
            verdict(policy.second_evaluation),
            Span::raw(policy.second_arn.clone()),
        ]),
    ]);
    // With per-route permissions a denied second route is the map at work, not the trap.
    if policy.second_evaluation != Evaluation::Allow && inspection.permission.is_none() {
        lines.push(Line::styled(
            "cached (TTL > 0), this policy turns the second route into 403: use stage scope",
            theme.warning,
        ));
    }
    lines
}

fn short(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
