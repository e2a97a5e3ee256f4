//! The sandbox tools overlay: the signing keys, the sandbox clock, the authorizer cache
//! (token hash → policy, counting down to expiry) and the keys that change them.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::keymap::hint_text;
use crate::app::sandbox_tools::{SandboxTools, TOOLS_BINDINGS};

/// How much of a token hash the overlay shows (enough to tell tokens apart).
const HASH_CHARS: usize = 12;

pub struct SandboxScreen<'a> {
    pub tools: &'a SandboxTools,
    pub now: Duration,
    pub theme: &'a Theme,
}

impl Widget for SandboxScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { tools, now, theme } = self;
        let mut lines = Vec::new();
        match &tools.snapshot {
            None if tools.failure.is_none() => {
                lines.push(Line::styled(" reading the sandbox…", theme.running));
            }
            None => {}
            Some(s) => {
                let signing = s.kids.first().map_or("none", String::as_str);
                lines.push(Line::from(vec![
                    Span::styled(" Signing keys  ", theme.title),
                    Span::raw(format!(
                        "{} in the JWKS, signing with {signing}",
                        s.kids.len()
                    )),
                ]));
                lines.push(Line::from(vec![
                    Span::styled(" Clock         ", theme.title),
                    Span::raw(clock(s.skew_secs)),
                ]));
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    " Authorizer cache (per token hash, API and stage)",
                    theme.title,
                ));
                if s.cache.is_empty() {
                    lines.push(Line::styled(
                        "   empty: the next call with a token runs the authorizer",
                        theme.dim,
                    ));
                }
                for e in &s.cache {
                    let left = tools.seconds_left(e.seconds_left, now);
                    let hash: String = e.token_sha256.chars().take(HASH_CHARS).collect();
                    let expiry = if left > 0 {
                        Span::styled(format!("expires in {left} s"), theme.running)
                    } else {
                        Span::styled("expired", theme.dim)
                    };
                    lines.push(Line::from(vec![
                        Span::raw(format!(
                            "   {}/{}  sha256 {hash}…  {}  ",
                            e.api_id, e.stage, e.principal_id
                        )),
                        expiry,
                    ]));
                    for statement in &e.policy {
                        lines.push(Line::styled(format!("     {statement}"), theme.code));
                    }
                }
            }
        }
        lines.push(Line::raw(""));
        if let Some(f) = &tools.failure {
            lines.push(Line::styled(format!(" ✗ {}", f.what), theme.failed));
            lines.push(Line::raw(format!("   cause: {}", f.cause)));
            lines.push(Line::raw(format!("   fix:   {}", f.fix)));
        } else if let Some(note) = &tools.note {
            lines.push(Line::styled(format!(" ✓ {note}"), theme.done));
        }
        lines.push(Line::styled(
            format!(" {}", hint_text(TOOLS_BINDINGS, " · ")),
            theme.dim,
        ));
        let width = area.width.saturating_sub(4).min(110);
        super::popup(lines, "Sandbox tools", width, theme, area, buf);
    }
}

fn clock(skew: i64) -> String {
    if skew == 0 {
        return "real time".to_owned();
    }
    let (sign, abs) = if skew > 0 {
        ('+', skew)
    } else {
        ('−', -skew)
    };
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    let moved = format!("{sign}{h}h{m:02}m{s:02}s");
    if skew > 0 {
        format!("{moved}: cached policies age faster; new tokens are issued in the future")
    } else {
        format!("{moved}: new tokens are issued in the past (expired once past their lifetime)")
    }
}
