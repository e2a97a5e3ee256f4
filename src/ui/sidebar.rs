//! The five steps with their status: ✓ done, spinner running, ✗ failed, ○ pending.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::{glyphs, theme::Theme};
use crate::app::App;
use crate::state::Target;

/// Columns before a step's title: space, glyph, space, number, space.
const INDENT: usize = 5;

pub struct Sidebar<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for Sidebar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { app, theme } = self;
        let width = usize::from(area.width.saturating_sub(1))
            .saturating_sub(INDENT)
            .max(8);
        let mut lines: Vec<Line> = Vec::new();
        for (i, step) in app.steps.steps.iter().enumerate() {
            let style = if i == app.selected_step {
                theme.selected
            } else {
                ratatui::style::Style::new()
            };
            // A recorded ✓ is not shown as one until the live check has read it back.
            let checking = step.actions.iter().any(|a| app.being_checked(a.id));
            let glyph = if checking {
                glyphs::checking(app.spinner, theme)
            } else {
                glyphs::step(app.step_status(step), app.spinner, theme)
            };
            for (row, text) in wrap(&step.title, width).into_iter().enumerate() {
                let line = if row == 0 {
                    Line::from(vec![
                        Span::raw(" "),
                        glyph.clone(),
                        Span::raw(format!(" {} {text}", i + 1)),
                    ])
                } else {
                    Line::raw(format!("{:INDENT$}{text}", ""))
                };
                lines.push(line.style(style));
            }
            lines.push(Line::raw(""));
        }
        let mode = match app.target {
            Target::Sandbox => "sandbox (offline)",
            Target::Live => "Auth0 + AWS (live)",
        };
        lines.push(Line::styled(format!(" mode: {mode}"), theme.dim));
        if matches!(app.live, crate::app::live::Live::Checking(_)) {
            lines.push(Line::styled("   checking what is set up…", theme.dim));
        }
        if app.target.is_sandbox() {
            lines.push(Line::styled("   x: keys, clock, cache", theme.dim));
        }
        Paragraph::new(lines)
            .block(
                Block::new()
                    .borders(Borders::RIGHT)
                    .border_style(theme.border)
                    .title(Span::styled(" Steps ", theme.title)),
            )
            .render(area, buf);
    }
}

/// Greedy word wrap; a word longer than the width gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if current.is_empty() {
            current.push_str(word);
        } else if current.chars().count() + 1 + word.chars().count() <= width {
            current.push(' ');
            current.push_str(word);
        } else {
            lines.push(std::mem::replace(&mut current, word.to_owned()));
        }
    }
    lines.push(current);
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(
            super::wrap("Import and deploy the PetStore API", 20),
            ["Import and deploy", "the PetStore API"]
        );
        assert_eq!(super::wrap("short", 20), ["short"]);
    }
}
