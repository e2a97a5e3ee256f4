//! Node.js: `file.function`, the file from package.json's `main` or `index.*`; a handler
//! that takes a callback is kept off nodejs24.x.

use std::sync::LazyLock;

use regex::Regex;

use super::super::tree::Tree;
use super::super::{CALLBACKLESS_NODE, CustomAuthorizerError, DETECTED_NODE, handler_params};
use super::{Detected, split_handler};

pub(super) const EXTENSIONS: [&str; 3] = [".mjs", ".js", ".cjs"];

// A literal pattern (the tests run it): `Regex::new` cannot fail on it.
#[allow(clippy::expect_used)]
static MAIN_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\./)?(.+?)(?:\.mjs|\.cjs|\.js)?$").expect("a valid regex"));

pub(super) fn resolve(
    tree: &Tree,
    runtime: Option<String>,
    handler: Option<&str>,
) -> Result<Detected, CustomAuthorizerError> {
    let mut notes = Vec::new();
    let package: Option<serde_json::Value> = tree
        .read_text("package.json")
        .and_then(|text| serde_json::from_str(&text).ok());
    let (handler, file) = if let Some(h) = handler {
        let (module, _) = split_handler(h)?;
        let file = node_file(tree, module).ok_or_else(|| CustomAuthorizerError::HandlerFile {
            handler: h.to_owned(),
            path: tree.root().to_owned(),
            looked_for: EXTENSIONS.map(|ext| format!("{module}{ext}")).join(", "),
        })?;
        (h.to_owned(), file)
    } else {
        let (module, file, why) = node_module(tree, package.as_ref())?;
        notes.push(format!("handler {module}.handler: {why}"));
        (format!("{module}.handler"), file)
    };
    let (_, function) = split_handler(&handler)?;
    let params = tree
        .read_text(&file)
        .and_then(|source| handler_params(&source, function));
    let callback = params.is_some_and(|n| n >= 3);
    let runtime = match runtime {
        Some(r) if r == CALLBACKLESS_NODE && callback => {
            return Err(CustomAuthorizerError::CallbackOnNode24 {
                handler,
                params: params.unwrap_or(3),
            });
        }
        Some(r) => r,
        None => {
            notes.push(if callback {
                format!(
                    "runtime {DETECTED_NODE}: {handler} takes a callback (event, context, callback), \
                     and {CALLBACKLESS_NODE} refuses callback handlers at init \
                     (Runtime.CallbackHandlerDeprecated)"
                )
            } else {
                format!("runtime {DETECTED_NODE}: the code is Node.js (package.json, *.js or *.mjs)")
            });
            DETECTED_NODE.to_owned()
        }
    };
    if params.is_none() {
        notes.push(format!(
            "could not read how many parameters {handler} takes from {file}; if it takes a \
             callback, it needs {DETECTED_NODE} or older, not {CALLBACKLESS_NODE}"
        ));
    }
    Ok(Detected {
        runtime,
        handler,
        notes,
    })
}

/// `module` + `.mjs` / `.js` / `.cjs`, whichever exists.
fn node_file(tree: &Tree, module: &str) -> Option<String> {
    EXTENSIONS
        .iter()
        .map(|ext| format!("{module}{ext}"))
        .find(|f| tree.file(f).is_some())
}

/// The module holding `handler`: package.json's `main`, else `index.*`, else the only
/// top-level script.
fn node_module(
    tree: &Tree,
    package: Option<&serde_json::Value>,
) -> Result<(String, String, &'static str), CustomAuthorizerError> {
    if let Some(main) = package.and_then(|p| p["main"].as_str())
        && let Some(module) = MAIN_FIELD.captures(main).and_then(|c| c.get(1))
        && let Some(file) = node_file(tree, module.as_str())
    {
        return Ok((module.as_str().to_owned(), file, "package.json's main"));
    }
    if let Some(file) = node_file(tree, "index") {
        return Ok(("index".to_owned(), file, "the index file"));
    }
    let scripts: Vec<&str> = tree
        .top_level()
        .map(|f| f.path.as_str())
        .filter(|p| EXTENSIONS.iter().any(|ext| p.ends_with(ext)))
        .collect();
    if let [only] = scripts.as_slice() {
        let module = EXTENSIONS
            .iter()
            .find_map(|ext| only.strip_suffix(ext))
            .unwrap_or(only);
        return Ok((
            module.to_owned(),
            (*only).to_owned(),
            "the only script at the top",
        ));
    }
    Err(CustomAuthorizerError::NoHandler {
        path: tree.root().to_owned(),
        detail: if scripts.is_empty() {
            "no index.js, index.mjs or package.json main".to_owned()
        } else {
            format!(
                "no index file and several scripts ({}): which one?",
                scripts.join(", ")
            )
        },
    })
}

/// `dependencies` in package.json with no `node_modules` next to it.
pub fn missing_node_modules(tree: &Tree) -> bool {
    let has_dependencies = tree
        .read_text("package.json")
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|p| p["dependencies"].as_object().map(|d| !d.is_empty()))
        .unwrap_or(false);
    has_dependencies && !tree.has_dir("node_modules")
}
