//! Detection, deterministic bundling and the nodejs24.x refusal, on small directories.

use std::io::Cursor;
use std::path::Path;

use super::*;
use authgate_core::hint::Hint;

const ASYNC_ESM: &str =
    "export const handler = async (event) => {\n  throw new Error('Unauthorized');\n};\n";
const CALLBACK_CJS: &str = "// (event, context, callback, extra) in a comment is ignored\nmodule.exports.handler = function (event, context, callback) {\n  return context.fail('Unauthorized');\n};\n";

fn write(dir: &Path, path: &str, text: &str) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

#[cfg(unix)]
fn chmod(dir: &Path, path: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.join(path), std::fs::Permissions::from_mode(mode)).unwrap();
}

fn source(dir: &Path) -> AuthorizerSource {
    AuthorizerSource::new(dir)
}

fn entries(zip: &[u8]) -> Vec<(String, Option<u32>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    (0..archive.len())
        .map(|i| {
            let e = archive.by_index(i).unwrap();
            (e.name().to_owned(), e.unix_mode())
        })
        .collect()
}

#[test]
fn byo_the_bundled_authorizer_is_the_default() {
    let code = prepare(None).unwrap();
    assert_eq!(
        (code.runtime.as_str(), code.handler.as_str()),
        ("nodejs24.x", "index.handler")
    );
    assert_eq!(code.custom, None);
    assert_eq!(
        code.code_sha256(),
        authgate_core::bundle::Bundle::build()
            .unwrap()
            .code_sha256()
    );
}

#[test]
fn byo_an_async_esm_directory_is_node22_with_index_handler() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "index.mjs", ASYNC_ESM);
    let code = prepare(Some(&source(dir.path()))).unwrap();
    assert_eq!(
        (code.runtime.as_str(), code.handler.as_str()),
        ("nodejs22.x", "index.handler")
    );
    assert!(
        code.notes.iter().any(|n| n.contains("the code is Node.js")),
        "{:?}",
        code.notes
    );
}

#[test]
fn byo_package_json_main_names_the_module() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "package.json",
        r#"{"name":"a","main":"./lib/auth.js"}"#,
    );
    write(
        dir.path(),
        "lib/auth.js",
        "exports.handler = async (event, context) => ({});\n",
    );
    write(dir.path(), "index.js", "exports.other = 1;\n");
    let code = prepare(Some(&source(dir.path()))).unwrap();
    assert_eq!(code.handler, "lib/auth.handler");
    assert!(code.notes[0].contains("package.json's main"));
}

#[test]
fn byo_a_callback_handler_is_detected_as_node22_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "index.js", CALLBACK_CJS);
    let code = prepare(Some(&source(dir.path()))).unwrap();
    assert_eq!(code.runtime, "nodejs22.x");
    let why = code
        .notes
        .iter()
        .find(|n| n.starts_with("runtime"))
        .unwrap();
    assert!(
        why.contains("callback") && why.contains("Runtime.CallbackHandlerDeprecated"),
        "{why}"
    );
}

#[test]
fn byo_nodejs24_with_a_callback_handler_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "index.js", CALLBACK_CJS);
    let mut choice = source(dir.path());
    choice.runtime = Some("nodejs24.x".into());
    let err = prepare(Some(&choice)).unwrap_err();
    assert!(matches!(
        err,
        CustomAuthorizerError::CallbackOnNode24 { params: 3, .. }
    ));
    assert!(
        err.to_string()
            .contains("Runtime.CallbackHandlerDeprecated")
    );
    assert!(err.fix().contains("make the handler async"));
    assert!(err.fix().contains("throw new Error('Unauthorized')"));
    assert!(err.fix().contains("nodejs22.x"));
    // The same code on nodejs22.x, or an async handler on nodejs24.x, is fine.
    choice.runtime = Some("nodejs22.x".into());
    prepare(Some(&choice)).unwrap();
    write(
        dir.path(),
        "index.js",
        "exports.handler = async (event, context) => ({});\n",
    );
    choice.runtime = Some("nodejs24.x".into());
    assert_eq!(prepare(Some(&choice)).unwrap().runtime, "nodejs24.x");
}

