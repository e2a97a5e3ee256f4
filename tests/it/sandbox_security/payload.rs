//! What the hostile page tries to run: a function that writes a marker file, and the
//! requests that would create and run it. The SDK reads back that nothing was created.

use std::io::Write as _;
use std::path::Path;

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Environment, FunctionCode, Runtime};
use base64::Engine as _;
use serde_json::json;

use authgate_providers::aws::Aws;

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// A zip whose code writes `MARKER` as soon as it loads and again when invoked.
pub fn marker_zip() -> Vec<u8> {
    let source = "import { writeFileSync } from 'node:fs';\n\
                  writeFileSync(process.env.MARKER, 'loaded');\n\
                  export const handler = async () => { writeFileSync(process.env.MARKER, 'ran'); return {}; };\n";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("index.mjs", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(source.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn role_arn(name: &str) -> String {
    format!("arn:aws:iam::000000000000:role/{name}")
}

/// Lambda's `CreateFunction` body, as a page would post it (`text/plain`).
pub fn create_function_body(name: &str, marker: &Path) -> String {
    json!({
        "FunctionName": name,
        "Runtime": "nodejs22.x",
        "Role": role_arn(name),
        "Handler": "index.handler",
        "Code": { "ZipFile": base64::engine::general_purpose::STANDARD.encode(marker_zip()) },
        "Environment": { "Variables": { "MARKER": marker.display().to_string() } },
    })
    .to_string()
}

/// IAM's `CreateRole` as an HTML form's fields.
pub fn create_role_form(name: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("Action", "CreateRole")
        .append_pair("Version", "2010-05-08")
        .append_pair("RoleName", name)
        .append_pair("AssumeRolePolicyDocument", TRUST)
        .finish()
}

/// A client-credentials request for the sandbox's management app (its credentials are
/// public on purpose; what matters is that a page cannot read the answer).
pub fn token_form() -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_id", authgate_sandbox::MANAGEMENT_CLIENT_ID)
        .append_pair("client_secret", authgate_sandbox::MANAGEMENT_CLIENT_SECRET)
        .finish()
}

/// Through the SDK: no role and no function by that name.
pub async fn assert_nothing_created(aws: &Aws, name: &str) {
    let role = aws.iam.get_role().role_name(name).send().await;
    assert!(role.is_err(), "a role {name} was created: {role:?}");
    let functions = aws.lambda.list_functions().send().await.unwrap();
    let names: Vec<_> = functions
        .functions()
        .iter()
        .filter_map(|f| f.function_name())
        .collect();
    assert!(
        !names.contains(&name),
        "a function {name} was created: {names:?}"
    );
}

/// The same code, created and invoked the way the SDK does it (signed, no Origin).
pub async fn create_and_invoke_with_sdk(aws: &Aws, name: &str, marker: &Path) {
    aws.iam
        .create_role()
        .role_name(name)
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .unwrap();
    aws.lambda
        .create_function()
        .function_name(name)
        .runtime(Runtime::from("nodejs22.x"))
        .role(role_arn(name))
        .handler("index.handler")
        .code(
            FunctionCode::builder()
                .zip_file(Blob::new(marker_zip()))
                .build(),
        )
        .environment(
            Environment::builder()
                .variables("MARKER", marker.display().to_string())
                .build(),
        )
        .send()
        .await
        .unwrap();
    let invoked = aws
        .lambda
        .invoke()
        .function_name(name)
        .payload(Blob::new("{}"))
        .send()
        .await
        .unwrap();
    assert_eq!(invoked.function_error(), None, "{invoked:?}");
}
