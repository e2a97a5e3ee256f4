//! Python: `module.function`, the module found by the function it defines.

use regex::Regex;

use super::super::tree::{FileEntry, Tree};
use super::super::{CustomAuthorizerError, DETECTED_PYTHON};
use super::{Detected, split_handler};

/// Python modules tried first, with the function AWS's blueprints and SAM name.
const PYTHON_CONVENTIONS: [(&str, &str); 3] = [
    ("lambda_function", "lambda_handler"),
    ("app", "handler"),
    ("app", "lambda_handler"),
];

pub(super) fn resolve(
    tree: &Tree,
    runtime: Option<String>,
    handler: Option<&str>,
) -> Result<Detected, CustomAuthorizerError> {
    let mut notes = Vec::new();
    let handler = if let Some(h) = handler {
        let (module, function) = split_handler(h)?;
        let file = format!("{}.py", module.replace('.', "/"));
        let source = tree
            .read_text(&file)
            .ok_or_else(|| CustomAuthorizerError::HandlerFile {
                handler: h.to_owned(),
                path: tree.root().to_owned(),
                looked_for: file.clone(),
            })?;
        if !defines_python(&source, function) {
            return Err(CustomAuthorizerError::NoHandler {
                path: tree.root().to_owned(),
                detail: format!("{file} defines no function `{function}`"),
            });
        }
        h.to_owned()
    } else {
        let found = python_handler(tree)?;
        notes.push(format!("handler {found}: the module that defines it"));
        found
    };
    let runtime = runtime.unwrap_or_else(|| {
        notes.push(format!("runtime {DETECTED_PYTHON}: the code is Python"));
        DETECTED_PYTHON.to_owned()
    });
    Ok(Detected {
        runtime,
        handler,
        notes,
    })
}

/// A `.py` file (Lambda's file names are case-sensitive: `.PY` is not a module).
pub(super) fn is_python(file: &FileEntry) -> bool {
    std::path::Path::new(&file.path)
        .extension()
        .is_some_and(|ext| ext == "py")
}

fn defines_python(source: &str, function: &str) -> bool {
    let pattern = format!(r"(?m)^(?:async\s+)?def\s+{}\s*\(", regex::escape(function));
    Regex::new(&pattern).is_ok_and(|re| re.is_match(source))
}

/// The conventional module/function pairs first, then any top-level module defining
/// `lambda_handler` or `handler`.
fn python_handler(tree: &Tree) -> Result<String, CustomAuthorizerError> {
    for (module, function) in PYTHON_CONVENTIONS {
        if tree
            .read_text(&format!("{module}.py"))
            .is_some_and(|s| defines_python(&s, function))
        {
            return Ok(format!("{module}.{function}"));
        }
    }
    for file in tree.top_level().filter(|f| is_python(f)) {
        let Some(source) = tree.read_text(&file.path) else {
            continue;
        };
        let module = file.path.trim_end_matches(".py");
        for function in ["lambda_handler", "handler"] {
            if defines_python(&source, function) {
                return Ok(format!("{module}.{function}"));
            }
        }
    }
    Err(CustomAuthorizerError::NoHandler {
        path: tree.root().to_owned(),
        detail: "no top-level module defines `lambda_handler` or `handler`".to_owned(),
    })
}
