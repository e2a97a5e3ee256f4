//! The `?` overlay: every key binding and a few words on what the wizard does.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::keymap::{BINDINGS, HELP_BINDINGS, QUIT_CHORD_HINT, hint_text};

pub struct HelpOverlay<'a> {
    pub theme: &'a Theme,
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        // Fits 80×24 with every binding: the popup grows with its lines, the screen does not.
        let mut lines = vec![
            Line::raw(
                "Each step is a screen; each action does one thing for real. Reruns are safe:",
            ),
            Line::raw("actions find before they create."),
        ];
        for (label, does) in BINDINGS.iter().filter_map(|b| b.help) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {label:<10}"), theme.key),
                Span::raw(does),
            ]));
        }
        lines.push(Line::styled(
            format!("  {QUIT_CHORD_HINT} {}", hint_text(HELP_BINDINGS, " ")),
            theme.dim,
        ));

        super::popup(lines, "Help", 84, theme, area, buf);
    }
}
