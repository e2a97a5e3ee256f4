//! The Lambda authorizer bundle: `index.mjs` (embedded in the binary) zipped in memory,
//! byte-for-byte the same on every build, so its SHA-256 tells a deployed function apart
//! from a stale one (Lambda reports `CodeSha256` = base64 of the zip's SHA-256).
//!
//! The zip holds exactly one file. No `package.json` is needed: the `.mjs` extension makes
//! Node load it as an ES module, and it has no dependencies. Nothing else goes in (the
//! tutorial's `npm run bundle` swept `.env` and an `event.json` holding a live token into it).

use std::io::{Cursor, Write};

use aws_lc_rs::digest::{SHA256, digest};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The handler source, as deployed (`index.handler` on `nodejs24.x`).
pub const HANDLER_SOURCE: &str = include_str!("../../../assets/authorizer/index.mjs");
/// Its file name inside the zip.
pub const HANDLER_FILE: &str = "index.mjs";
/// The Lambda function's handler setting.
pub const LAMBDA_HANDLER: &str = "index.handler";
/// The Lambda runtime the bundle is deployed on.
pub const LAMBDA_RUNTIME: &str = "nodejs24.x";

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("building the authorizer zip failed: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("building the authorizer zip failed: {0}")]
    Io(#[from] std::io::Error),
}

impl crate::hint::Hint for BundleError {
    fn fix(&self) -> String {
        "this is a bug in authgate (the zip is built in memory from embedded sources); \
         please report it with the output of `authgate --version`"
            .to_owned()
    }
}

/// The zip's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub bytes: Vec<u8>,
}

impl Bundle {
    /// Builds the zip: one entry, fixed 1980-01-01 timestamp, mode 0644, deflate.
    pub fn build() -> Result<Self, BundleError> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        zip.start_file(HANDLER_FILE, options)?;
        zip.write_all(HANDLER_SOURCE.as_bytes())?;
        let bytes = zip.finish()?.into_inner();
        Ok(Self { bytes })
    }

    pub fn sha256(&self) -> [u8; 32] {
        let mut out = [0; 32];
        out.copy_from_slice(digest(&SHA256, &self.bytes).as_ref());
        out
    }

    /// Lowercase hex, as `sha256sum` prints it.
    pub fn sha256_hex(&self) -> String {
        use std::fmt::Write as _;
        self.sha256()
            .iter()
            .fold(String::with_capacity(64), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            })
    }

    /// Base64 of the SHA-256: what Lambda's `GetFunction` reports as `CodeSha256`.
    pub fn code_sha256(&self) -> String {
        STANDARD.encode(self.sha256())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn two_builds_are_byte_identical() {
        assert_eq!(Bundle::build().unwrap(), Bundle::build().unwrap());
    }

    #[test]
    fn the_zip_holds_exactly_the_handler_with_fixed_metadata() {
        let bundle = Bundle::build().unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(&bundle.bytes)).unwrap();
        let names: Vec<&str> = archive.file_names().collect();
        assert_eq!(names, [HANDLER_FILE]);
        let mut entry = archive.by_index(0).unwrap();
        assert_eq!(entry.unix_mode(), Some(0o100_644));
        assert_eq!(entry.last_modified(), Some(DateTime::default()));
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        assert_eq!(text, HANDLER_SOURCE);
    }

    #[test]
    fn the_handler_has_no_dependencies_and_no_token() {
        assert!(!HANDLER_SOURCE.contains("require("));
        let imports: Vec<&str> = HANDLER_SOURCE
            .lines()
            .filter(|l| l.starts_with("import "))
            .collect();
        assert_eq!(
            imports,
            [r#"import { X509Certificate, createPublicKey, verify } from "node:crypto";"#]
        );
        assert!(!HANDLER_SOURCE.contains("eyJ"), "no JWT-looking text");
    }

    #[test]
    fn the_bundle_is_small_and_its_digests_agree() {
        let bundle = Bundle::build().unwrap();
        assert!(
            bundle.bytes.len() <= 16 * 1024,
            "{} bytes",
            bundle.bytes.len()
        );
        assert_eq!(bundle.sha256_hex().len(), 64);
        let decoded = STANDARD.decode(bundle.code_sha256()).unwrap();
        assert_eq!(decoded, bundle.sha256());
    }
}
