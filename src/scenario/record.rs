//! `.authgate/scenario.toml`: the scenario in progress and how to undo each of its breaks
//! (previous values, ids and names; never a secret). One at a time; `reset` removes it.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const FILE: &str = "scenario.toml";

/// How to put one break back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "undo", rename_all = "snake_case", deny_unknown_fields)]
pub enum Undo {
    /// The function's variable back to `previous` (`None`: remove it).
    FunctionEnv {
        function: String,
        name: String,
        previous: Option<String>,
    },
    /// An authorizer field back to `previous`, then redeploy `stage`.
    Authorizer {
        api_id: String,
        authorizer_id: String,
        path: String,
        previous: String,
        stage: String,
    },
    /// A new deployment of the API to `stage`.
    Deploy {
        api_id: String,
        stage: String,
    },
    AttachRolePolicy {
        role: String,
        policy: String,
    },
    /// The Auth0 API's signing algorithm.
    SigningAlg {
        auth0_api_id: String,
        previous: String,
    },
    /// A client grant's permissions.
    GrantScopes {
        grant_id: String,
        scopes: Vec<String>,
    },
    /// The sandbox clock's skew.
    Clock {
        previous_secs: i64,
    },
    /// New execution environments for the function (a fresh JWKS cache).
    FreshEnvironments {
        function: String,
    },
    /// A gateway response's `Access-Control-Allow-Origin` back to `value` (a mapping value,
    /// quoted), then redeploy `stage`.
    GatewayCors {
        api_id: String,
        response_type: String,
        value: String,
        stage: String,
    },
}

/// The scenario in progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub name: String,
    /// How many times `hint` was asked (the fix comes after the first).
    #[serde(default)]
    pub hints: u32,
    /// In the order the breaks were made; `reset` undoes them last first.
    #[serde(default)]
    pub undo: Vec<Undo>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("cannot read {path}: {detail}")]
    Read { path: PathBuf, detail: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl authgate_core::hint::Hint for RecordError {
    fn fix(&self) -> String {
        match self {
            Self::Read { path, .. } => format!(
                "the scenario record is damaged: put things right by hand (authgate check says \
                 what), then delete {}",
                path.display()
            ),
            Self::Write { .. } => "check that the state directory is writable".to_owned(),
        }
    }
}

impl Record {
    pub fn path(state_dir: &Path) -> PathBuf {
        state_dir.join(FILE)
    }

    /// The scenario in progress, if any.
    pub fn load(state_dir: &Path) -> Result<Option<Self>, RecordError> {
        let path = Self::path(state_dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text)
                .map(Some)
                .map_err(|e| RecordError::Read {
                    path,
                    detail: e.to_string(),
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(RecordError::Read {
                path,
                detail: e.to_string(),
            }),
        }
    }

    /// Written atomically, mode 0600, like the state file.
    pub fn save(&self, state_dir: &Path) -> Result<(), RecordError> {
        let path = Self::path(state_dir);
        let wrap = |source| RecordError::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(state_dir).map_err(wrap)?;
        let text = toml::to_string_pretty(self).map_err(|e| wrap(std::io::Error::other(e)))?;
        let tmp = state_dir.join(format!(".{FILE}.{}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp).map_err(wrap)?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(wrap)?;
        std::fs::rename(&tmp, &path).map_err(wrap)
    }

    pub fn remove(state_dir: &Path) -> Result<(), RecordError> {
        let path = Self::path(state_dir);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(RecordError::Write { path, source: e })
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_and_goes_away() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Record::load(dir.path()).unwrap(), None);
        let record = Record {
            name: "issuer-without-slash".into(),
            hints: 1,
            undo: vec![
                Undo::FunctionEnv {
                    function: "f".into(),
                    name: "TOKEN_ISSUER".into(),
                    previous: Some("https://t/".into()),
                },
                Undo::Clock { previous_secs: 0 },
            ],
        };
        record.save(dir.path()).unwrap();
        assert_eq!(Record::load(dir.path()).unwrap(), Some(record));
        Record::remove(dir.path()).unwrap();
        assert_eq!(Record::load(dir.path()).unwrap(), None);
    }
}
