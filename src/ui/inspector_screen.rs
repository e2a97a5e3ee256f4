//! The interactive inspector: the form (token, issuer, audience, JWKS URI, methodArn, scope)
//! above the [`InspectorView`] of the latest inspection, with its own key hints.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::inspector::InspectorView;
use super::theme::Theme;
use crate::app::inspector::keys::footer_entries;
use crate::app::inspector::{Field, InspectorModel};

/// Label column width: the longest label plus a space.
const LABEL: u16 = 11;
/// Characters of a hidden token shown, enough to tell tokens apart (the header's start).
const TOKEN_PREVIEW: usize = 12;

pub fn render(model: &InspectorModel, frame: &mut Frame, area: Rect, theme: &Theme) {
    let [form, body, footer] = Layout::vertical([
        Constraint::Length(10),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    render_form(model, frame, form, theme);
    match &model.inspection {
        Some(inspection) => {
            frame.render_widget(
                InspectorView::new(inspection, theme).scroll(model.scroll),
                body,
            );
        }
        None => frame.render_widget(
            Paragraph::new(vec![
                Line::raw(""),
                Line::raw(
                    "Paste a token (your terminal's paste key, or Ctrl-V) into the token field,",
                ),
                Line::raw("or type one and press Enter. Bare tokens and `Bearer …` both work."),
            ])
            .style(theme.dim),
            body,
        ),
    }
    frame.render_widget(super::footer::hint_line(footer_entries(), theme), footer);
}

fn render_form(model: &InspectorModel, frame: &mut Frame, area: Rect, theme: &Theme) {
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(" Token inspector ", theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = Layout::vertical([Constraint::Length(1); 8]).split(inner);
    let width = usize::from(inner.width.saturating_sub(LABEL));
    for (row, field) in rows.iter().zip(Field::ALL) {
        let focused = model.focus == field;
        let label_style = if focused { theme.selected } else { theme.key };
        let input = &model.inputs[field as usize];
        let (text, scroll) = if field == Field::Token && !model.reveal {
            (masked(input.value()), 0)
        } else {
            let scroll = if focused {
                input.visual_scroll(width)
            } else {
                0
            };
            (input.value().chars().skip(scroll).collect(), scroll)
        };
        let shown = if text.is_empty() {
            Span::styled(placeholder(field), theme.dim)
        } else {
            Span::raw(text)
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled(format!("{:<10}", field.label()), label_style),
                Span::raw(" "),
                shown,
            ]),
            *row,
        );
        if focused && (field != Field::Token || model.reveal) {
            let column = input.visual_cursor().saturating_sub(scroll);
            let x = row.x + LABEL + u16::try_from(column).unwrap_or(u16::MAX);
            frame.set_cursor_position(Position::new(x.min(row.right().saturating_sub(1)), row.y));
        }
    }
    frame.render_widget(
        Line::from(vec![
            Span::styled(format!("{:<10}", "scope"), theme.key),
            Span::raw(format!(" {} ", model.scope.as_str())),
            Span::styled("(^P cycles method · stage · api)", theme.dim),
        ]),
        rows[6],
    );
    let note = if model.pending.is_some() {
        "inspecting…".to_owned()
    } else {
        model.note.clone().unwrap_or_default()
    };
    frame.render_widget(Line::styled(note, theme.dim), rows[7]);
}

/// The token's first characters and its length: enough to recognise it, not to use it.
fn masked(token: &str) -> String {
    if token.is_empty() {
        return String::new();
    }
    let count = token.chars().count();
    let head: String = token.chars().take(TOKEN_PREVIEW).collect();
    format!("{head}… ({count} characters, hidden; ^R shows it)")
}

fn placeholder(field: Field) -> &'static str {
    match field {
        Field::Token => "paste or type a token",
        Field::Issuer => "https://TENANT.auth0.com/ (empty: offline checks only)",
        Field::Audience => "the API identifier, e.g. https://petstore.example.com",
        Field::JwksUri => "empty: {issuer}.well-known/jwks.json",
        Field::MethodArn => "empty: a placeholder arn:aws:execute-api:…/GET/pets",
        Field::Permissions => r#"permissions per route, e.g. {"POST /pets":"write:pets"}"#,
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use serde_json::json;

    use super::*;
    use authgate_core::jwt::inspect::inspect;
    use authgate_core::jwt::test_tokens::{self, ARN, AUD, ISS, NOW, token};
    use authgate_core::jwt::{JwksSource, Verifier, VerifierConfig};

    fn draw(model: &InspectorModel, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| render(model, frame, frame.area(), &Theme::new(true)))
            .unwrap();
        terminal.backend().to_string()
    }

    async fn model_with(extra: serde_json::Value) -> (InspectorModel, String) {
        let jwt = token(&extra);
        let mut model = InspectorModel::new(&jwt, ISS, AUD, "");
        model.set(Field::MethodArn, ARN);
        let config = VerifierConfig::new(ISS, AUD, JwksSource::Inline(test_tokens::jwks()));
        let verifier = Verifier::new(config).unwrap();
        model.inspection = Some(inspect(&jwt, Some(&verifier), Some(ARN), NOW).await);
        (model, jwt)
    }

    #[tokio::test]
    async fn snapshots_hide_the_token_unless_revealed() {
        let empty = InspectorModel::new("", "", "", "");
        for (width, height) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("empty_{width}x{height}"),
                draw(&empty, width, height)
            );
        }
        let (mut model, jwt) = model_with(json!({})).await;
        for (width, height) in [(80, 24), (120, 40)] {
            let screen = draw(&model, width, height);
            assert!(
                !screen.contains(&jwt[..40]),
                "the token is hidden by default"
            );
            insta::assert_snapshot!(format!("valid_{width}x{height}"), screen);
        }
        let (expired, _) = model_with(json!({"exp": NOW - 7980})).await;
        insta::assert_snapshot!("expired_120x40", draw(&expired, 120, 40));
        model.reveal = true;
        model.focus = Field::Issuer;
        let screen = draw(&model, 200, 40);
        assert!(screen.contains(&jwt[..60]), "^R shows it: {screen}");
        model.focus = Field::Token;
        let screen = draw(&model, 200, 40);
        assert!(
            screen.contains(&jwt[jwt.len() - 60..]),
            "editing shows the cursor's end"
        );
    }

    #[test]
    fn masking_keeps_only_the_start_and_the_length() {
        assert_eq!(masked(""), "");
        let shown = masked("eyJhbGciOiJSUzI1NiJ9.payload.signature");
        assert!(shown.starts_with("eyJhbGciOiJS…"), "{shown}");
        assert!(shown.contains("38 characters"), "{shown}");
    }
}
