//! The device login while it waits: where to go, the code to type (large), the address as a
//! QR code, and that the poll is alive. Drawn over the body so the QR code fits at 80×24.

use std::time::Duration;

use qrcode::render::unicode::Dense1x2;
use qrcode::{EcLevel, QrCode};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::app::login::LoginView;
use crate::state::Target;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub struct LoginScreen<'a> {
    pub view: &'a LoginView,
    pub target: Target,
    pub now: Duration,
    pub spinner: usize,
    pub theme: &'a Theme,
}

/// `target` as rows of half blocks, two modules per row, light modules drawn as full blocks
/// (white on black, whatever the terminal's colours), with the standard quiet zone.
pub fn qr_lines(target: &str) -> Option<Vec<String>> {
    let code = QrCode::with_error_correction_level(target, EcLevel::L).ok()?;
    let image = code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build();
    Some(image.lines().map(str::to_owned).collect())
}

impl Widget for LoginScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(self.theme.border)
            .title(Span::styled(" Log in as a user ", self.theme.title))
            .title_bottom(Line::styled(" Esc cancels ", self.theme.dim).right_aligned());
        let inner = block.inner(area);
        block.render(area, buf);
        let qr = qr_lines(self.view.prompt.qr_target()).unwrap_or_default();
        let qr_width = qr
            .first()
            .map_or(0, |l| u16::try_from(l.chars().count()).unwrap_or(u16::MAX));
        let qr_height = u16::try_from(qr.len()).unwrap_or(u16::MAX);
        let fits = !qr.is_empty() && qr_height <= inner.height;
        let text_area = if fits && inner.width >= qr_width + 36 {
            let [text_area, qr_area] =
                Layout::horizontal([Constraint::Min(0), Constraint::Length(qr_width)]).areas(inner);
            draw_qr(&qr, qr_area, buf, self.theme);
            text_area
        } else {
            inner
        };
        let text = self.text(fits);
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .block(Block::new().padding(Padding::horizontal(1)))
            .render(text_area, buf);
    }
}

fn draw_qr(qr: &[String], area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines: Vec<Line> = qr
        .iter()
        .map(|l| Line::styled(l.clone(), theme.qr))
        .collect();
    Paragraph::new(lines).render(area, buf);
}

impl LoginScreen<'_> {
    fn text(&self, qr_shown: bool) -> Text<'static> {
        let (view, theme) = (self.view, self.theme);
        let prompt = &view.prompt;
        let code: String = prompt
            .user_code
            .chars()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let rule = "─".repeat(code.chars().count() + 4);
        let large = Style::new().add_modifier(Modifier::BOLD);
        let mut text = Text::default();
        text.push_line(Line::styled("1. On any device, open", theme.title));
        text.push_line(Line::styled(
            format!("   {}", prompt.verification_uri),
            theme.code,
        ));
        text.push_line(Line::styled("2. Enter the code", theme.title));
        text.push_line(Line::styled(format!("   ┌{rule}┐"), theme.border));
        text.push_line(Line::from(vec![
            Span::styled("   │  ", theme.border),
            Span::styled(code, large),
            Span::styled("  │", theme.border),
        ]));
        text.push_line(Line::styled(format!("   └{rule}┘"), theme.border));
        text.push_line(Line::styled("3. Sign in and press Confirm", theme.title));
        if self.target.is_sandbox() {
            for hint in [
                "   as writer@authgate.test (read, write)",
                "   or reader@authgate.test (read only),",
                "   password authgate-sandbox",
            ] {
                text.push_line(Line::styled(hint, theme.dim));
            }
        }
        text.push_line(Line::raw(""));
        if qr_shown {
            text.push_line(Line::styled(
                "Or scan the QR code: it opens the page with the code filled in.",
                theme.dim,
            ));
        } else {
            text.push_line(Line::styled(
                "(a larger terminal shows the address as a QR code)",
                theme.dim,
            ));
        }
        text.push_line(Line::raw(""));
        let left = view.left(self.now).as_secs();
        let times = if view.polls == 1 { "time" } else { "times" };
        text.push_line(Line::styled(
            format!(
                "{} waiting… (polled {} {times}, every {} s) · code expires in {}:{:02}",
                SPINNER[self.spinner % SPINNER.len()],
                view.polls,
                view.interval.as_secs(),
                left / 60,
                left % 60
            ),
            theme.running,
        ));
        if let Some(note) = &view.note {
            text.push_line(Line::styled(format!("  {note}"), theme.dim));
        }
        text
    }
}
