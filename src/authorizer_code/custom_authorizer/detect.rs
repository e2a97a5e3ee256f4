//! Which runtime and handler: given ones are checked against the files, missing ones are
//! detected. An executable `bootstrap` means a custom runtime (provided.al2023);
//! `package.json`, `index.js` or a `*.mjs` means Node (nodejs22.x); a `*.py` means Python
//! (python3.13). A Node handler that takes a callback is kept off nodejs24.x.

mod node;
mod python;

pub use node::missing_node_modules;

use super::tree::{FileEntry, Tree};
use super::{CustomAuthorizerError, DETECTED_PROVIDED, Family};

/// The runtime and handler to use, and why (lines for the step output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub runtime: String,
    pub handler: String,
    pub notes: Vec<String>,
}

pub fn resolve(
    tree: &Tree,
    runtime: Option<&str>,
    handler: Option<&str>,
) -> Result<Detected, CustomAuthorizerError> {
    let (family, runtime) = match runtime {
        Some(r) => (
            Family::of(r).ok_or_else(|| CustomAuthorizerError::UnknownRuntime {
                runtime: r.to_owned(),
            })?,
            Some(r.to_owned()),
        ),
        None => (detect_family(tree)?, None),
    };
    match family {
        Family::Provided => provided(tree, runtime, handler),
        Family::Python => python::resolve(tree, runtime, handler),
        Family::Node => node::resolve(tree, runtime, handler),
    }
}

fn detect_family(tree: &Tree) -> Result<Family, CustomAuthorizerError> {
    if tree.file("bootstrap").is_some_and(FileEntry::executable) {
        return Ok(Family::Provided);
    }
    let node = tree.top_level().any(|f| {
        f.path == "package.json" || node::EXTENSIONS.iter().any(|ext| f.path.ends_with(ext))
    });
    if node {
        return Ok(Family::Node);
    }
    if tree.top_level().any(python::is_python) {
        return Ok(Family::Python);
    }
    if tree.file("bootstrap").is_some() {
        return Err(CustomAuthorizerError::BootstrapNotExecutable {
            path: tree.root().to_owned(),
        });
    }
    Err(CustomAuthorizerError::Undetectable {
        path: tree.root().to_owned(),
    })
}

fn provided(
    tree: &Tree,
    runtime: Option<String>,
    handler: Option<&str>,
) -> Result<Detected, CustomAuthorizerError> {
    match tree.file("bootstrap") {
        Some(f) if f.executable() => {}
        Some(_) => {
            return Err(CustomAuthorizerError::BootstrapNotExecutable {
                path: tree.root().to_owned(),
            });
        }
        None => {
            return Err(CustomAuthorizerError::HandlerFile {
                handler: handler.unwrap_or("bootstrap").to_owned(),
                path: tree.root().to_owned(),
                looked_for: "bootstrap (a custom runtime starts the zip's executable bootstrap)"
                    .to_owned(),
            });
        }
    }
    let mut notes = Vec::new();
    let runtime = runtime.unwrap_or_else(|| {
        notes.push(format!(
            "runtime {DETECTED_PROVIDED}: the code has an executable bootstrap (a custom runtime)"
        ));
        DETECTED_PROVIDED.to_owned()
    });
    Ok(Detected {
        runtime,
        handler: handler.unwrap_or("bootstrap").to_owned(),
        notes,
    })
}

/// `a/b.fn` → (`a/b`, `fn`).
pub(super) fn split_handler(handler: &str) -> Result<(&str, &str), CustomAuthorizerError> {
    handler
        .rsplit_once('.')
        .filter(|(module, function)| !module.is_empty() && !function.is_empty())
        .ok_or_else(|| CustomAuthorizerError::HandlerSyntax {
            handler: handler.to_owned(),
        })
}
