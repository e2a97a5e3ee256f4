//! The step's settings form: one line per field, the edited one with a cursor, and why a
//! value was refused right under it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::form::{EDIT_BINDINGS, FORM_BINDINGS, Form};
use crate::app::keymap::hint_text;
use crate::flow::inputs::Field;
use crate::state::Inputs;

/// Under the custom authorizer fields: when `detect` happens, and the one trap.
const BYO_NOTE: &str = " detect: read from the code when it runs · nodejs24.x: async handlers only";

pub struct FormView<'a> {
    pub form: &'a Form,
    pub inputs: &'a Inputs,
    pub theme: &'a Theme,
}

impl Widget for FormView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self {
            form,
            inputs,
            theme,
        } = self;
        let mut lines = Vec::new();
        for (i, field) in form.fields.iter().enumerate() {
            let selected = i == form.selected;
            let value = match (&form.editing, selected) {
                (Some(buffer), true) => format!("{buffer}▏"),
                _ => inputs.get(*field),
            };
            let hint = if field.choices().is_empty() {
                ""
            } else {
                "  (Enter: next choice)"
            };
            let line = Line::from(vec![
                Span::styled(format!(" {:<26}", field.label()), theme.dim),
                Span::raw(value),
                Span::styled(hint, theme.dim),
            ]);
            lines.push(if selected {
                line.style(theme.selected)
            } else {
                line
            });
            if selected && let Some(error) = &form.error {
                lines.push(Line::styled(format!("   ✗ {error}"), theme.failed));
            }
        }
        if form.fields.contains(&Field::AuthorizerCode) {
            lines.push(Line::styled(BYO_NOTE, theme.dim));
        }
        lines.push(Line::raw(""));
        let keys = if form.editing.is_some() {
            format!(" type, {}", hint_text(EDIT_BINDINGS, ", "))
        } else {
            format!(
                " {} · saved in .authgate/state.toml",
                hint_text(FORM_BINDINGS, " · ")
            )
        };
        lines.push(Line::styled(keys, theme.dim));
        super::popup(lines, "Settings", 76, theme, area, buf);
    }
}
