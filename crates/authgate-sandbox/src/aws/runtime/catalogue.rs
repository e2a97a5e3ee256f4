//! The runtimes the sandbox runs, and how each one's execution environment is started:
//! Node.js and Python through our own bootstraps on the machine's `node` and `python3`,
//! custom runtimes (`provided.*`) through the zip's own executable `bootstrap`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Overrides the `node` found on `PATH`.
pub const NODE_ENV: &str = "AUTHGATE_NODE";
/// Overrides the `python3` found on `PATH`.
pub const PYTHON_ENV: &str = "AUTHGATE_PYTHON";

/// Every runtime the sandbox accepts, as Lambda names them.
pub const SUPPORTED: &[&str] = &[
    "nodejs18.x",
    "nodejs20.x",
    "nodejs22.x",
    "nodejs24.x",
    "python3.10",
    "python3.11",
    "python3.12",
    "python3.13",
    "provided.al2023",
    "provided.al2",
];

const NODE_BOOTSTRAP: &str = include_str!("../../../../../assets/lambda/node/bootstrap.mjs");
const PYTHON_BOOTSTRAP: &str = include_str!("../../../../../assets/lambda/python/bootstrap.py");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Node,
    Python,
    Provided,
}

impl Family {
    /// The family of a supported runtime name.
    pub fn of(runtime: &str) -> Option<Self> {
        if !SUPPORTED.contains(&runtime) {
            return None;
        }
        Some(if runtime.starts_with("nodejs") {
            Self::Node
        } else if runtime.starts_with("python") {
            Self::Python
        } else {
            Self::Provided
        })
    }
}

/// The programs that run the managed runtimes, and, for tests, a replacement for the
/// bootstrap (AWS's own runtime interface clients as oracles).
#[derive(Debug, Clone)]
pub struct Interpreters {
    pub node: PathBuf,
    pub python: PathBuf,
    /// When set, every environment starts with this argv instead of our bootstrap.
    pub entry_override: Option<Vec<OsString>>,
}

impl Interpreters {
    /// `node` and `python3` from `PATH`, unless [`NODE_ENV`] / [`PYTHON_ENV`] say otherwise.
    pub fn from_env() -> Self {
        let pick = |var: &str, default: &str| {
            std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from)
        };
        Self {
            node: pick(NODE_ENV, "node"),
            python: pick(PYTHON_ENV, "python3"),
            entry_override: None,
        }
    }
}

/// Writes our bootstraps into `runtime_dir` (`LAMBDA_RUNTIME_DIR`), once per sandbox.
pub fn install_bootstraps(runtime_dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(runtime_dir)?;
    for (file, source) in [
        ("bootstrap.mjs", NODE_BOOTSTRAP),
        ("bootstrap.py", PYTHON_BOOTSTRAP),
    ] {
        let path = runtime_dir.join(file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(source) {
            std::fs::write(path, source)?;
        }
    }
    Ok(())
}

/// The argv that starts one execution environment of `family`.
pub fn entry(
    family: Family,
    interpreters: &Interpreters,
    runtime_dir: &Path,
    task_root: &Path,
) -> Vec<OsString> {
    if let Some(argv) = &interpreters.entry_override {
        return argv.clone();
    }
    match family {
        Family::Node => vec![
            interpreters.node.clone().into(),
            runtime_dir.join("bootstrap.mjs").into(),
        ],
        Family::Python => vec![
            interpreters.python.clone().into(),
            runtime_dir.join("bootstrap.py").into(),
        ],
        Family::Provided => vec![task_root.join("bootstrap").into()],
    }
}

/// Why an environment's program could not be started, and what to install.
pub fn cannot_start(family: Family, program: &Path, err: &std::io::Error) -> String {
    let program = program.display();
    match family {
        Family::Node => format!(
            "cannot start `{program}` ({err}): the sandbox runs Node.js functions with the \
             machine's Node.js. Install Node.js >= 20 (https://nodejs.org) so `node` is on \
             PATH, or set {NODE_ENV} to its path"
        ),
        Family::Python => format!(
            "cannot start `{program}` ({err}): the sandbox runs Python functions with the \
             machine's Python. Install Python >= 3.10 (https://www.python.org) so `python3` \
             is on PATH, or set {PYTHON_ENV} to its path"
        ),
        Family::Provided => format!(
            "cannot start `{program}` ({err}): a custom runtime needs an executable file \
             named `bootstrap` at the root of the zip"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_follow_lambdas_names() {
        assert_eq!(Family::of("nodejs24.x"), Some(Family::Node));
        assert_eq!(Family::of("python3.13"), Some(Family::Python));
        assert_eq!(Family::of("provided.al2023"), Some(Family::Provided));
        assert_eq!(Family::of("nodejs16.x"), None);
        assert_eq!(Family::of("java21"), None);
    }
}
