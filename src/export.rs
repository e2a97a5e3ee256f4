//! `authgate export`: what the wizard built, read back live, written as infrastructure code
//! another account and tenant can apply: a bash script (AWS CLI + the Management API with
//! curl), a CloudFormation template, a SAM template, or Terraform files. Each output directory
//! also holds the authorizer's code as deployed (`authorizer.zip`), the `PetStore` definition
//! and a README saying how to apply it. Nothing secret is written.

pub mod api;
mod cloudformation;
mod names;
pub mod read;
mod readme;
mod sam;
mod sh;
pub mod snapshot;
mod terraform;
mod yaml;

use std::path::{Path, PathBuf};

use authgate_core::hint::Hint;
pub use snapshot::Snapshot;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One bash script: AWS CLI calls and the Management API with curl.
    Sh,
    /// A CloudFormation template (AWS only; Auth0 by hand or with the `sh` export).
    Cloudformation,
    /// A SAM template (AWS only, like cloudformation).
    Sam,
    /// Terraform with the auth0 and aws providers.
    Terraform,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sh => "sh",
            Self::Cloudformation => "cloudformation",
            Self::Sam => "sam",
            Self::Terraform => "terraform",
        }
    }
}

/// The authorizer's code, as the function runs it.
pub const CODE_FILE: &str = "authorizer.zip";
/// The `OpenAPI` definition the REST API was imported from.
pub const DEFINITION_FILE: &str = "petstore.json";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not write the template as YAML: {0}")]
    Yaml(#[from] serde_norway::Error),
    #[error("could not write the Terraform files: {0}")]
    Hcl(#[from] hcl::Error),
    #[error(transparent)]
    Definition(#[from] api::DefinitionError),
}

impl Hint for ExportError {
    fn fix(&self) -> String {
        match self {
            Self::Write { .. } => "choose another --out directory, or check its permissions".into(),
            Self::Definition(e) => e.fix(),
            Self::Yaml(_) | Self::Hcl(_) => "a bug in authgate; report it with the message".into(),
        }
    }
}

/// One file of the export: its name in the directory and its bytes.
pub struct File {
    pub name: String,
    pub bytes: Vec<u8>,
    pub executable: bool,
}

impl File {
    fn text(name: &str, text: String) -> Self {
        Self {
            name: name.to_owned(),
            bytes: text.into_bytes(),
            executable: false,
        }
    }
}

/// Every file of `format`'s export of `snapshot`, in memory.
pub fn render(snapshot: &Snapshot, format: Format) -> Result<Vec<File>, ExportError> {
    let definition = api::Definition::parse(&snapshot.aws.rest_api.definition)?;
    let mut files = match format {
        Format::Sh => vec![sh::render(snapshot)],
        Format::Cloudformation => vec![cloudformation::render(snapshot, &definition)?],
        Format::Sam => vec![sam::render(snapshot, &definition)?],
        Format::Terraform => terraform::render(snapshot, &definition)?,
    };
    let pretty = serde_json::to_string_pretty(&definition.document).unwrap_or_default();
    files.push(File::text(DEFINITION_FILE, pretty + "\n"));
    files.push(File {
        name: CODE_FILE.to_owned(),
        bytes: snapshot.aws.function.zip.clone(),
        executable: false,
    });
    files.push(File::text("README.md", readme::render(snapshot, format)));
    Ok(files)
}

/// Writes the files into `dir` (created if missing; files of the same name are replaced).
pub fn write(dir: &Path, files: &[File]) -> Result<(), ExportError> {
    let fail = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(fail(dir))?;
    for file in files {
        let path = dir.join(&file.name);
        std::fs::write(&path, &file.bytes).map_err(fail(&path))?;
        #[cfg(unix)]
        if file.executable {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .map_err(fail(&path))?;
        }
    }
    Ok(())
}
