//! The one key table: `update` reads intents from it and the footer and help overlay are
//! rendered from it, so the hints never drift from the handlers.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    NextStep,
    PrevStep,
    NextAction,
    PrevAction,
    Run,
    RunAll,
    Settings,
    Status,
    Raw,
    Explain,
    Inspect,
    /// Copy the selected request as code (step 5), by OSC 52.
    Copy,
    /// Show the selected request as code in the tutorial's languages.
    Code,
    /// The sandbox's teaching hooks: signing key, clock, authorizer cache.
    SandboxTools,
    Help,
    /// Esc: close the overlay, else cancel the running action, else quit.
    Back,
    Quit,
}

pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the keys are written in the footer and the help overlay.
    pub label: &'static str,
    pub does: &'static str,
    pub intent: Intent,
    /// The short form shown in the footer (`None`: only in the help overlay).
    pub footer: Option<&'static str>,
}

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[KeyCode::Right, KeyCode::Char('l'), KeyCode::Tab],
        label: "→/l/Tab",
        does: "next step",
        intent: Intent::NextStep,
        footer: Some("←→ step"),
    },
    Binding {
        keys: &[KeyCode::Left, KeyCode::Char('h'), KeyCode::BackTab],
        label: "←/h",
        does: "previous step",
        intent: Intent::PrevStep,
        footer: None,
    },
    Binding {
        keys: &[KeyCode::Down, KeyCode::Char('j')],
        label: "↓/j",
        does: "next action",
        intent: Intent::NextAction,
        footer: Some("↑↓ action"),
    },
    Binding {
        keys: &[KeyCode::Up, KeyCode::Char('k')],
        label: "↑/k",
        does: "previous action",
        intent: Intent::PrevAction,
        footer: None,
    },
    Binding {
        keys: &[KeyCode::Enter],
        label: "Enter",
        does: "run action",
        intent: Intent::Run,
        footer: Some("Enter run"),
    },
    Binding {
        keys: &[KeyCode::Char('a')],
        label: "a",
        does: "run every remaining action of the step",
        intent: Intent::RunAll,
        footer: None,
    },
    Binding {
        keys: &[KeyCode::Char('f')],
        label: "f",
        does: "the step's settings (names, TTL, scopes)",
        intent: Intent::Settings,
        footer: None,
    },
    Binding {
        keys: &[KeyCode::Char('s')],
        label: "s",
        does: "status: what exists; teardown",
        intent: Intent::Status,
        footer: None,
    },
    Binding {
        keys: &[KeyCode::Char('r')],
        label: "r",
        does: "show the raw response of a failure",
        intent: Intent::Raw,
        footer: None,
    },
    Binding {
        keys: &[KeyCode::Char('e')],
        label: "e",
        does: "explain (console / CLI)",
        intent: Intent::Explain,
        footer: Some("e explain"),
    },
    Binding {
        keys: &[KeyCode::Char('i')],
        label: "i",
        does: "token inspector (or paste a token)",
        intent: Intent::Inspect,
        footer: Some("i inspect"),
    },
    Binding {
        keys: &[KeyCode::Char('c')],
        label: "c",
        does: "copy the request as code (step 5's calls)",
        intent: Intent::Copy,
        footer: None,
    },
    Binding {
        keys: &[KeyCode::Char('g')],
        label: "g",
        does: "the request as code in 10 languages (step 5's calls)",
        intent: Intent::Code,
        footer: None,
    },
    Binding {
        keys: &[KeyCode::Char('x')],
        label: "x",
        does: "sandbox tools: rotate key, move clock, authorizer cache",
        intent: Intent::SandboxTools,
        footer: None,
    },
    Binding {
        keys: &[KeyCode::Char('?')],
        label: "?",
        does: "help",
        intent: Intent::Help,
        footer: Some("? help"),
    },
    Binding {
        keys: &[KeyCode::Esc],
        label: "Esc",
        does: "close / cancel / quit",
        intent: Intent::Back,
        footer: Some("Esc cancel"),
    },
    Binding {
        keys: &[KeyCode::Char('q')],
        label: "q",
        does: "quit",
        intent: Intent::Quit,
        footer: Some("q quit"),
    },
];

/// The intent of a key press, if any. Ctrl-C always quits.
pub fn intent_for(key: KeyEvent) -> Option<Intent> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == KeyCode::Char('c')).then_some(Intent::Quit);
    }
    BINDINGS
        .iter()
        .find(|b| b.keys.contains(&key.code))
        .map(|b| b.intent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_maps_to_exactly_one_binding() {
        let keys: Vec<_> = BINDINGS.iter().flat_map(|b| b.keys.iter()).collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(k), "{k:?} is bound twice");
        }
    }

    #[test]
    fn ctrl_c_quits_and_plain_c_copies() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(intent_for(ctrl_c), Some(Intent::Quit));
        let c = KeyEvent::from(KeyCode::Char('c'));
        assert_eq!(intent_for(c), Some(Intent::Copy));
    }
}
