//! What can be wrong with a custom authorizer, each with the fix.

use std::path::PathBuf;

use authgate_core::bundle::BundleError;
use authgate_core::hint::Hint;

use super::{CALLBACKLESS_NODE, DETECTED_NODE};

#[derive(Debug, thiserror::Error)]
pub enum CustomAuthorizerError {
    #[error("{path} does not exist")]
    NotFound { path: PathBuf },
    #[error("reading {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is neither a directory nor a zip file")]
    NotCode { path: PathBuf },
    #[error("{path} is not a readable zip: {detail}")]
    NotAZip { path: PathBuf, detail: String },
    #[error("{path} holds more than {max} files")]
    TooManyFiles { path: PathBuf, max: usize },
    #[error("runtime {runtime} is not one authgate knows")]
    UnknownRuntime { runtime: String },
    #[error(
        "cannot tell which runtime {path} is for (no package.json, *.js, *.mjs, *.py or bootstrap at its top)"
    )]
    Undetectable { path: PathBuf },
    #[error("handler `{handler}` is not `file.function`")]
    HandlerSyntax { handler: String },
    #[error("no file for handler `{handler}` in {path} (looked for {looked_for})")]
    HandlerFile {
        handler: String,
        path: PathBuf,
        looked_for: String,
    },
    #[error("no handler found in {path}: {detail}")]
    NoHandler { path: PathBuf, detail: String },
    #[error(
        "`{handler}` takes a callback ({params} parameters), which {CALLBACKLESS_NODE} refuses at init (Runtime.CallbackHandlerDeprecated)"
    )]
    CallbackOnNode24 { handler: String, params: usize },
    #[error("{path}/package.json has dependencies but there is no node_modules next to it")]
    MissingNodeModules { path: PathBuf },
    #[error("{path} has a `bootstrap` that is not executable")]
    BootstrapNotExecutable { path: PathBuf },
    #[error("zipping {path}: {detail}")]
    Zip { path: PathBuf, detail: String },
    #[error(transparent)]
    Bundle(#[from] BundleError),
}

impl Hint for CustomAuthorizerError {
    fn fix(&self) -> String {
        match self {
            Self::NotFound { .. } | Self::NotCode { .. } => {
                "give a directory or a .zip (--authorizer PATH, or the settings of step 3); \
                 `bundled` goes back to authgate's own authorizer"
                    .to_owned()
            }
            Self::Read { .. } => "check the path's permissions".to_owned(),
            Self::NotAZip { .. } => {
                "rebuild the zip (e.g. `npm run bundle`), or give the directory instead".to_owned()
            }
            Self::TooManyFiles { .. } => {
                "point at the function's own directory, not a parent of it".to_owned()
            }
            Self::UnknownRuntime { .. } => format!(
                "choose one of {} (or leave it out: authgate detects it)",
                super::KNOWN_RUNTIMES.join(", ")
            ),
            Self::Undetectable { .. } => {
                "name them: --runtime (e.g. nodejs22.x, python3.13, provided.al2023) and \
                 --handler (e.g. index.handler, lambda_function.lambda_handler)"
                    .to_owned()
            }
            Self::HandlerSyntax { .. } | Self::HandlerFile { .. } | Self::NoHandler { .. } => {
                "give --handler as FILE.FUNCTION: the file's path in the code without its \
                 extension (index.handler for index.mjs or index.js; lambda_function.lambda_handler \
                 for lambda_function.py; src/auth.handler for src/auth.js)"
                    .to_owned()
            }
            Self::CallbackOnNode24 { .. } => format!(
                "make the handler async and return the policy / throw new Error('Unauthorized'), \
                 or choose {DETECTED_NODE} (--runtime {DETECTED_NODE}, or `runtime` in step 3's \
                 settings)"
            ),
            Self::MissingNodeModules { path } => format!(
                "run `npm install --omit=dev` in {} (the zip carries node_modules, as \
                 `npm run bundle` does)",
                path.display()
            ),
            Self::BootstrapNotExecutable { path } => {
                format!("chmod +x {}/bootstrap", path.display())
            }
            Self::Zip { .. } => "check that every file in the directory is readable".to_owned(),
            Self::Bundle(e) => e.fix(),
        }
    }
}
