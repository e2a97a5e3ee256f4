//! Bring your own authorizer: a directory or a zip used instead of the bundled one, with its
//! runtime and handler (given, or detected from the files), zipped deterministically so its
//! `CodeSha256` is stable and drift detection works.
//!
//! [`prepare`] is the one entry point: it turns the remembered choice (or none: the bundled
//! authorizer) into the zip, runtime and handler that Deploy and Run locally use.

mod detect;
mod error;
mod node_params;
mod pack;
pub mod run_local;
mod tree;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use detect::Detected;
pub use error::CustomAuthorizerError;
pub use node_params::handler_params;
pub use pack::{EXCLUDED_HINT, Packed};

use authgate_core::bundle::{Bundle, LAMBDA_HANDLER, LAMBDA_RUNTIME};
use tree::Tree;

/// The runtimes a custom authorizer may name: the ones the sandbox runs (Lambda's Node.js,
/// Python and custom runtimes), and their families.
pub use authgate_sandbox::{Family, SUPPORTED as KNOWN_RUNTIMES};

/// What detection picks for each family.
pub const DETECTED_NODE: &str = "nodejs22.x";
pub const DETECTED_PYTHON: &str = "python3.13";
pub const DETECTED_PROVIDED: &str = "provided.al2023";

/// The one Node runtime that refuses callback handlers at init.
pub const CALLBACKLESS_NODE: &str = "nodejs24.x";

/// The user's choice, remembered in the state file's inputs (no secrets: a path and two
/// names). `None` handler or runtime: detected from the files each time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorizerSource {
    /// A directory (bundled like `npm run bundle`) or a `.zip` (used as is).
    pub path: PathBuf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
}

impl AuthorizerSource {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            handler: None,
            runtime: None,
        }
    }
}

/// The code to deploy or run: the zip, how Lambda starts it, and what was decided on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizerCode {
    pub zip: Vec<u8>,
    pub runtime: String,
    pub handler: String,
    /// `None` for the bundled authorizer.
    pub custom: Option<PathBuf>,
    /// Why this runtime and handler, what was left out of the zip: shown in the step output.
    pub notes: Vec<String>,
}

impl AuthorizerCode {
    /// Base64 of the zip's SHA-256, as Lambda reports `CodeSha256`.
    pub fn code_sha256(&self) -> String {
        Bundle {
            bytes: self.zip.clone(),
        }
        .code_sha256()
    }

    /// Lowercase hex of the zip's SHA-256 (a revision name safe in a path).
    pub fn sha256_hex(&self) -> String {
        Bundle {
            bytes: self.zip.clone(),
        }
        .sha256_hex()
    }

    /// `the bundled authorizer` or the path, for messages.
    pub fn origin(&self) -> String {
        self.custom.as_ref().map_or_else(
            || "the bundled authorizer".to_owned(),
            |p| p.display().to_string(),
        )
    }
}

/// The zip, runtime and handler for `source` (the bundled authorizer when `None`). Reads the
/// file system: call it from a task (or `spawn_blocking`), never from the UI's update.
pub fn prepare(source: Option<&AuthorizerSource>) -> Result<AuthorizerCode, CustomAuthorizerError> {
    let Some(source) = source else {
        let bundle = Bundle::build()?;
        return Ok(AuthorizerCode {
            zip: bundle.bytes,
            runtime: LAMBDA_RUNTIME.to_owned(),
            handler: LAMBDA_HANDLER.to_owned(),
            custom: None,
            notes: Vec::new(),
        });
    };
    let tree = Tree::open(&source.path)?;
    let detected = detect::resolve(&tree, source.runtime.as_deref(), source.handler.as_deref())?;
    let mut notes = detected.notes;
    let node = Family::of(&detected.runtime) == Some(Family::Node);
    let unresolved = node && detect::missing_node_modules(&tree);
    let zip = match &tree {
        Tree::Zip { bytes, .. } => {
            notes.push("the zip is deployed as it is".to_owned());
            if unresolved {
                notes.push(
                    "⚠ its package.json has dependencies but the zip has no node_modules: \
                     imports of them will fail at init"
                        .to_owned(),
                );
            }
            bytes.clone()
        }
        Tree::Dir { root, .. } if unresolved => {
            return Err(CustomAuthorizerError::MissingNodeModules { path: root.clone() });
        }
        Tree::Dir { .. } => {
            // `package/` is pip's target in AWS's Python guide, unless it is the code's own
            // Python package (it has an `__init__.py`).
            let python = Family::of(&detected.runtime) == Some(Family::Python);
            let own_package = tree.file(&format!("{}/__init__.py", pack::PIP_TARGET));
            let lift = (python && own_package.is_none()).then_some(pack::PIP_TARGET);
            let packed = pack::pack(&tree, lift)?;
            notes.push(packed.summary());
            packed.bytes
        }
    };
    Ok(AuthorizerCode {
        zip,
        runtime: detected.runtime,
        handler: detected.handler,
        custom: Some(source.path.clone()),
        notes,
    })
}

#[cfg(test)]
mod tests;
