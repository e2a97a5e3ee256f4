//! What covers the step screen: at most one overlay, and it takes the keys. The token
//! inspector is the exception that proves the rule: a paste opens it from anywhere, so it
//! keeps what it covered and Esc returns there.

use super::form::Form;
use super::inspector::InspectorModel;
use super::sandbox_tools::SandboxTools;
use super::status_view::StatusView;

#[derive(Default)]
pub enum Overlay {
    #[default]
    None,
    /// `?`: every key binding.
    Help,
    /// `f`: the step's settings.
    Form(Form),
    /// `s`: what exists, the drift check, teardown.
    Status(StatusView),
    /// `g`: the selected request as code (step 5).
    Code,
    /// `x`: the sandbox's teaching hooks.
    SandboxTools(SandboxTools),
    /// `i`, a paste, or `authgate inspect`: full screen, over `beneath`.
    Inspector {
        model: Box<InspectorModel>,
        beneath: Box<Overlay>,
    },
}

impl Overlay {
    pub fn is_none(&self) -> bool {
        matches!(self, Self::None)
    }

    pub fn inspector(&self) -> Option<&InspectorModel> {
        match self {
            Self::Inspector { model, .. } => Some(model),
            _ => None,
        }
    }

    pub fn inspector_mut(&mut self) -> Option<&mut InspectorModel> {
        match self {
            Self::Inspector { model, .. } => Some(model),
            _ => None,
        }
    }

    /// The status view, open or under the inspector (its teardown still reports).
    pub fn status_view(&self) -> Option<&StatusView> {
        match self {
            Self::Status(view) => Some(view),
            Self::Inspector { beneath, .. } => beneath.status_view(),
            _ => None,
        }
    }

    pub fn status_view_mut(&mut self) -> Option<&mut StatusView> {
        match self {
            Self::Status(view) => Some(view),
            Self::Inspector { beneath, .. } => beneath.status_view_mut(),
            _ => None,
        }
    }

    /// The sandbox tools, open or under the inspector (their hooks still answer).
    pub fn sandbox_tools(&self) -> Option<&SandboxTools> {
        match self {
            Self::SandboxTools(tools) => Some(tools),
            Self::Inspector { beneath, .. } => beneath.sandbox_tools(),
            _ => None,
        }
    }

    pub fn sandbox_tools_mut(&mut self) -> Option<&mut SandboxTools> {
        match self {
            Self::SandboxTools(tools) => Some(tools),
            Self::Inspector { beneath, .. } => beneath.sandbox_tools_mut(),
            _ => None,
        }
    }

    /// Opens the inspector over whatever is open now.
    pub fn open_inspector(&mut self, model: InspectorModel) {
        if let Self::Inspector { model: open, .. } = self {
            **open = model;
            return;
        }
        let beneath = Box::new(std::mem::take(self));
        *self = Self::Inspector {
            model: Box::new(model),
            beneath,
        };
    }

    /// Closes the inspector: what it covered shows again.
    pub fn close_inspector(&mut self) {
        if let Self::Inspector { beneath, .. } = std::mem::take(self) {
            *self = *beneath;
        }
    }
}

#[cfg(test)]
mod tests;
