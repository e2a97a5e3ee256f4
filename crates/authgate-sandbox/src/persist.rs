//! Atomic, owner-only file writes for the sandbox's own data (the tenant's and AWS's state,
//! the keys, the directory's port and endpoint): core's writer, its errors as the sandbox's.

use std::path::Path;

use crate::error::SandboxError;

/// [`authgate_core::fs::write_atomically`]: the old content or the new one after a crash,
/// never half of one; mode 0600 on Unix.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SandboxError> {
    authgate_core::fs::write_atomically(path, bytes).map_err(|e| SandboxError::io(path, e))
}
