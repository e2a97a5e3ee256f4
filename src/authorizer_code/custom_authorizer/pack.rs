//! A directory zipped like the tutorial's `npm run bundle` (its files and `node_modules`),
//! but deterministically: entries sorted by path, one fixed timestamp, modes normalised to
//! 0644 / 0755 (an executable `bootstrap` stays executable), so the same directory always
//! gives the same `CodeSha256` and a redeploy of unchanged code changes nothing.

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::CustomAuthorizerError;
use super::tree::Tree;

/// What the step output says about the files left out.
pub const EXCLUDED_HINT: &str =
    ".env, event.json and .git are never zipped: in the tutorial they held secrets and live tokens";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    pub bytes: Vec<u8>,
    pub files: usize,
    /// The directory whose files went to the root.
    pub lifted: Option<String>,
    pub excluded: Vec<String>,
    pub skipped: Vec<String>,
}

impl Packed {
    /// One line for the step output.
    pub fn summary(&self) -> String {
        let plural = if self.files == 1 { "" } else { "s" };
        let mut line = format!(
            "zipped {} file{plural} ({} bytes)",
            self.files,
            self.bytes.len()
        );
        if let Some(dir) = &self.lifted {
            let _ = write!(
                line,
                "; {dir}/ (pip --target) zipped at the root, as AWS's packaging guide does"
            );
        }
        if self.excluded.is_empty() {
            let _ = write!(line, "; {EXCLUDED_HINT}");
        } else {
            let _ = write!(
                line,
                "; left out {} — {EXCLUDED_HINT}",
                self.excluded.join(", ")
            );
        }
        if !self.skipped.is_empty() {
            let _ = write!(line, "; symlinks not followed: {}", self.skipped.join(", "));
        }
        line
    }
}

/// Where pip installs a Python function's dependencies in AWS's packaging guide
/// (`pip install --target package`); its contents go to the zip's root, beside the handler.
pub const PIP_TARGET: &str = "package";

/// The name in the zip: a file under `lift/` moves to the root.
fn zip_name<'a>(path: &'a str, lift: Option<&str>) -> &'a str {
    lift.and_then(|dir| path.strip_prefix(dir)?.strip_prefix('/'))
        .unwrap_or(path)
}

/// Zips a directory tree (a zip tree is never repacked: it is deployed as it is). With
/// `lift`, that directory's files go to the root (a file already at the root wins).
pub fn pack(tree: &Tree, lift: Option<&str>) -> Result<Packed, CustomAuthorizerError> {
    let Tree::Dir {
        root,
        files,
        excluded,
        skipped,
    } = tree
    else {
        unreachable!("only directories are packed");
    };
    let fail = |detail: String| CustomAuthorizerError::Zip {
        path: root.clone(),
        detail,
    };
    let mut entries: Vec<(&str, &super::tree::FileEntry)> =
        files.iter().map(|f| (zip_name(&f.path, lift), f)).collect();
    // Sorted by their names in the zip; a root file comes before a lifted one of the same
    // name (its path is shorter), and the first of a name is kept.
    entries.sort_by(|a, b| a.0.cmp(b.0).then(a.1.path.len().cmp(&b.1.path.len())));
    entries.dedup_by(|later, first| later.0 == first.0);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for &(name, file) in &entries {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(DateTime::default())
            .unix_permissions(file.mode)
            .large_file(false);
        let bytes = std::fs::read(root.join(&file.path))
            .map_err(|e| fail(format!("{}: {e}", file.path)))?;
        zip.start_file(name, options)
            .map_err(|e| fail(e.to_string()))?;
        zip.write_all(&bytes).map_err(|e| fail(e.to_string()))?;
    }
    let bytes = zip.finish().map_err(|e| fail(e.to_string()))?.into_inner();
    Ok(Packed {
        bytes,
        files: entries.len(),
        lifted: lift.filter(|dir| tree.has_dir(dir)).map(str::to_owned),
        excluded: excluded.clone(),
        skipped: skipped.clone(),
    })
}
