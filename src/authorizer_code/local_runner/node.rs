//! Finding a Node.js ≥ 20 to run the bundled authorizer with (the same major versions as
//! the Lambda runtimes it targets).

use std::path::PathBuf;
use std::process::Command;

use authgate_core::hint::Hint;

/// The oldest major version the handler is written for (global fetch, `AbortSignal.timeout`).
pub const MIN_NODE_MAJOR: u32 = 20;

#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    #[error("`{program}` could not be started: {source}")]
    Missing {
        program: String,
        source: std::io::Error,
    },
    #[error("`{program} --version` answered {answer:?}, which is not a version")]
    Unreadable { program: String, answer: String },
    #[error(
        "{program} is Node.js {version}; the authorizer needs Node.js {MIN_NODE_MAJOR} or newer"
    )]
    TooOld { program: String, version: String },
}

impl Hint for NodeError {
    fn fix(&self) -> String {
        match self {
            Self::Missing { .. } | Self::Unreadable { .. } => {
                "install Node.js 20 or newer (https://nodejs.org, or your package manager) and \
                 make sure `node` is on PATH, or point AUTHGATE_NODE at the binary"
            }
            Self::TooOld { .. } => {
                "install Node.js 20 or newer (Lambda runs it on nodejs24.x); nvm users: \
                 `nvm install 24`"
            }
        }
        .to_owned()
    }
}

/// A checked node binary.
#[derive(Debug, Clone)]
pub struct Node {
    pub program: PathBuf,
    pub version: String,
}

/// `AUTHGATE_NODE`, else `node` from PATH; fails unless it reports v20 or newer.
pub fn find() -> Result<Node, NodeError> {
    let program =
        std::env::var_os("AUTHGATE_NODE").map_or_else(|| PathBuf::from("node"), PathBuf::from);
    let shown = program.display().to_string();
    let output = Command::new(&program)
        .arg("--version")
        .output()
        .map_err(|source| NodeError::Missing {
            program: shown.clone(),
            source,
        })?;
    let answer = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let Some(major) = major_version(&answer) else {
        return Err(NodeError::Unreadable {
            program: shown,
            answer,
        });
    };
    if major < MIN_NODE_MAJOR {
        return Err(NodeError::TooOld {
            program: shown,
            version: answer,
        });
    }
    Ok(Node {
        program,
        version: answer,
    })
}

/// The major version of `node --version` output (`v20.11.1` → 20).
pub fn major_version(answer: &str) -> Option<u32> {
    let rest = answer.trim().strip_prefix('v')?;
    let major = rest.split('.').next()?;
    major.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_versions_are_read_from_node_version_output() {
        assert_eq!(major_version("v20.11.1\n"), Some(20));
        assert_eq!(major_version("v24.0.0"), Some(24));
        assert_eq!(major_version("v8.10.0"), Some(8));
        assert_eq!(major_version("20.1.0"), None);
        assert_eq!(major_version("vx"), None);
    }

    #[test]
    fn every_error_says_how_to_fix_it() {
        let too_old = NodeError::TooOld {
            program: "node".into(),
            version: "v18.0.0".into(),
        };
        assert!(too_old.to_string().contains("v18.0.0"));
        assert!(too_old.fix().contains("Node.js 20"));
    }
}
