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
        let mut spans = Vec::new();
        for hint in BINDINGS.iter().filter_map(|b| b.footer) {
            let (key, does) = hint.split_once(' ').unwrap_or((hint, ""));
            spans.push(Span::styled(format!(" {key}"), self.theme.key));
            spans.push(Span::styled(format!(" {does} "), self.theme.dim));
        }
        Line::from(spans).render(area, buf);
    }
}
