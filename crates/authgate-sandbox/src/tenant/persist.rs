//! Atomic, owner-only file writes for the sandbox's own data.

use std::io::Write as _;
use std::path::Path;

use super::SandboxError;

/// Writes `bytes` to a sibling temp file, syncs it and renames it over `path`, so a crash
/// leaves either the old or the new content, never half of one. Mode 0600 on Unix.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SandboxError> {
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp).map_err(|e| SandboxError::io(&tmp, e))?;
    file.write_all(bytes)
        .map_err(|e| SandboxError::io(&tmp, e))?;
    file.sync_all().map_err(|e| SandboxError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| SandboxError::io(path, e))
}
