//! The step screen's lower pane in "I'll do it": the step's checks (✓/✗ per check, the
//! nudge, and the exact fix once asked for with a second `c`; hints stay after a pass), then
//! the tutorial's instructions for the selected action (console path and CLI).

use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::App;
use crate::app::learn::StepChecks;
use crate::check::{CheckResult, Status};

pub fn pane<'a>(app: &'a App, theme: &Theme) -> Paragraph<'a> {
    let mut text = Text::default();
    match app.learn.checks(app.selected_step) {
        StepChecks::NotRun => text.push_line(Line::styled(
            "Not checked yet: do the step yourself (below), then press c.",
            theme.dim,
        )),
        StepChecks::Running(_) => {
            text.push_line(Line::styled("Checking…", theme.running));
        }
        StepChecks::Failed(failure) => {
            text.push_line(Line::styled(format!("✗ {}", failure.what), theme.failed));
            text.push_line(Line::raw(format!("  cause: {}", failure.cause)));
            text.push_line(Line::raw(format!("  fix:   {}", failure.fix)));
        }
        StepChecks::Done(results) => {
            // Failures first (with their fix once asked for), then the rest with their hints.
            let order = [Status::Fail, Status::NotCheckable, Status::Pass];
            for status in order {
                for check in results.iter().filter(|c| c.status == status) {
                    push_check(&mut text, app, check, theme);
                }
            }
            let failing = results.iter().any(|c| c.status == Status::Fail);
            let hidden = results
                .iter()
                .any(|c| c.status == Status::Fail && !app.learn.revealed.contains(c.id));
            let next = match (failing, hidden) {
                (true, true) => "c again shows the exact fix · c after fixing checks again",
                (true, false) => "fix it, then c checks again",
                _ => "c checks again",
            };
            text.push_line(Line::styled(next, theme.dim));
        }
    }
    text.push_line(Line::raw(""));
    let spec = app.selected_action();
    text.push_line(Line::styled(spec.title.as_str(), theme.title));
    text.push_line(Line::from(vec![
        Span::styled("Console ", theme.title),
        Span::raw(spec.console.as_str()),
    ]));
    text.push_line(Line::styled("CLI", theme.title));
    for line in spec.cli.lines() {
        text.push_line(Line::styled(line, theme.code));
    }
    Paragraph::new(text).wrap(Wrap { trim: false }).block(
        Block::new()
            .title(Span::styled(
                " I'll do it · c check · m do it for me ",
                theme.title,
            ))
            .padding(ratatui::widgets::Padding::horizontal(1)),
    )
}

fn push_check<'a>(text: &mut Text<'a>, app: &App, check: &'a CheckResult, theme: &Theme) {
    let (mark, style) = match check.status {
        Status::Pass => ("✓", theme.done),
        Status::Fail => ("✗", theme.failed),
        Status::NotCheckable => ("?", theme.warned),
    };
    text.push_line(Line::from(vec![
        Span::styled(format!("{mark} "), style),
        Span::raw(check.title.as_str()),
    ]));
    match check.status {
        Status::Pass => {
            if let Some(hint) = &check.hint {
                text.push_line(Line::styled(format!("  {hint}"), theme.dim));
            }
        }
        Status::NotCheckable => {
            text.push_line(Line::styled(format!("  {}", check.what), theme.dim));
        }
        Status::Fail => {
            text.push_line(Line::raw(format!("  found: {}", check.what)));
            if let Some(hint) = &check.hint {
                text.push_line(Line::raw(format!("  hint:  {hint}")));
            }
            if app.learn.revealed.contains(check.id)
                && let Some(fix) = &check.fix
            {
                text.push_line(Line::styled("  fix:", theme.title));
                text.push_line(Line::raw(format!("    {}", fix.console)));
                for line in fix.cli.lines() {
                    text.push_line(Line::styled(format!("    {line}"), theme.code));
                }
            }
        }
    }
}
