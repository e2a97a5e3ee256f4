//! `.authgate/state.toml`: what authgate created or reused, the settings step 1 derived, and
//! which actions finished — so a rerun resumes and converges. Versioned, written atomically
//! with mode 0600. It has no field that could hold a secret: client secrets and tokens live
//! only in memory.

mod details;
mod inputs;
mod key;
mod migrate;
mod resources;
pub mod store;
mod target;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use details::{
    Auth0RoleDetails, AuthorizerDetails, ClientGrantDetails, CorsDetails, Details, FunctionDetails,
    LoginAppDetails, ResourceServerDetails, RestApiDetails, RoleDetails, SecuredMethodsDetails,
    SpaAppDetails, StageDetails, TestClientDetails,
};
pub use inputs::{DEFAULT_READ_PERMISSION, DEFAULT_WRITE_PERMISSION, Inputs};
pub use key::ResourceKey;
pub use resources::{Entry, Record, Resources};
pub use target::Target;

use authgate_core::hint::Hint;

/// Bump when the shape changes, and teach `migrate` the step from the previous version.
pub const STATE_VERSION: u32 = 4;
pub const STATE_FILE: &str = "state.toml";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub version: u32,
    /// Where the resources live, so a sandbox state is not used live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Issuer, audience and JWKS URI of the API (step 1), used as defaults by `verify`,
    /// `inspect` and `authorizer run`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verifier: Option<VerifierSettings>,
    /// Resources by kind, each under its `ResourceKey` (`auth0.resource_server`, …).
    #[serde(default, skip_serializing_if = "Resources::is_empty")]
    pub resources: Resources,
    /// The names and settings chosen for the steps (added in version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Inputs>,
    /// Finished actions by their `steps.toml` id, with a one-line summary.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actions: BTreeMap<String, ActionRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifierSettings {
    pub issuer: String,
    pub audience: String,
    pub jwks_uri: String,
    /// The `REQUIRED_PERMISSIONS` step 3 (or step 4) last set on the function, as JSON: what
    /// `verify`, `inspect` and the inspector check a methodArn's permission against. Absent
    /// until then, so files without it load as they are (not a version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_permissions: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionRecord {
    pub summary: String,
    /// RFC 3339 time it finished.
    pub at: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid state file: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error(
        "{path} was written by a newer authgate (state version {found}, this build knows {STATE_VERSION})"
    )]
    TooNew { path: PathBuf, found: u32 },
}

impl Hint for StateError {
    fn fix(&self) -> String {
        match self {
            Self::Read { .. } | Self::Write { .. } => {
                "check the permissions of the state directory (--state-dir, default .authgate)"
                    .into()
            }
            Self::Parse { path, .. } => format!(
                "the file was edited or damaged; fix it by hand, or move it away ({} keeps nothing secret) and rerun to rediscover what exists",
                path.display()
            ),
            Self::TooNew { .. } => {
                "upgrade authgate, or use --state-dir to start a separate state".into()
            }
        }
    }
}

impl State {
    pub fn path(state_dir: &Path) -> PathBuf {
        state_dir.join(STATE_FILE)
    }

    /// The saved state, or an empty one when there is none yet.
    pub fn load(state_dir: &Path) -> Result<Self, StateError> {
        let path = Self::path(state_dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::new()),
            Err(source) => return Err(StateError::Read { path, source }),
        };
        let value: toml::Table = toml::from_str(&text).map_err(|source| StateError::Parse {
            path: path.clone(),
            source,
        })?;
        let found = value
            .get("version")
            .and_then(toml::Value::as_integer)
            .unwrap_or(0);
        let found = u32::try_from(found).unwrap_or(u32::MAX);
        if found > STATE_VERSION {
            return Err(StateError::TooNew { path, found });
        }
        let migrated = migrate::migrate(value, found);
        migrated
            .try_into()
            .map_err(|source| StateError::Parse { path, source })
    }

    pub fn new() -> Self {
        Self {
            version: STATE_VERSION,
            ..Self::default()
        }
    }

    /// Write atomically, mode 0600 (`authgate_core::fs::write_atomically`).
    pub fn save(&self, state_dir: &Path) -> Result<(), StateError> {
        let path = Self::path(state_dir);
        let wrap = |source| StateError::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(state_dir).map_err(wrap)?;
        let text = toml::to_string_pretty(self).map_err(|e| wrap(std::io::Error::other(e)))?;
        authgate_core::fs::write_atomically(&path, text.as_bytes()).map_err(wrap)
    }
}

#[cfg(test)]
mod tests;
