//! The token inspector as a pure ratatui widget: checklist with fixes, decoded header and
//! claims with relative times, and the policy evaluated on its methodArn and a second route,
//! each pane drawn by `ui::inspection` in the theme. It reads only the `Inspection` (built in
//! core with a fixed `now`), never a clock.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::inspection as sections;
use super::theme::Theme;
use authgate_core::jwt::inspect::Inspection;

/// Renders an [`Inspection`]. `scroll` scrolls the claims pane (the app owns that state).
pub struct InspectorView<'a> {
    inspection: &'a Inspection,
    theme: &'a Theme,
    scroll: u16,
}

impl<'a> InspectorView<'a> {
    pub fn new(inspection: &'a Inspection, theme: &'a Theme) -> Self {
        Self {
            inspection,
            theme,
            scroll: 0,
        }
    }

    #[must_use]
    pub fn scroll(mut self, scroll: u16) -> Self {
        self.scroll = scroll;
        self
    }
}

impl Widget for InspectorView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (inspection, theme) = (self.inspection, self.theme);
        let policy_lines = sections::policy(inspection, theme);
        // Wide enough for the methodArns on one line each; 2 more for the border.
        let policy_height = if policy_lines.is_empty() {
            0
        } else {
            u16::try_from(policy_lines.len()).unwrap_or(4) + 2
        };
        let compact = area.width < 100;
        let [title, body, policy] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(4),
            Constraint::Length(policy_height),
        ])
        .areas(area);
        Line::from(vec![
            Span::styled("Token inspector ", theme.title),
            sections::verdict(inspection, theme),
            Span::raw(format!("  now {}", inspection.now_rfc3339)),
        ])
        .render(title, buf);

        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(body);
        Paragraph::new(sections::checklist(inspection, compact, theme))
            .block(Block::new().borders(Borders::ALL).title(" Checks "))
            .wrap(Wrap { trim: false })
            .render(left, buf);
        Paragraph::new(sections::claims(inspection, theme))
            .block(
                Block::new()
                    .borders(Borders::ALL)
                    .title(" Header · claims "),
            )
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0))
            .render(right, buf);
        if policy_height > 0 {
            Paragraph::new(policy_lines)
                .block(Block::new().borders(Borders::ALL).title(" Policy "))
                .wrap(Wrap { trim: false })
                .render(policy, buf);
        }
    }
}

#[cfg(test)]
mod tests;
