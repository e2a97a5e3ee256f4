//! Key hints, generated from the same table `update` uses.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::keymap::BINDINGS;

pub struct Footer<'a> {
    pub theme: &'a Theme,
}

impl Widget for Footer<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let hints = BINDINGS.iter().filter_map(|b| b.hint).map(|hint| {
            let (key, does) = hint.split_once(' ').unwrap_or((hint, ""));
            (key, does)
        });
        hint_line(hints, self.theme).render(area, buf);
    }
}

/// ` key does  key does …`: the footer line of any key table.
pub fn hint_line<'a>(
    hints: impl IntoIterator<Item = (&'a str, &'a str)>,
    theme: &Theme,
) -> Line<'a> {
    let mut spans = Vec::new();
    for (key, does) in hints {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {does} "), theme.dim));
    }
    Line::from(spans)
}