#[test]
fn byo_handler_parameters_are_counted_like_function_length() {
    let cases = [
        (
            "export async function handler(event, context, callback) {}",
            Some(3),
        ),
        ("export const handler = async (event) => {}", Some(1)),
        ("export const handler = event => event", Some(1)),
        (
            "exports.handler = async function named(e, c, cb = () => {}) {}",
            Some(2),
        ),
        ("exports.handler = (e, ...rest) => {}", Some(1)),
        ("exports.handler = ({ a, b }, [c, d], cb) => {}", Some(3)),
        (
            "const authorize = (e, c, cb) => {};\nexports.handler = authorize;\n",
            Some(3),
        ),
        (
            "module.exports = { async handler(event, context, cb) {} };",
            Some(3),
        ),
        ("module.exports = { handler: (e) => e };", Some(1)),
        ("exports.handler = middy(inner);", None),
        (
            "/* exports.handler = (a, b, c) => {} */ exports.handler = (a) => a;",
            Some(1),
        ),
    ];
    for (source, want) in cases {
        assert_eq!(handler_params(source, "handler"), want, "{source}");
    }
}

#[test]
fn byo_python_picks_the_module_that_defines_the_function() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "helpers.py", "def verify(token):\n    pass\n");
    write(
        dir.path(),
        "app.py",
        "import helpers\n\ndef handler(event, context):\n    return {}\n",
    );
    write(dir.path(), "jwt/__init__.py", "def decode(): pass\n");
    let code = prepare(Some(&source(dir.path()))).unwrap();
    assert_eq!(
        (code.runtime.as_str(), code.handler.as_str()),
        ("python3.13", "app.handler")
    );
    write(
        dir.path(),
        "lambda_function.py",
        "def lambda_handler(event, context):\n    return {}\n",
    );
    let code = prepare(Some(&source(dir.path()))).unwrap();
    assert_eq!(code.handler, "lambda_function.lambda_handler");
    let mut choice = source(dir.path());
    choice.handler = Some("helpers.missing".into());
    assert!(matches!(
        prepare(Some(&choice)).unwrap_err(),
        CustomAuthorizerError::NoHandler { .. }
    ));
}

#[cfg(unix)]
#[test]
fn byo_an_executable_bootstrap_is_a_custom_runtime_and_stays_executable() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bootstrap", "#!/bin/sh\necho hi\n");
    write(dir.path(), "README.md", "notes\n");
    chmod(dir.path(), "bootstrap", 0o700);
    chmod(dir.path(), "README.md", 0o600);
    let code = prepare(Some(&source(dir.path()))).unwrap();
    assert_eq!(
        (code.runtime.as_str(), code.handler.as_str()),
        ("provided.al2023", "bootstrap")
    );
    assert_eq!(
        entries(&code.zip),
        [
            ("README.md".to_owned(), Some(0o100_644)),
            ("bootstrap".to_owned(), Some(0o100_755)),
        ]
    );
    chmod(dir.path(), "bootstrap", 0o644);
    let err = prepare(Some(&source(dir.path()))).unwrap_err();
    assert!(err.fix().contains("chmod +x"), "{}", err.fix());
}

#[test]
fn byo_the_same_directory_gives_the_same_sha_and_secrets_stay_out() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "package.json",
        r#"{"dependencies":{"jsonwebtoken":"9"}}"#,
    );
    write(dir.path(), "index.js", CALLBACK_CJS);
    write(
        dir.path(),
        "node_modules/jsonwebtoken/index.js",
        "module.exports = {};\n",
    );
    write(dir.path(), ".env", "AUTH0_CLIENT_SECRET=s3cret\n");
    write(
        dir.path(),
        "event.json",
        r#"{"authorizationToken":"Bearer eyJ"}"#,
    );
    write(dir.path(), ".git/HEAD", "ref: refs/heads/main\n");
    write(dir.path(), "lib/.env", "X=1\n");
    let first = prepare(Some(&source(dir.path()))).unwrap();
    // Touching the files (new mtimes) changes nothing in the zip.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(dir.path(), "index.js", CALLBACK_CJS);
    let second = prepare(Some(&source(dir.path()))).unwrap();
    assert_eq!(first.code_sha256(), second.code_sha256());
    let names: Vec<String> = entries(&first.zip).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "index.js",
            "node_modules/jsonwebtoken/index.js",
            "package.json"
        ]
    );
    let summary = first.notes.last().unwrap();
    assert!(
        summary.contains(".env, .git/, event.json, lib/.env"),
        "{summary}"
    );
    assert!(summary.contains("never zipped"), "{summary}");
    // A change in the code is a new sha.
    write(
        dir.path(),
        "index.js",
        "exports.handler = async () => ({});\n",
    );
    assert_ne!(
        prepare(Some(&source(dir.path()))).unwrap().code_sha256(),
        first.code_sha256()
    );
}

