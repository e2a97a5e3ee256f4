//! The step's settings as a small form: ↑↓ picks a field, Enter edits it (or cycles a
//! choice), Enter again saves after inline validation, Esc drops the edit or closes.

use crossterm::event::{KeyCode, KeyEvent};

use super::keymap::{self, Binding};
use crate::flow::inputs::Field;
use crate::state::Inputs;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormIntent {
    NextField,
    PrevField,
    /// Edit the field, or cycle a choice.
    Edit,
    Close,
}

/// The form's keys while no field is edited; its hint line is made from them.
pub const FORM_BINDINGS: &[Binding<FormIntent>] = &[
    Binding::new(
        &[KeyCode::Down, KeyCode::Char('j')],
        FormIntent::NextField,
        Some("↑↓ field"),
    ),
    Binding::new(
        &[KeyCode::Up, KeyCode::Char('k')],
        FormIntent::PrevField,
        None,
    ),
    Binding::new(
        &[KeyCode::Enter, KeyCode::Char(' ')],
        FormIntent::Edit,
        Some("Enter edit"),
    ),
    Binding::new(
        &[KeyCode::Esc, KeyCode::Char('f'), KeyCode::Char('q')],
        FormIntent::Close,
        Some("Esc close"),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditIntent {
    Save,
    Drop,
    Erase,
}

/// The keys while a field is edited; any other character is typed.
pub const EDIT_BINDINGS: &[Binding<EditIntent>] = &[
    Binding::new(&[KeyCode::Enter], EditIntent::Save, Some("Enter saves")),
    Binding::new(
        &[KeyCode::Esc],
        EditIntent::Drop,
        Some("Esc drops the edit"),
    ),
    Binding::new(&[KeyCode::Backspace], EditIntent::Erase, None),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub fields: &'static [Field],
    pub selected: usize,
    /// The text being typed into the selected field.
    pub editing: Option<String>,
    /// Why the last value was refused.
    pub error: Option<String>,
}

/// What a key did to the form.
#[derive(Debug, PartialEq, Eq)]
pub enum FormEffect {
    Nothing,
    Close,
    /// A field changed: save the inputs.
    Changed,
}

impl Form {
    /// The form for a step, or `None` when the step has no settings.
    pub fn for_step(step: usize) -> Option<Self> {
        let fields = Inputs::fields_of_step(step);
        (!fields.is_empty()).then_some(Self {
            fields,
            selected: 0,
            editing: None,
            error: None,
        })
    }

    pub fn field(&self) -> Field {
        self.fields[self.selected]
    }

    pub fn on_key(&mut self, key: KeyEvent, inputs: &mut Inputs) -> FormEffect {
        if let Some(buffer) = &mut self.editing {
            match (keymap::lookup(EDIT_BINDINGS, key.code), key.code) {
                (None, KeyCode::Char(c)) => buffer.push(c),
                (Some(EditIntent::Erase), _) => {
                    buffer.pop();
                }
                (Some(EditIntent::Drop), _) => {
                    self.editing = None;
                    self.error = None;
                }
                (Some(EditIntent::Save), _) => {
                    let value = buffer.clone();
                    return match inputs.set(self.field(), &value) {
                        Ok(()) => {
                            self.editing = None;
                            self.error = None;
                            FormEffect::Changed
                        }
                        Err(why) => {
                            self.error = Some(why.to_string());
                            FormEffect::Nothing
                        }
                    };
                }
                _ => {}
            }
            return FormEffect::Nothing;
        }
        match keymap::lookup(FORM_BINDINGS, key.code) {
            Some(FormIntent::NextField) => {
                self.selected = (self.selected + 1).min(self.fields.len() - 1);
            }
            Some(FormIntent::PrevField) => self.selected = self.selected.saturating_sub(1),
            Some(FormIntent::Edit) => {
                let field = self.field();
                let choices = field.choices();
                if choices.is_empty() {
                    self.editing = Some(inputs.get(field));
                } else {
                    let now = inputs.get(field);
                    let at = choices.iter().position(|c| *c == now).unwrap_or(0);
                    // The next choice the other settings allow (RBAC off: no `_authz`).
                    for step in 1..choices.len() {
                        let next = choices[(at + step) % choices.len()];
                        match inputs.set(field, next) {
                            Ok(()) => {
                                self.error = None;
                                return FormEffect::Changed;
                            }
                            Err(why) => self.error = Some(why.to_string()),
                        }
                    }
                }
            }
            Some(FormIntent::Close) => return FormEffect::Close,
            None => {}
        }
        FormEffect::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(form: &mut Form, inputs: &mut Inputs, codes: &[KeyCode]) -> Vec<FormEffect> {
        codes
            .iter()
            .map(|c| form.on_key(KeyEvent::from(*c), inputs))
            .collect()
    }

    #[test]
    fn typing_an_invalid_value_shows_why_and_keeps_the_old_one() {
        let mut inputs = Inputs::default();
        let mut form = Form::for_step(2).unwrap();
        let mut keys = vec![KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter];
        keys.extend([KeyCode::Backspace; 3]);
        keys.extend("99999".chars().map(KeyCode::Char));
        keys.push(KeyCode::Enter);
        let effects = press(&mut form, &mut inputs, &keys);
        assert!(!effects.contains(&FormEffect::Changed));
        assert!(form.error.as_deref().unwrap().contains("3600"));
        assert_eq!(inputs.ttl_secs, 300);
        let mut fix = vec![KeyCode::Backspace; 5];
        fix.push(KeyCode::Char('0'));
        fix.push(KeyCode::Enter);
        let effects = press(&mut form, &mut inputs, &fix);
        assert_eq!(effects.last(), Some(&FormEffect::Changed));
        assert_eq!((inputs.ttl_secs, form.error.as_ref()), (0, None));
    }

    #[test]
    fn enter_cycles_a_choice_and_esc_closes() {
        let mut inputs = Inputs::default();
        let mut form = Form::for_step(0).unwrap();
        let effects = press(
            &mut form,
            &mut inputs,
            &[KeyCode::Down, KeyCode::Down, KeyCode::Enter],
        );
        assert_eq!(effects[2], FormEffect::Changed);
        assert_eq!(inputs.get(Field::TokenDialect), "access_token");
        assert_eq!(
            press(&mut form, &mut inputs, &[KeyCode::Esc]),
            [FormEffect::Close]
        );
        assert!(Form::for_step(4).is_none());
    }

    #[test]
    fn with_rbac_off_the_dialect_skips_the_authz_choices() {
        let mut inputs = Inputs::default();
        let mut form = Form::for_step(0).unwrap();
        // access_token_authz → access_token, then RBAC off.
        press(
            &mut form,
            &mut inputs,
            &[KeyCode::Down, KeyCode::Down, KeyCode::Enter, KeyCode::Down],
        );
        assert_eq!(
            press(&mut form, &mut inputs, &[KeyCode::Enter]),
            [FormEffect::Changed]
        );
        assert!(!inputs.rbac);
        press(&mut form, &mut inputs, &[KeyCode::Up, KeyCode::Enter]);
        assert_eq!(inputs.get(Field::TokenDialect), "rfc9068_profile");
        assert!(form.error.is_none());
    }

    #[test]
    fn granting_a_permission_the_api_lacks_says_which_it_defines() {
        let mut inputs = Inputs::default();
        let mut form = Form::for_step(0).unwrap();
        let mut keys = vec![KeyCode::Down; 5];
        keys.push(KeyCode::Enter);
        keys.extend(" delete:pets".chars().map(KeyCode::Char));
        keys.push(KeyCode::Enter);
        let effects = press(&mut form, &mut inputs, &keys);
        assert!(!effects.contains(&FormEffect::Changed));
        let error = form.error.clone().unwrap();
        assert!(
            error.contains("delete:pets") && error.contains("read:pets write:pets"),
            "{error}"
        );
        assert_eq!(inputs.test_client_permissions, ["read:pets"]);
    }
}
