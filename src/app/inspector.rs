//! The interactive token inspector's model: a form (token, issuer, audience, JWKS URI,
//! methodArn, required permissions, policy scope) and the latest [`Inspection`]. Editing a field and pressing
//! Enter (or pasting a token) asks the runner for a fresh inspection; stale ones are dropped.

pub mod keys;

use std::fmt;

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use authgate_core::jwt::inspect::Inspection;
use authgate_core::policy::PolicyScope;
use keys::InspectorIntent;

use super::ClipboardError;
use super::RunId;
use authgate_core::hint::Hint;

/// The form's fields, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Token,
    Issuer,
    Audience,
    JwksUri,
    MethodArn,
    /// `REQUIRED_PERMISSIONS` (JSON), to see the methodArn's required permission.
    Permissions,
}

impl Field {
    pub const ALL: [Self; 6] = [
        Self::Token,
        Self::Issuer,
        Self::Audience,
        Self::JwksUri,
        Self::MethodArn,
        Self::Permissions,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Token => "token",
            Self::Issuer => "issuer",
            Self::Audience => "audience",
            Self::JwksUri => "JWKS URI",
            Self::MethodArn => "methodArn",
            Self::Permissions => "required",
        }
    }
}

/// What the runner needs to inspect: the form's committed values.
#[derive(Clone, PartialEq, Eq)]
pub struct InspectRequest {
    /// A bare token or a `Bearer …` header value. Never logged (see `Debug`).
    pub input: String,
    pub issuer: String,
    pub audience: String,
    /// Empty: derived from the issuer (`{issuer}.well-known/jwks.json`, as Auth0 serves it).
    pub jwks_uri: String,
    /// Empty: a placeholder ARN.
    pub method_arn: String,
    /// `REQUIRED_PERMISSIONS` JSON; empty: none.
    pub required_permissions: String,
    pub scope: PolicyScope,
}

impl fmt::Debug for InspectRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InspectRequest")
            .field("input", &format_args!("<{} bytes>", self.input.len()))
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("jwks_uri", &self.jwks_uri)
            .field("method_arn", &self.method_arn)
            .field("required_permissions", &self.required_permissions)
            .field("scope", &self.scope)
            .finish()
    }
}

/// What the inspector asks of the event loop after a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InspectorEffect {
    Inspect(InspectRequest),
    ReadClipboard,
    Close,
}

pub struct InspectorModel {
    pub inputs: [Input; 6],
    pub focus: Field,
    pub scope: PolicyScope,
    /// Show the token in full; off by default so a screen share shows only its shape.
    pub reveal: bool,
    pub scroll: u16,
    pub inspection: Option<Inspection>,
    /// The run whose result is awaited; older results are dropped.
    pub pending: Option<RunId>,
    /// A one-line note for the form (a clipboard failure, what Enter did).
    pub note: Option<String>,
    /// Opened by `authgate inspect`: closing it quits.
    pub standalone: bool,
}

impl InspectorModel {
    /// A form filled from what is known (the state's verifier settings, a token if any).
    pub fn new(token: &str, issuer: &str, audience: &str, jwks_uri: &str) -> Self {
        let input = |v: &str| Input::new(v.to_owned());
        Self {
            inputs: [
                input(token),
                input(issuer),
                input(audience),
                input(jwks_uri),
                input(""),
                input(""),
            ],
            focus: Field::Token,
            scope: PolicyScope::default(),
            reveal: false,
            scroll: 0,
            inspection: None,
            pending: None,
            note: None,
            standalone: false,
        }
    }

    pub fn set(&mut self, field: Field, value: &str) {
        self.inputs[field as usize] = Input::new(value.to_owned());
    }

    pub fn value(&self, field: Field) -> &str {
        self.inputs[field as usize].value()
    }

    pub fn request(&self) -> InspectRequest {
        InspectRequest {
            input: self.value(Field::Token).trim().to_owned(),
            issuer: self.value(Field::Issuer).trim().to_owned(),
            audience: self.value(Field::Audience).trim().to_owned(),
            jwks_uri: self.value(Field::JwksUri).trim().to_owned(),
            method_arn: self.value(Field::MethodArn).trim().to_owned(),
            required_permissions: self.value(Field::Permissions).trim().to_owned(),
            scope: self.scope,
        }
    }

    /// A key press: an inspector intent, else an edit of the focused field.
    pub fn on_key(&mut self, key: KeyEvent) -> Option<InspectorEffect> {
        if let Some(intent) = keys::intent_for(key) {
            return self.on_intent(intent);
        }
        let request = to_input_request(&Event::Key(key))?;
        self.inputs[self.focus as usize].handle(request);
        self.note = Some("Enter applies the change".into());
        None
    }

    /// Text pasted (bracketed paste or the clipboard): replaces the token, or is inserted
    /// into another focused field; a pasted token is inspected at once.
    pub fn on_paste(&mut self, text: &str) -> Option<InspectorEffect> {
        let text = text.trim();
        if self.focus == Field::Token {
            self.inputs[Field::Token as usize] = Input::new(text.to_owned());
            self.note = Some(format!("pasted {} characters", text.chars().count()));
            return Some(InspectorEffect::Inspect(self.request()));
        }
        let field = &mut self.inputs[self.focus as usize];
        let mut value = field.value().to_owned();
        let at = value
            .char_indices()
            .nth(field.cursor())
            .map_or(value.len(), |(i, _)| i);
        value.insert_str(at, text);
        let cursor = field.cursor() + text.chars().count();
        *field = Input::new(value).with_cursor(cursor);
        self.note = Some("Enter applies the change".into());
        None
    }

    pub fn on_clipboard_failed(&mut self, error: &ClipboardError) {
        self.note = Some(format!("clipboard unreadable ({error}); {}", error.fix()));
    }

    /// Accepts an inspection only from the awaited run.
    pub fn on_inspected(&mut self, run: RunId, inspection: Inspection) {
        if self.pending == Some(run) {
            self.pending = None;
            self.inspection = Some(inspection);
        }
    }

    fn on_intent(&mut self, intent: InspectorIntent) -> Option<InspectorEffect> {
        match intent {
            InspectorIntent::NextField => self.focus = cycle(self.focus, 1),
            InspectorIntent::PrevField => self.focus = cycle(self.focus, Field::ALL.len() - 1),
            InspectorIntent::Apply => {
                self.note = None;
                return Some(InspectorEffect::Inspect(self.request()));
            }
            InspectorIntent::Scope => {
                self.scope = match self.scope {
                    PolicyScope::Method => PolicyScope::Stage,
                    PolicyScope::Stage => PolicyScope::Api,
                    PolicyScope::Api => PolicyScope::Method,
                };
                return Some(InspectorEffect::Inspect(self.request()));
            }
            InspectorIntent::Reveal => self.reveal = !self.reveal,
            InspectorIntent::Paste => return Some(InspectorEffect::ReadClipboard),
            InspectorIntent::ScrollDown => self.scroll = self.scroll.saturating_add(5),
            InspectorIntent::ScrollUp => self.scroll = self.scroll.saturating_sub(5),
            InspectorIntent::Close => return Some(InspectorEffect::Close),
        }
        None
    }
}

fn cycle(field: Field, by: usize) -> Field {
    let at = Field::ALL.iter().position(|f| *f == field).unwrap_or(0);
    Field::ALL[(at + by) % Field::ALL.len()]
}

#[cfg(test)]
mod tests;
