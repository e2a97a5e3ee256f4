//! The checks Lambda makes on a function's zip when it arrives (`CreateFunction`,
//! `UpdateFunctionCode`), so bad code is refused with nothing written, not found at the
//! first invoke: not a zip, an entry that would land outside the function's directory,
//! more unpacked bytes than Lambda's 250 MB, or more entries than the sandbox unpacks.

use std::path::{Component, Path};

use super::shared::invalid;
use crate::aws::wire::Fault;

/// Lambda's limit on a function's unzipped size (250 MB).
pub const MAX_UNZIPPED_BYTES: u64 = 262_144_000;
/// The most entries the sandbox unpacks: Lambda has no documented count, but a
/// `node_modules` of a few dependencies has hundreds, and a zip of millions is an attack.
pub const MAX_ENTRIES: usize = 50_000;

const NOT_A_ZIP: &str =
    "Could not unzip uploaded file. Please check your file, then try to upload again.";

/// Refuses what Lambda refuses, reading only the zip's central directory.
pub fn check_archive(zip: &[u8]) -> Result<(), Fault> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(zip)).map_err(|_| invalid(NOT_A_ZIP))?;
    if archive.len() > MAX_ENTRIES {
        return Err(invalid(format!(
            "{NOT_A_ZIP} The archive has {} entries; the authgate sandbox unpacks at most {MAX_ENTRIES}.",
            archive.len()
        )));
    }
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|_| invalid(NOT_A_ZIP))?;
        let name = entry.name().to_owned();
        if !stays_inside(&name) {
            return Err(invalid(format!(
                "{NOT_A_ZIP} Entry '{}' would be unpacked outside the function's directory \
                 (absolute paths and `..` are not allowed).",
                name.escape_debug()
            )));
        }
        total = total.saturating_add(entry.size());
        if total >= MAX_UNZIPPED_BYTES {
            return Err(invalid(format!(
                "Unzipped size must be smaller than {MAX_UNZIPPED_BYTES} bytes"
            )));
        }
    }
    Ok(())
}

/// A relative path with no `..`, no root and no drive prefix (backslashes count as
/// separators, as Windows zip tools write them).
fn stays_inside(name: &str) -> bool {
    let name = name.replace('\\', "/");
    !name.is_empty()
        && !name.contains('\0')
        && Path::new(&name)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn refusal(zip: &[u8]) -> String {
        let fault = check_archive(zip).expect_err("refused");
        assert_eq!(fault.code, "InvalidParameterValueException");
        fault.message
    }

    #[test]
    fn ordinary_code_with_dependencies_passes() {
        let zip = zip_of(&[
            ("index.js", b"exports.handler = async () => 1;"),
            ("node_modules/jwks-rsa/index.js", b"module.exports = {};"),
            ("./lib/util.js", b""),
        ]);
        assert!(check_archive(&zip).is_ok());
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for name in ["../escape.js", "/etc/cron.d/x", "a/../../b", "..\\win.js"] {
            let message = refusal(&zip_of(&[(name, b"x")]));
            assert!(
                message.contains("outside the function's directory"),
                "{name}: {message}"
            );
        }
    }

    #[test]
    fn not_a_zip_is_refused_in_lambdas_words() {
        assert_eq!(refusal(b"#!/bin/sh\ntouch /tmp/pwned\n"), NOT_A_ZIP);
    }

    #[test]
    fn too_many_entries_are_refused() {
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("f{i}")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        assert!(refusal(&zip_of(&entries)).contains("at most 50000"));
    }

    #[test]
    fn more_than_250_mb_unzipped_is_refused() {
        // Zeros compress ~1000:1, so 251 MB of them is a small upload: a zip bomb's shape.
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file("zeros", options).unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..251 {
            writer.write_all(&chunk).unwrap();
        }
        let zip = writer.finish().unwrap().into_inner();
        assert_eq!(
            refusal(&zip),
            "Unzipped size must be smaller than 262144000 bytes"
        );
    }
}
