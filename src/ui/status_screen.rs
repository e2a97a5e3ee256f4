//! The status view: each resource with its id and whether authgate created or reused it,
//! and teardown — the confirmation lists exactly what will be deleted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{glyphs, theme::Theme};
use crate::app::keymap::hint_text;
use crate::app::status_view::{
    CONFIRM_BINDINGS, Live, STATUS_BINDINGS, StatusView, TEARDOWN_BINDINGS, Teardown,
};
use crate::flow::drift::DriftRow;
use crate::flow::status::Status;
use crate::flow::teardown::plan;
use crate::state::{ResourceKey, State, Target};
use authgate_providers::drift::Finding;

pub struct StatusScreen<'a> {
    pub view: &'a StatusView,
    pub state: &'a State,
    pub now: std::time::Duration,
    pub spinner: usize,
    pub theme: &'a Theme,
}

impl Widget for StatusScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { state, theme, .. } = self;
        // The confirmation alone: every object it deletes and its keys fit in 80×24.
        if matches!(self.view.teardown, Teardown::Idle) && self.view.confirm {
            super::popup(teardown_lines(&self), "Teardown", 96, theme, area, buf);
            return;
        }
        let status = Status::of(state);
        let mut lines = vec![Line::from(vec![
            Span::styled("target ", theme.dim),
            Span::raw(status.target.map_or("none yet", Target::as_str)),
            Span::styled(
                format!("   {}/{} actions done", status.done, status.total),
                theme.dim,
            ),
        ])];
        // Kinds not made yet share a line with their neighbours, so the view fits 24 rows.
        let mut pending: Vec<&str> = Vec::new();
        let flush = |pending: &mut Vec<&str>, lines: &mut Vec<Line<'static>>| {
            if !pending.is_empty() {
                lines.push(Line::from(vec![
                    Span::styled("○ ", theme.pending),
                    Span::styled(pending.join(" · "), theme.dim),
                ]));
                pending.clear();
            }
        };
        for row in &status.rows {
            let Some(id) = &row.id else {
                pending.push(row.label);
                continue;
            };
            flush(&mut pending, &mut lines);
            let drift = live_row(&self.view.live, row.key);
            let lead = match drift.map(|d| &d.finding) {
                Some(Finding::Missing) => Span::styled("✗ ", theme.failed),
                Some(Finding::Drifted(_)) => Span::styled("! ", theme.failed),
                Some(Finding::Present) => Span::styled("✓ ", theme.done),
                // Recorded, not (yet) read back: no ✓ for what is not known to answer.
                None => Span::styled("• ", theme.dim),
            };
            let mut spans = vec![
                lead,
                Span::raw(format!("{:<24} {id}", row.label)),
                Span::styled(format!("  {}", row.origin()), theme.dim),
            ];
            spans.push(live_mark(&self.view.live, drift, self.spinner, theme));
            lines.push(Line::from(spans));
            if let Some(DriftRow {
                finding,
                fix: Some(fix),
                ..
            }) = drift
            {
                if let Finding::Drifted(differences) = finding {
                    for d in differences {
                        lines.push(Line::styled(format!("    {d}"), theme.failed));
                    }
                }
                lines.push(Line::styled(format!("    fix: {fix}"), theme.dim));
            }
        }
        flush(&mut pending, &mut lines);
        if let Live::Failed(f) = &self.view.live {
            lines.push(Line::styled(
                format!("live check not done: {}", f.what),
                theme.failed,
            ));
            lines.push(Line::raw(format!("  cause: {}", f.cause)));
            lines.push(Line::raw(format!("  fix:   {}", f.fix)));
        }
        if let Some(url) = status.invoke_url() {
            lines.push(Line::raw(format!("invoke URL {url}")));
        }
        lines.push(Line::raw(""));
        lines.extend(teardown_lines(&self));
        super::popup(lines, "Status", 96, theme, area, buf);
    }
}

fn live_row(live: &Live, key: ResourceKey) -> Option<&DriftRow> {
    match live {
        Live::Checked(rows) => rows.iter().find(|r| r.key == key),
        _ => None,
    }
}

/// How the resource looked when read back: present, missing, changed, or still checking.
fn live_mark(
    live: &Live,
    drift: Option<&DriftRow>,
    spinner: usize,
    theme: &Theme,
) -> Span<'static> {
    match (live, drift.map(|d| &d.finding)) {
        (Live::Checking(_), _) => {
            let glyph = glyphs::step(crate::app::StepStatus::Running, spinner, theme);
            Span::styled(format!("  {} checking", glyph.content), theme.running)
        }
        (_, Some(Finding::Present)) => Span::styled("  · live ✓", theme.done),
        (_, Some(Finding::Missing)) => Span::styled("  · live ✗ missing", theme.failed),
        (_, Some(Finding::Drifted(_))) => Span::styled("  · live ! changed", theme.failed),
        _ => Span::raw(""),
    }
}

fn teardown_lines(screen: &StatusScreen<'_>) -> Vec<Line<'static>> {
    let (view, theme) = (screen.view, screen.theme);
    let doomed = plan(screen.state, false);
    let mut lines = Vec::new();
    match &view.teardown {
        Teardown::Running {
            started, progress, ..
        } => {
            lines.push(Line::from(vec![
                glyphs::step(crate::app::StepStatus::Running, screen.spinner, theme),
                Span::styled(
                    format!(
                        " tearing down… {} ({})",
                        glyphs::elapsed(screen.now.saturating_sub(*started)),
                        hint_text(TEARDOWN_BINDINGS, ", ")
                    ),
                    theme.running,
                ),
            ]));
            for line in progress.iter().rev().take(4).rev() {
                lines.push(Line::raw(format!("  {line}")));
            }
        }
        Teardown::Done(said) => {
            lines.push(Line::styled("✓ teardown finished", theme.done));
            for line in said {
                lines.push(Line::raw(format!("  {line}")));
            }
        }
        Teardown::Failed(f) => {
            lines.push(Line::styled(format!("✗ {}", f.what), theme.failed));
            lines.push(Line::raw(format!("  cause: {}", f.cause)));
            lines.push(Line::raw(format!("  fix:   {}", f.fix)));
        }
        Teardown::Idle if view.confirm => {
            lines.push(Line::styled(
                format!("Delete these? ({})", hint_text(CONFIRM_BINDINGS, ", ")),
                theme.failed,
            ));
            for item in &doomed {
                lines.push(Line::raw(format!("  - {}", item.label)));
            }
        }
        Teardown::Idle if doomed.is_empty() => {
            lines.push(Line::styled(
                "nothing authgate created is left to delete",
                theme.dim,
            ));
        }
        Teardown::Idle => {
            let hints = hint_text(STATUS_BINDINGS, " · ");
            lines.push(Line::styled(
                hints.replace("{count}", &doomed.len().to_string()),
                theme.dim,
            ));
        }
    }
    lines
}
