//! The inspector's key table. Letters type into the focused field, so its commands are
//! Enter, Tab, arrows and Ctrl chords; the footer is rendered from this table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectorIntent {
    NextField,
    PrevField,
    Apply,
    Scope,
    Reveal,
    Paste,
    ScrollDown,
    ScrollUp,
    Close,
}

pub struct InspectorBinding {
    pub code: KeyCode,
    pub ctrl: bool,
    pub label: &'static str,
    pub does: &'static str,
    pub intent: InspectorIntent,
    /// Shown in the footer (the rest only in the help text of README).
    pub footer: bool,
}

const fn hidden(mut binding: InspectorBinding) -> InspectorBinding {
    binding.footer = false;
    binding
}

const fn key(
    code: KeyCode,
    label: &'static str,
    does: &'static str,
    intent: InspectorIntent,
) -> InspectorBinding {
    InspectorBinding {
        code,
        ctrl: false,
        label,
        does,
        intent,
        footer: true,
    }
}

const fn ctrl(
    c: char,
    label: &'static str,
    does: &'static str,
    intent: InspectorIntent,
) -> InspectorBinding {
    InspectorBinding {
        code: KeyCode::Char(c),
        ctrl: true,
        label,
        does,
        intent,
        footer: true,
    }
}

pub const INSPECTOR_BINDINGS: &[InspectorBinding] = &[
    key(KeyCode::Enter, "Enter", "apply", InspectorIntent::Apply),
    key(KeyCode::Tab, "Tab", "field", InspectorIntent::NextField),
    hidden(key(
        KeyCode::Down,
        "↓",
        "next field",
        InspectorIntent::NextField,
    )),
    hidden(key(
        KeyCode::BackTab,
        "S-Tab",
        "previous field",
        InspectorIntent::PrevField,
    )),
    hidden(key(
        KeyCode::Up,
        "↑",
        "previous field",
        InspectorIntent::PrevField,
    )),
    ctrl('v', "^V", "paste", InspectorIntent::Paste),
    ctrl('p', "^P", "scope", InspectorIntent::Scope),
    ctrl('r', "^R", "reveal", InspectorIntent::Reveal),
    key(
        KeyCode::PageDown,
        "PgDn",
        "scroll",
        InspectorIntent::ScrollDown,
    ),
    hidden(key(
        KeyCode::PageUp,
        "PgUp",
        "scroll claims up",
        InspectorIntent::ScrollUp,
    )),
    key(KeyCode::Esc, "Esc", "close", InspectorIntent::Close),
];

/// The footer's entries, in table order.
pub fn footer_entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    INSPECTOR_BINDINGS
        .iter()
        .filter(|b| b.footer)
        .map(|b| (b.label, b.does))
}

pub fn intent_for(key: KeyEvent) -> Option<InspectorIntent> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    INSPECTOR_BINDINGS
        .iter()
        .find(|b| b.code == key.code && b.ctrl == ctrl)
        .map(|b| b.intent)
}
