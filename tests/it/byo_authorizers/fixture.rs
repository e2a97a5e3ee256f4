//! The authorizer fixtures of tests/fixtures/authorizers/ and their deployable zips, built
//! as their users would (the tutorial's `npm run bundle`, AWS's `pip install --target`
//! packaging, a custom runtime's executable `bootstrap`).

use std::fs::File;
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;

/// Installs what the fixtures need (`node_modules`, pip's `package/`); git-ignored.
pub const BUILD_SCRIPT: &str = "scripts/build-authorizer-fixtures.sh";
/// Set (to 1) where a missing install must fail the test instead of skipping it.
pub const REQUIRE_ENV: &str = "AUTHGATE_REQUIRE_FIXTURES";
/// The build script's record of what it installed; not part of a function's code.
const STAMP: &str = ".authgate-fixture-inputs";

#[derive(Debug, Clone, Copy)]
pub enum Fixture {
    NodeClassic,
    PythonPyjwt,
    ProvidedShell,
}

impl Fixture {
    pub fn dir(self) -> PathBuf {
        let name = match self {
            Self::NodeClassic => "node-classic",
            Self::PythonPyjwt => "python-pyjwt",
            Self::ProvidedShell => "provided-shell",
        };
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/authorizers")
            .join(name)
    }

    pub fn handler(self) -> &'static str {
        match self {
            Self::NodeClassic => "index.handler",
            Self::PythonPyjwt => "app.handler",
            Self::ProvidedShell => "bootstrap",
        }
    }

    /// Files the build script installs, missing here (empty: ready).
    fn missing(self) -> Vec<PathBuf> {
        let needed: &[&str] = match self {
            Self::NodeClassic => &[
                "node_modules/jsonwebtoken/package.json",
                "node_modules/jwks-rsa/package.json",
            ],
            Self::PythonPyjwt => &["package/jwt/__init__.py", "package/cryptography"],
            Self::ProvidedShell => &[],
        };
        let dir = self.dir();
        needed
            .iter()
            .map(|p| dir.join(p))
            .filter(|p| !p.exists())
            .collect()
    }

    /// Whether the fixture can be deployed; without its dependencies the test fails when
    /// [`REQUIRE_ENV`] is 1, else it is skipped, naming the build script either way.
    pub fn ready(self) -> bool {
        let missing = self.missing();
        if missing.is_empty() {
            return true;
        }
        let message = format!(
            "the {self:?} authorizer fixture's dependencies are not installed ({} missing): \
             run `bash {BUILD_SCRIPT}` first",
            missing[0].display()
        );
        assert!(
            std::env::var(REQUIRE_ENV).as_deref() != Ok("1"),
            "{message} ({REQUIRE_ENV}=1)"
        );
        eprintln!("skipped: {message}");
        false
    }

    /// The deployable zip, written to `out`: the fixture's files at the root (for Python,
    /// `package/`'s contents beside app.py), unix modes kept so `bootstrap` stays executable.
    pub fn zip(self, out: &Path) -> PathBuf {
        let dir = self.dir();
        let path = out.join(format!("{self:?}.zip"));
        let mut zip = zip::ZipWriter::new(File::create(&path).unwrap());
        let mut entries = Vec::new();
        match self {
            Self::PythonPyjwt => {
                collect(&dir.join("package"), "", &mut entries);
                entries.push(("app.py".to_owned(), dir.join("app.py")));
            }
            Self::NodeClassic | Self::ProvidedShell => collect(&dir, "", &mut entries),
        }
        entries.sort();
        for (name, file) in entries {
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            let options = SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                // The fastest level: unoptimized test builds deflate 18 MB of wheels slowly.
                .compression_level(Some(1))
                .unix_permissions(mode & 0o777);
            zip.start_file(name, options).unwrap();
            zip.write_all(&std::fs::read(&file).unwrap()).unwrap();
        }
        zip.finish().unwrap();
        path
    }
}

/// Every regular file under `dir`, named by its path from there (symlinks such as
/// `node_modules/.bin` are left out, as the function never runs them; caches and stamps too).
fn collect(dir: &Path, prefix: &str, into: &mut Vec<(String, PathBuf)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().unwrap();
        if name == STAMP || name == "__pycache__" || kind.is_symlink() {
            continue;
        }
        let zip_name = format!("{prefix}{name}");
        if kind.is_dir() {
            collect(&entry.path(), &format!("{zip_name}/"), into);
        } else {
            into.push((zip_name, entry.path()));
        }
    }
}

/// The Lambda runtime name for the machine's `python3` (the sandbox runs python3.x on it):
/// its own version when Lambda has it, else the newest the sandbox knows.
pub fn python_runtime() -> String {
    let out = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.version_info[1])"])
        .output()
        .expect("running python3");
    let minor: u32 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("python3's minor version");
    format!("python3.{}", minor.clamp(10, 13))
}
