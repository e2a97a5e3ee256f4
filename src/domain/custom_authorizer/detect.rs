//! Which runtime and handler: given ones are checked against the files, missing ones are
//! detected. An executable `bootstrap` means a custom runtime (provided.al2023);
//! `package.json`, `index.js` or a `*.mjs` means Node (nodejs22.x); a `*.py` means Python
//! (python3.13). A Node handler that takes a callback is kept off nodejs24.x.

use std::sync::LazyLock;

use regex::Regex;

use super::tree::{FileEntry, Tree};
use super::{
    CALLBACKLESS_NODE, CustomAuthorizerError, DETECTED_NODE, DETECTED_PROVIDED, DETECTED_PYTHON,
    Family, handler_params,
};

/// The runtime and handler to use, and why (lines for the step output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub runtime: String,
    pub handler: String,
    pub notes: Vec<String>,
}

const NODE_EXTENSIONS: [&str; 3] = [".mjs", ".js", ".cjs"];
/// Python modules tried first, with the function AWS's blueprints and SAM name.
const PYTHON_CONVENTIONS: [(&str, &str); 3] = [
    ("lambda_function", "lambda_handler"),
    ("app", "handler"),
    ("app", "lambda_handler"),
];

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
        Family::Python => python(tree, runtime, handler),
        Family::Node => node(tree, runtime, handler),
    }
}

fn detect_family(tree: &Tree) -> Result<Family, CustomAuthorizerError> {
    if tree.file("bootstrap").is_some_and(FileEntry::executable) {
        return Ok(Family::Provided);
    }
    let node = tree.top_level().any(|f| {
        f.path == "package.json" || NODE_EXTENSIONS.iter().any(|ext| f.path.ends_with(ext))
    });
    if node {
        return Ok(Family::Node);
    }
    if tree.top_level().any(is_python) {
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
fn split_handler(handler: &str) -> Result<(&str, &str), CustomAuthorizerError> {
    handler
        .rsplit_once('.')
        .filter(|(module, function)| !module.is_empty() && !function.is_empty())
        .ok_or_else(|| CustomAuthorizerError::HandlerSyntax {
            handler: handler.to_owned(),
        })
}

fn python(
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
fn is_python(file: &FileEntry) -> bool {
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

static MAIN_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\./)?(.+?)(?:\.mjs|\.cjs|\.js)?$").expect("a valid regex"));

fn node(
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
            looked_for: NODE_EXTENSIONS
                .map(|ext| format!("{module}{ext}"))
                .join(", "),
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
    NODE_EXTENSIONS
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
        .filter(|p| NODE_EXTENSIONS.iter().any(|ext| p.ends_with(ext)))
        .collect();
    if let [only] = scripts.as_slice() {
        let module = NODE_EXTENSIONS
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
