//! Key tables: the main screen's (`update` reads intents from it; the footer and the help
//! overlay are rendered from it) and the help overlay's, and the `Binding` row every
//! overlay's table is made of, so the hints never drift from the handlers.

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
    /// Learn mode: this step "do it for me" or "I'll do it".
    Mode,
    Help,
    /// Esc: close the overlay, else cancel the running action, else quit.
    Back,
    Quit,
}

/// One row of a key table: the keys, what they mean, and how the hints write them. Every
/// screen and overlay has one table that drives both its key handling and its hints.
pub struct Binding<I> {
    pub keys: &'static [KeyCode],
    pub intent: I,
    /// The hint line's words for it (`None`: left out, e.g. the second half of `←→`).
    pub hint: Option<&'static str>,
    /// The help overlay's row: the keys written out and what they do (the main table).
    pub help: Option<(&'static str, &'static str)>,
}

impl<I> Binding<I> {
    /// An overlay's row: its hint is all it shows.
    pub const fn new(keys: &'static [KeyCode], intent: I, hint: Option<&'static str>) -> Self {
        Self {
            keys,
            intent,
            hint,
            help: None,
        }
    }
}

/// The intent a key code has in `table` (modifiers aside; Ctrl-C never gets here).
pub fn lookup<I: Copy>(table: &[Binding<I>], code: KeyCode) -> Option<I> {
    table
        .iter()
        .find(|b| b.keys.contains(&code))
        .map(|b| b.intent)
}

/// The table's hints in order, joined by `separator`.
pub fn hint_text<I>(table: &[Binding<I>], separator: &str) -> String {
    table
        .iter()
        .filter_map(|b| b.hint)
        .collect::<Vec<_>>()
        .join(separator)
}

/// Ctrl-C quits from anywhere: `update` checks it before any screen or overlay sees a key.
pub fn is_quit_chord(key: KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c')
}

/// What the help overlay says of Ctrl-C.
pub const QUIT_CHORD_HINT: &str = "Ctrl-C quits from anywhere.";

pub const BINDINGS: &[Binding<Intent>] = &[
    Binding {
        keys: &[KeyCode::Right, KeyCode::Char('l'), KeyCode::Tab],
        intent: Intent::NextStep,
        hint: Some("←→ step"),
        help: Some(("→/l/Tab", "next step")),
    },
    Binding {
        keys: &[KeyCode::Left, KeyCode::Char('h'), KeyCode::BackTab],
        intent: Intent::PrevStep,
        hint: None,
        help: Some(("←/h", "previous step")),
    },
    Binding {
        keys: &[KeyCode::Down, KeyCode::Char('j')],
        intent: Intent::NextAction,
        hint: Some("↑↓ action"),
        help: Some(("↓/j", "next action")),
    },
    Binding {
        keys: &[KeyCode::Up, KeyCode::Char('k')],
        intent: Intent::PrevAction,
        hint: None,
        help: Some(("↑/k", "previous action")),
    },
    Binding {
        keys: &[KeyCode::Enter],
        intent: Intent::Run,
        hint: Some("Enter run"),
        help: Some(("Enter", "run action")),
    },
    Binding {
        keys: &[KeyCode::Char('a')],
        intent: Intent::RunAll,
        hint: None,
        help: Some(("a", "run every remaining action of the step")),
    },
    Binding {
        keys: &[KeyCode::Char('f')],
        intent: Intent::Settings,
        hint: None,
        help: Some(("f", "the step's settings (names, TTL, scopes)")),
    },
    Binding {
        keys: &[KeyCode::Char('s')],
        intent: Intent::Status,
        hint: None,
        help: Some(("s", "status: what exists; teardown")),
    },
    Binding {
        keys: &[KeyCode::Char('r')],
        intent: Intent::Raw,
        hint: None,
        help: Some(("r", "show the raw response of a failure")),
    },
    Binding {
        keys: &[KeyCode::Char('e')],
        intent: Intent::Explain,
        hint: Some("e explain"),
        help: Some(("e", "explain (console / CLI)")),
    },
    Binding {
        keys: &[KeyCode::Char('i')],
        intent: Intent::Inspect,
        hint: Some("i inspect"),
        help: Some(("i", "token inspector (or paste a token)")),
    },
    Binding {
        keys: &[KeyCode::Char('c')],
        intent: Intent::Copy,
        hint: None,
        help: Some((
            "c",
            "copy the request as code (step 5) · I'll do it: check, then fix",
        )),
    },
    Binding {
        keys: &[KeyCode::Char('g')],
        intent: Intent::Code,
        hint: None,
        help: Some(("g", "the request as code in 10 languages (step 5's calls)")),
    },
    Binding {
        keys: &[KeyCode::Char('x')],
        intent: Intent::SandboxTools,
        hint: None,
        help: Some((
            "x",
            "sandbox tools: rotate key, move clock, authorizer cache",
        )),
    },
    Binding {
        keys: &[KeyCode::Char('m')],
        intent: Intent::Mode,
        hint: None,
        help: Some(("m", "this step: do it for me, or I'll do it (learn mode)")),
    },
    Binding {
        keys: &[KeyCode::Char('?')],
        intent: Intent::Help,
        hint: Some("? help"),
        help: Some(("?", "help")),
    },
    Binding {
        keys: &[KeyCode::Esc],
        intent: Intent::Back,
        hint: Some("Esc cancel"),
        help: Some(("Esc", "close / cancel / quit")),
    },
    Binding {
        keys: &[KeyCode::Char('q')],
        intent: Intent::Quit,
        hint: Some("q quit"),
        help: Some(("q", "quit")),
    },
];

/// The main screen's intent for a key press, if any; Ctrl chords mean nothing here.
pub fn intent_for(key: KeyEvent) -> Option<Intent> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return None;
    }
    lookup(BINDINGS, key.code)
}

/// The help overlay's keys: it swallows the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpIntent {
    Close,
    Quit,
}

pub const HELP_BINDINGS: &[Binding<HelpIntent>] = &[
    Binding::new(
        &[KeyCode::Char('?'), KeyCode::Esc],
        HelpIntent::Close,
        Some("Press ? or Esc to close."),
    ),
    Binding::new(&[KeyCode::Char('q')], HelpIntent::Quit, None),
];

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
        assert!(is_quit_chord(ctrl_c));
        let c = KeyEvent::from(KeyCode::Char('c'));
        assert!(!is_quit_chord(c));
        assert_eq!(intent_for(c), Some(Intent::Copy));
    }
}
