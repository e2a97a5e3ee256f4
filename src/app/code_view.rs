//! Step 5's request as code: `g` opens the overlay on the selected call, ←→ picks the
//! language, `c` copies it (here or from the result pane) with the token whole.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{ActionState, App, Command};
use crate::domain::auth0::Secret;
use crate::flow::outcome::{Panel, SentRequest};

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

    /// Keys while the overlay is open; it keeps them all but Ctrl-C's quit.
    pub(super) fn on_code_key(&mut self, key: KeyEvent) -> Option<Command> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Some(Command::Quit);
        }
        match key.code {
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Tab => {
                self.language = self.language.next();
            }
            KeyCode::Left | KeyCode::Char('h') | KeyCode::BackTab => {
                self.language = self.language.previous();
            }
            KeyCode::Char('c') => return self.copy_request(),
            KeyCode::Esc | KeyCode::Char('g' | 'q') => self.show_code = false,
            _ => {}
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
