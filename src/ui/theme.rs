//! All styles in one place. With `NO_COLOR` set, only modifiers (bold, reverse, dim) remain.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub title: Style,
    pub border: Style,
    pub selected: Style,
    pub dim: Style,
    pub key: Style,
    pub done: Style,
    pub running: Style,
    pub failed: Style,
    pub warned: Style,
    pub pending: Style,
    pub code: Style,
    /// Something to look at that does not fail (a token warning, a fix's label).
    pub warning: Style,
    /// A claim's name beside its value.
    pub label: Style,
    /// The inspector's verdict: valid, refused, unverified.
    pub badge_pass: Style,
    pub badge_fail: Style,
    pub badge_unsure: Style,
    /// The device login's QR code: light modules on dark, for the camera.
    pub qr: Style,
}

const PLAIN: Style = Style::new();

pub const COLOR: Theme = Theme {
    title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    border: Style::new().fg(Color::DarkGray),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    dim: Style::new().fg(Color::DarkGray),
    key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    done: Style::new().fg(Color::Green),
    running: Style::new().fg(Color::Yellow),
    failed: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    warned: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
    pending: PLAIN,
    code: Style::new().fg(Color::LightBlue),
    warning: Style::new().fg(Color::Yellow),
    label: Style::new().fg(Color::Cyan),
    badge_pass: Style::new().fg(Color::Black).bg(Color::Green),
    badge_fail: Style::new().fg(Color::White).bg(Color::Red),
    badge_unsure: Style::new().fg(Color::Black).bg(Color::Yellow),
    qr: Style::new().fg(Color::White).bg(Color::Black),
};

pub const MONO: Theme = Theme {
    title: Style::new().add_modifier(Modifier::BOLD),
    border: PLAIN,
    selected: Style::new().add_modifier(Modifier::REVERSED),
    dim: Style::new().add_modifier(Modifier::DIM),
    key: Style::new().add_modifier(Modifier::BOLD),
    done: PLAIN,
    running: PLAIN,
    failed: Style::new().add_modifier(Modifier::BOLD),
    warned: Style::new().add_modifier(Modifier::BOLD),
    pending: PLAIN,
    code: PLAIN,
    warning: PLAIN,
    label: PLAIN,
    badge_pass: Style::new().add_modifier(Modifier::REVERSED),
    badge_fail: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
    badge_unsure: Style::new().add_modifier(Modifier::REVERSED),
    // The terminal's own colours: under NO_COLOR, light-on-dark only if the terminal is.
    qr: PLAIN,
};

impl Theme {
    pub fn new(color: bool) -> Self {
        if color { COLOR } else { MONO }
    }

    /// Colour unless the `NO_COLOR` convention asks for none (any non-empty value).
    pub fn color_from_env() -> bool {
        std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mono_theme_uses_no_colours() {
        let t = MONO;
        for style in [
            t.title,
            t.border,
            t.selected,
            t.dim,
            t.key,
            t.done,
            t.running,
            t.failed,
            t.warned,
            t.pending,
            t.code,
            t.warning,
            t.label,
            t.badge_pass,
            t.badge_fail,
            t.badge_unsure,
            t.qr,
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
    }
}
