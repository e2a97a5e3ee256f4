//! Atomic, owner-only file writes for the sandbox's own data: core's writer, its errors as
//! the sandbox's.

use std::path::Path;

use super::SandboxError;

/// [`authgate_core::fs::write_atomically`]: the old content or the new one after a crash,
/// never half of one; mode 0600 on Unix.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SandboxError> {
    authgate_core::fs::write_atomically(path, bytes).map_err(|e| SandboxError::io(path, e))
}
