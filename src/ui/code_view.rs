//! The request-as-code overlay (`g` on a step 5 call): the languages as tabs, the request in
//! the selected one with the invoke URL and the token shortened, and what `c` does.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::code_view::CODE_BINDINGS;
use crate::app::keymap::hint_text;
use crate::flow::outcome::SentRequest;
use crate::snippets::{self, Language};

pub struct CodeView<'a> {
    pub request: &'a SentRequest,
    pub language: Language,
    pub notice: Option<&'a str>,
    pub theme: &'a Theme,
}

impl Widget for CodeView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self {
            request,
            language,
            notice,
            theme,
        } = self;
        let mut tabs = vec![Span::raw(" ")];
        for l in Language::ALL {
            let style = if l == language {
                theme.selected
            } else {
                theme.dim
            };
            tabs.push(Span::styled(format!(" {} ", l.label()), style));
        }
        let mut lines = vec![Line::from(tabs), Line::raw("")];
        let code = snippets::render(language, &request.shortened());
        lines.extend(
            code.lines()
                .map(|l| Line::styled(format!(" {l}"), theme.code)),
        );
        lines.push(Line::raw(""));
        lines.push(match notice {
            Some(notice) => Line::styled(format!(" {notice}"), theme.running),
            None => Line::styled(
                " The token is shortened here; c copies the code with it whole (OSC 52).",
                theme.dim,
            ),
        });
        lines.push(Line::styled(
            format!(" {}", hint_text(CODE_BINDINGS, " · ")),
            theme.dim,
        ));
        let width = area.width.saturating_sub(4);
        super::popup(lines, "The request as code", width, theme, area, buf);
    }
}
