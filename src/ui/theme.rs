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
            t.title, t.border, t.selected, t.dim, t.key, t.done, t.running, t.failed, t.warned,
            t.pending, t.code,
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
    }
}
