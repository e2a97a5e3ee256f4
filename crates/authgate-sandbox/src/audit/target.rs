//! The authorizer under audit: a zip, or a directory zipped for the runtime, or the bundled
//! authorizer; with its runtime, handler and configuration.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use super::AuditError;

/// The bundled authorizer's deployed timeout (authgate deploys it with 30 s).
pub const DEFAULT_TIMEOUT_SECS: u32 = 30;
/// Files a directory may hold before it is refused (a `node_modules` is fine, a home
/// directory is not).
const MAX_FILES: usize = 20_000;

/// The authorizer under audit: its code and configuration.
#[derive(Debug, Clone)]
pub struct AuditTarget {
    /// A zip of the function's code (Lambda's deployment package).
    pub zip: PathBuf,
    pub runtime: String,
    pub handler: String,
    /// The function's own environment; the audit overrides `TOKEN_ISSUER`, `JWKS_URI` and
    /// `AUDIENCE` with its own issuer's and leaves `REQUIRED_PERMISSIONS` out.
    pub env: BTreeMap<String, String>,
    /// The function's timeout (a hang past it is a 500 at the gateway).
    pub timeout_secs: u32,
    pub memory_mb: u32,
}

impl AuditTarget {
    /// `path` is a zip, or a directory (zipped into `scratch`, file modes kept so a
    /// `provided.*` bootstrap stays executable).
    pub fn from_path(
        path: &Path,
        runtime: &str,
        handler: &str,
        scratch: &Path,
    ) -> Result<Self, AuditError> {
        let zip = if path.is_dir() {
            zip_dir(path, &scratch.join("authorizer.zip"))?
        } else {
            path.to_owned()
        };
        Ok(Self {
            zip,
            runtime: runtime.to_owned(),
            handler: handler.to_owned(),
            env: BTreeMap::new(),
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            memory_mb: 128,
        })
    }

    /// The bundled authorizer (`index.mjs` on nodejs24.x), its zip written into `scratch`.
    pub fn bundled(scratch: &Path) -> Result<Self, AuditError> {
        let path = scratch.join("authgate-authorizer.zip");
        let bundle = authgate_core::bundle::Bundle::build()
            .map_err(|e| AuditError::code(&path, &e.to_string()))?;
        std::fs::create_dir_all(scratch)
            .and_then(|()| std::fs::write(&path, &bundle.bytes))
            .map_err(|e| AuditError::code(&path, &e.to_string()))?;
        Self::from_path(
            &path,
            authgate_core::bundle::LAMBDA_RUNTIME,
            authgate_core::bundle::LAMBDA_HANDLER,
            scratch,
        )
    }
}

/// Zips `dir`'s files (recursively, paths relative to it) into `out`.
fn zip_dir(dir: &Path, out: &Path) -> Result<PathBuf, AuditError> {
    let fail = |detail: String| AuditError::code(dir, &detail);
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).map_err(|e| fail(e.to_string()))? {
            let path = entry.map_err(|e| fail(e.to_string()))?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
            if files.len() > MAX_FILES {
                return Err(fail(format!("more than {MAX_FILES} files")));
            }
        }
    }
    files.sort();
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
    }
    let file = std::fs::File::create(out).map_err(|e| fail(e.to_string()))?;
    let mut zip = zip::ZipWriter::new(file);
    for path in files {
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        let mode = std::fs::metadata(&path)
            .map_err(|e| fail(e.to_string()))?
            .permissions()
            .mode();
        let options = zip::write::SimpleFileOptions::default().unix_permissions(mode & 0o777);
        let bytes = std::fs::read(&path).map_err(|e| fail(e.to_string()))?;
        zip.start_file(name, options)
            .map_err(|e| fail(e.to_string()))?;
        zip.write_all(&bytes).map_err(|e| fail(e.to_string()))?;
    }
    zip.finish().map_err(|e| fail(e.to_string()))?;
    Ok(out.to_owned())
}
