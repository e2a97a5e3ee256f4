//! Where the resources live: the sandbox or a real Auth0 tenant and AWS account. One type for
//! the state file, the wizard's mode and the session's settings.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// The local sandbox stands in for Auth0 and AWS.
    Sandbox,
    /// A real Auth0 tenant and AWS account.
    Live,
}

impl Target {
    /// The target the global `--sandbox` flag selects.
    pub fn from_sandbox_flag(sandbox: bool) -> Self {
        if sandbox { Self::Sandbox } else { Self::Live }
    }

    pub fn is_sandbox(self) -> bool {
        self == Self::Sandbox
    }

    /// As the state file spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Live => "live",
        }
    }

    /// For messages: what the resources of this target are.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Sandbox => "the sandbox",
            Self::Live => "your Auth0 tenant and AWS account",
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
