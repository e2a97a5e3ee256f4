//! Step 5's request as code: `g` opens the overlay on the selected call, ←→ picks the
//! language, `c` copies it (here or from the result pane) with the token whole.

use crossterm::event::{KeyCode, KeyEvent};

use super::keymap::{self, Binding};
use super::{ActionState, App, Command, Overlay};
use crate::flow::outcome::{Panel, SentRequest};
use authgate_providers::auth0::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeIntent {
    NextLanguage,
    PrevLanguage,
    Copy,
    Close,
}

/// The overlay's keys; its hint line is made from them.
pub const CODE_BINDINGS: &[Binding<CodeIntent>] = &[
    Binding::new(
        &[KeyCode::Right, KeyCode::Char('l'), KeyCode::Tab],
        CodeIntent::NextLanguage,
        Some("←→ language"),
    ),
    Binding::new(
        &[KeyCode::Left, KeyCode::Char('h'), KeyCode::BackTab],
        CodeIntent::PrevLanguage,
        None,
    ),
    Binding::new(&[KeyCode::Char('c')], CodeIntent::Copy, Some("c copy")),
    Binding::new(
        &[KeyCode::Esc, KeyCode::Char('g'), KeyCode::Char('q')],
        CodeIntent::Close,
        Some("Esc close"),
    ),
];

impl App {
    /// The request the selected action sent, once it is done (step 5's calls).
    pub fn sent_request(&self) -> Option<&SentRequest> {
        let ActionState::Done { output, .. } = self.state_of(self.selected_action().id) else {
            return None;
        };
        output.panels.iter().find_map(|panel| match panel {
            Panel::Request(request) => Some(request),
            _ => None,
        })
    }

    /// Keys while the overlay is open; it keeps them all.
    pub(super) fn on_code_key(&mut self, key: KeyEvent) -> Option<Command> {
        match keymap::lookup(CODE_BINDINGS, key.code)? {
            CodeIntent::NextLanguage => self.language = self.language.next(),
            CodeIntent::PrevLanguage => self.language = self.language.previous(),
            CodeIntent::Copy => return self.copy_request(),
            CodeIntent::Close => self.overlay = Overlay::None,
        }
        None
    }

    /// `c`: the selected request in the current language, token whole, for the terminal's
    /// clipboard (OSC 52, so it also works over SSH).
    pub(super) fn copy_request(&mut self) -> Option<Command> {
        let code = crate::snippets::render(self.language, &self.sent_request()?.snippet());
        self.notice = Some(format!(
            "copied as {} ({} lines, token whole) to the terminal's clipboard",
            self.language.label(),
            code.lines().count()
        ));
        Some(Command::Copy(Secret::new(code)))
    }
}