#[test]
fn byo_dependencies_without_node_modules_say_npm_install() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "package.json",
        r#"{"dependencies":{"jwks-rsa":"3"}}"#,
    );
    write(dir.path(), "index.js", CALLBACK_CJS);
    let err = prepare(Some(&source(dir.path()))).unwrap_err();
    assert!(matches!(
        err,
        CustomAuthorizerError::MissingNodeModules { .. }
    ));
    assert!(
        err.fix().contains("npm install --omit=dev"),
        "{}",
        err.fix()
    );
}

#[test]
fn byo_a_zip_is_used_as_is_once_its_handler_file_is_there() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "code/index.mjs", ASYNC_ESM);
    let packed = prepare(Some(&source(&dir.path().join("code")))).unwrap();
    let zip_path = dir.path().join("authorizer.zip");
    std::fs::write(&zip_path, &packed.zip).unwrap();
    let from_zip = prepare(Some(&source(&zip_path))).unwrap();
    assert_eq!(from_zip.zip, packed.zip);
    assert_eq!(from_zip.handler, "index.handler");
    let mut choice = source(&zip_path);
    choice.handler = Some("auth.handler".into());
    let err = prepare(Some(&choice)).unwrap_err();
    assert!(
        err.to_string().contains("auth.mjs, auth.js, auth.cjs"),
        "{err}"
    );
}

#[test]
fn byo_unknown_paths_and_runtimes_are_clear_errors() {
    let err = prepare(Some(&source(Path::new("/nonexistent/authorizer")))).unwrap_err();
    assert!(matches!(err, CustomAuthorizerError::NotFound { .. }));
    assert!(err.fix().contains("bundled"));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "index.mjs", ASYNC_ESM);
    let mut choice = source(dir.path());
    choice.runtime = Some("java21".into());
    let err = prepare(Some(&choice)).unwrap_err();
    assert!(err.fix().contains("python3.13"), "{}", err.fix());
    let empty = tempfile::tempdir().unwrap();
    write(empty.path(), "notes.txt", "x");
    let err = prepare(Some(&source(empty.path()))).unwrap_err();
    assert!(err.fix().contains("--runtime"), "{}", err.fix());
}

#[test]
fn byo_pips_package_dir_is_zipped_at_the_root_as_aws_documents() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.py",
        "import jwt\n\ndef handler(event, context):\n    return {}\n",
    );
    write(dir.path(), "requirements.txt", "PyJWT\n");
    write(
        dir.path(),
        "package/jwt/__init__.py",
        "def decode(): pass\n",
    );
    write(dir.path(), "package/bin/tool", "#!/bin/sh\n");
    let code = prepare(Some(&source(dir.path()))).unwrap();
    let names: Vec<String> = entries(&code.zip).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["app.py", "bin/tool", "jwt/__init__.py", "requirements.txt"]
    );
    assert!(
        code.notes
            .last()
            .unwrap()
            .contains("package/ (pip --target)")
    );
    // The code's own package named `package` stays where it is.
    write(dir.path(), "package/__init__.py", "");
    let code = prepare(Some(&source(dir.path()))).unwrap();
    let names: Vec<String> = entries(&code.zip).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.contains(&"package/jwt/__init__.py".to_owned()),
        "{names:?}"
    );
}
