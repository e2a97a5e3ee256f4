//! Opening the overlays that start with a command: the status view (its drift check) and
//! the token inspector (`i`, a paste, or `authgate inspect`), whose effects become commands.

use super::inspector::{self, InspectorEffect, InspectorModel};
use super::status_view::StatusView;
use super::{App, Command, Overlay};
use crate::state::VerifierSettings;

impl App {
    /// `s`: the status view, and its live drift check when anything is recorded.
    pub(super) fn open_status_view(&mut self) -> Option<Command> {
        let mut view = StatusView::default();
        let command = if self.saved.resources.is_empty() {
            None
        } else {
            Some(view.check(self.new_run()))
        };
        self.overlay = Overlay::Status(view);
        command
    }

    /// Opens the inspector with `token` and the remembered verifier settings, and asks for
    /// the first inspection.
    pub fn open_inspector(&mut self, token: &str, method_arn: Option<&str>) -> InspectorEffect {
        let defaults = self
            .verifier_defaults
            .clone()
            .or_else(|| self.saved.verifier.clone())
            .unwrap_or_else(|| VerifierSettings {
                issuer: String::new(),
                audience: String::new(),
                jwks_uri: String::new(),
                required_permissions: None,
            });
        let mut model = InspectorModel::new(
            token,
            &defaults.issuer,
            &defaults.audience,
            &defaults.jwks_uri,
        );
        if let Some(arn) = method_arn {
            model.set(inspector::Field::MethodArn, arn);
        }
        // The map the deployed function enforces, so a route's 403 shows here too.
        if let Some(map) = &defaults.required_permissions {
            model.set(inspector::Field::Permissions, map);
        }
        let request = model.request();
        self.overlay.open_inspector(model);
        InspectorEffect::Inspect(request)
    }

    /// The command for an inspector effect (the event loop uses it for the first inspection).
    pub fn apply_inspector_effect(&mut self, effect: InspectorEffect) -> Option<Command> {
        match effect {
            InspectorEffect::Inspect(request) => {
                let run = self.new_run();
                self.overlay.inspector_mut()?.pending = Some(run);
                Some(Command::Inspect { run, request })
            }
            InspectorEffect::ReadClipboard => Some(Command::ReadClipboard),
            InspectorEffect::Close if self.overlay.inspector()?.standalone => Some(Command::Quit),
            InspectorEffect::Close => {
                self.overlay.close_inspector();
                None
            }
        }
    }
}
