//! The AWS subset's state: `aws.json` (APIs, functions, roles) and one zip per function
//! under `lambda/`, each written atomically after every change so a restart keeps them.
//! A file the sandbox cannot read is an error, never a silent reset.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rand::Rng as _;

use crate::aws::model::Document;
use crate::error::SandboxError;
use crate::persist::write_atomically;

pub const STATE_FILE: &str = "aws.json";
pub const CODE_DIR: &str = "lambda";

pub struct Store {
    dir: PathBuf,
    pub doc: Document,
}

impl Store {
    pub fn load_or_create(dir: &Path) -> Result<Self, SandboxError> {
        let path = dir.join(STATE_FILE);
        let doc = if path.exists() {
            let text = std::fs::read_to_string(&path).map_err(|e| SandboxError::io(&path, e))?;
            serde_json::from_str(&text).map_err(|e| SandboxError::corrupt(&path, &e))?
        } else {
            Document::default()
        };
        let store = Self {
            dir: dir.to_owned(),
            doc,
        };
        for name in store.doc.functions.keys() {
            let zip = store.zip_path(name);
            if !zip.exists() {
                return Err(SandboxError::corrupt(
                    &zip,
                    &format!("function {name} is in {STATE_FILE} but its code is missing"),
                ));
            }
        }
        Ok(store)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn save(&self) -> Result<(), SandboxError> {
        // The document derives `Serialize` with string keys only: serialising cannot fail.
        #[allow(clippy::expect_used)]
        let bytes = serde_json::to_vec_pretty(&self.doc).expect("the document serialises");
        write_atomically(&self.dir.join(STATE_FILE), &bytes)
    }

    pub fn zip_path(&self, function: &str) -> PathBuf {
        self.dir.join(CODE_DIR).join(format!("{function}.zip"))
    }

    pub fn write_zip(&self, function: &str, zip: &[u8]) -> Result<(), SandboxError> {
        let dir = self.dir.join(CODE_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| SandboxError::io(&dir, e))?;
        write_atomically(&self.zip_path(function), zip)
    }

    pub fn read_zip(&self, function: &str) -> Result<Vec<u8>, SandboxError> {
        let path = self.zip_path(function);
        std::fs::read(&path).map_err(|e| SandboxError::io(&path, e))
    }

    pub fn remove_zip(&self, function: &str) {
        let _ = std::fs::remove_file(self.zip_path(function));
    }
}

/// API Gateway's ids: 10 lower-case letters and digits.
pub fn gateway_id() -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..10)
        .map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())]))
        .collect()
}

/// A request id / revision id in the UUID shape AWS uses.
pub fn uuid_like() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    let hex = bytes.iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    });
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

pub fn now_epoch() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Lambda's `LastModified` shape: `2024-05-01T12:00:00.000+0000`.
pub fn lambda_timestamp() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3f+0000")
        .to_string()
}

/// IAM's `CreateDate` shape: `2024-05-01T12:00:00Z`.
pub fn iam_timestamp() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::model::Role;
    use authgate_core::hint::Hint as _;

    #[test]
    fn a_restart_keeps_what_was_saved_and_a_corrupt_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::load_or_create(dir.path()).unwrap();
        store.doc.roles.insert(
            "r".into(),
            Role {
                role_name: "r".into(),
                role_id: "AROA1".into(),
                arn: "arn:aws:iam::000000000000:role/r".into(),
                path: "/".into(),
                description: String::new(),
                assume_role_policy_document: "{}".into(),
                create_date: iam_timestamp(),
                attached_policies: vec![],
                inline_policies: std::collections::BTreeMap::new(),
            },
        );
        store.save().unwrap();
        let again = Store::load_or_create(dir.path()).unwrap();
        assert_eq!(again.doc.roles["r"], store.doc.roles["r"]);

        std::fs::write(dir.path().join(STATE_FILE), "{not json").unwrap();
        let Err(err) = Store::load_or_create(dir.path()) else {
            panic!("a corrupt file must not load");
        };
        assert!(matches!(err, SandboxError::Corrupt { .. }), "{err}");
        assert!(err.fix().contains("move"), "{}", err.fix());
    }

    #[test]
    fn ids_have_aws_shapes() {
        let id = gateway_id();
        assert_eq!(id.len(), 10);
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert_eq!(uuid_like().len(), 36);
        assert!(lambda_timestamp().ends_with("+0000"));
        assert!(iam_timestamp().ends_with('Z'));
    }
}
