//! The files of a custom authorizer, from a directory (walked in sorted order, with the
//! files that must never ship left out) or from a zip (its entries as they are).

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use super::CustomAuthorizerError;

/// Lambda has no documented count; a `node_modules` has thousands, a home directory millions.
pub const MAX_FILES: usize = 50_000;
/// Only small text files are read for detection (package.json, the handler's source).
const MAX_READ: u64 = 1024 * 1024;

/// One regular file, by its `/`-separated path relative to the code's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    /// 0o755 when any execute bit is set, else 0o644.
    pub mode: u32,
}

impl FileEntry {
    pub fn executable(&self) -> bool {
        self.mode & 0o111 != 0
    }
}

#[derive(Debug)]
pub enum Tree {
    Dir {
        root: PathBuf,
        files: Vec<FileEntry>,
        /// Paths left out on purpose (secrets, live tokens, git history).
        excluded: Vec<String>,
        /// Symlinks that were not followed (to a directory, or dangling).
        skipped: Vec<String>,
    },
    Zip {
        path: PathBuf,
        bytes: Vec<u8>,
        files: Vec<FileEntry>,
    },
}

/// Never zipped: the tutorial's `npm run bundle` swept `.env` (the tenant's settings) and an
/// `event.json` holding a live token into the zip; `.git` is history, not code.
fn excluded(relative: &str, is_dir: bool) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    (is_dir && name == ".git") || (!is_dir && name == ".env") || relative == "event.json"
}

impl Tree {
    pub fn open(path: &Path) -> Result<Self, CustomAuthorizerError> {
        let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => CustomAuthorizerError::NotFound {
                path: path.to_owned(),
            },
            _ => CustomAuthorizerError::Read {
                path: path.to_owned(),
                source,
            },
        })?;
        if meta.is_dir() {
            return Self::walk(path);
        }
        let bytes = std::fs::read(path).map_err(|source| CustomAuthorizerError::Read {
            path: path.to_owned(),
            source,
        })?;
        if !bytes.starts_with(b"PK") {
            return Err(CustomAuthorizerError::NotCode {
                path: path.to_owned(),
            });
        }
        let files = zip_entries(path, &bytes)?;
        Ok(Self::Zip {
            path: path.to_owned(),
            bytes,
            files,
        })
    }

    fn walk(root: &Path) -> Result<Self, CustomAuthorizerError> {
        let mut files = Vec::new();
        let mut excluded_paths = Vec::new();
        let mut skipped = Vec::new();
        // Depth-first with an explicit stack; symlinked directories are not followed, so
        // the walk ends (no cycles), and MAX_FILES bounds it.
        let mut pending = vec![String::new()];
        while let Some(dir) = pending.pop() {
            let full = root.join(&dir);
            let read = |source| CustomAuthorizerError::Read {
                path: full.clone(),
                source,
            };
            for entry in std::fs::read_dir(&full).map_err(read)? {
                let entry = entry.map_err(read)?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let relative = if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                };
                let kind = entry.file_type().map_err(read)?;
                // A symlink counts as what it points at (node_modules/.bin links to files).
                let target = if kind.is_symlink() {
                    std::fs::metadata(entry.path()).ok()
                } else {
                    entry.metadata().ok()
                };
                match target {
                    Some(m) if m.is_dir() && !kind.is_symlink() => {
                        if excluded(&relative, true) {
                            excluded_paths.push(format!("{relative}/"));
                        } else {
                            pending.push(relative);
                        }
                    }
                    Some(m) if m.is_file() => {
                        if excluded(&relative, false) {
                            excluded_paths.push(relative);
                        } else {
                            files.push(FileEntry {
                                path: relative,
                                mode: normal_mode(&m),
                            });
                        }
                    }
                    _ => skipped.push(relative),
                }
                if files.len() > MAX_FILES {
                    return Err(CustomAuthorizerError::TooManyFiles {
                        path: root.to_owned(),
                        max: MAX_FILES,
                    });
                }
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        excluded_paths.sort();
        skipped.sort();
        Ok(Self::Dir {
            root: root.to_owned(),
            files,
            excluded: excluded_paths,
            skipped,
        })
    }

    pub fn root(&self) -> &Path {
        match self {
            Self::Dir { root, .. } => root,
            Self::Zip { path, .. } => path,
        }
    }

    pub fn files(&self) -> &[FileEntry] {
        match self {
            Self::Dir { files, .. } | Self::Zip { files, .. } => files,
        }
    }

    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files().iter().find(|f| f.path == path)
    }

    /// Whether any file lies under `dir/`.
    pub fn has_dir(&self, dir: &str) -> bool {
        let prefix = format!("{dir}/");
        self.files().iter().any(|f| f.path.starts_with(&prefix))
    }

    /// The files at the top (no `/` in their path).
    pub fn top_level(&self) -> impl Iterator<Item = &FileEntry> {
        self.files().iter().filter(|f| !f.path.contains('/'))
    }

    /// A small text file's contents (`None`: absent, too big or unreadable).
    pub fn read_text(&self, path: &str) -> Option<String> {
        self.file(path)?;
        let mut text = String::new();
        match self {
            Self::Dir { root, .. } => {
                let file = std::fs::File::open(root.join(path)).ok()?;
                file.take(MAX_READ).read_to_string(&mut text).ok()?;
            }
            Self::Zip { bytes, .. } => {
                let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
                let entry = archive.by_name(path).ok()?;
                entry.take(MAX_READ).read_to_string(&mut text).ok()?;
            }
        }
        Some(text)
    }
}

#[cfg(unix)]
fn normal_mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o111 == 0 {
        0o644
    } else {
        0o755
    }
}

#[cfg(not(unix))]
fn normal_mode(_meta: &std::fs::Metadata) -> u32 {
    0o644
}

fn zip_entries(path: &Path, bytes: &[u8]) -> Result<Vec<FileEntry>, CustomAuthorizerError> {
    let not_a_zip = |e: zip::result::ZipError| CustomAuthorizerError::NotAZip {
        path: path.to_owned(),
        detail: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(not_a_zip)?;
    if archive.len() > MAX_FILES {
        return Err(CustomAuthorizerError::TooManyFiles {
            path: path.to_owned(),
            max: MAX_FILES,
        });
    }
    let mut files = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(not_a_zip)?;
        if entry.is_dir() {
            continue;
        }
        let mode = entry
            .unix_mode()
            .map_or(0o644, |m| if m & 0o111 == 0 { 0o644 } else { 0o755 });
        files.push(FileEntry {
            path: entry.name().trim_start_matches("./").to_owned(),
            mode,
        });
    }
    Ok(files)
}
