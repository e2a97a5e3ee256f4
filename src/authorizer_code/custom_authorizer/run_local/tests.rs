//! Your code run once in the sandbox crate's Lambda runtime (needs `node`, as the sandbox does).

use std::path::Path;

use serde_json::json;

use super::*;
use crate::authorizer_code::custom_authorizer::{AuthorizerSource, prepare};

const POLICY: &str = r#"
export const handler = async (event) => {
  if (event.authorizationToken !== "Bearer good") throw new Error("Unauthorized");
  console.log("allowing");
  return {
    principalId: "someone",
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }],
    },
  };
};
"#;

fn code_in(dir: &Path, file: &str, source: &str) -> AuthorizerCode {
    std::fs::write(dir.join(file), source).unwrap();
    prepare(Some(&AuthorizerSource::new(dir))).unwrap()
}

fn event(token: &str) -> Value {
    json!({"type": "TOKEN", "authorizationToken": token, "methodArn": "arn:aws:execute-api:us-east-1:1:a/test/GET/pets"})
}

#[tokio::test]
async fn byo_run_locally_gives_the_policy_or_unauthorized_with_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let code = code_in(dir.path(), "index.mjs", POLICY);
    let run = run_locally(&code, "byo", BTreeMap::new(), &event("Bearer good"))
        .await
        .unwrap();
    assert_eq!(run.verdict.outcome(), "allow", "{run:?}");
    assert!(
        run.log.contains("allowing") && run.log.contains("REPORT"),
        "{}",
        run.log
    );
    let run = run_locally(&code, "byo", BTreeMap::new(), &event("Bearer bad"))
        .await
        .unwrap();
    assert_eq!(run.verdict, Verdict::Unauthorized);
}

#[tokio::test]
async fn byo_a_callback_handler_forced_onto_nodejs24_fails_at_init() {
    let dir = tempfile::tempdir().unwrap();
    let mut code = code_in(
        dir.path(),
        "index.js",
        "exports.handler = (event, context, callback) => callback(null, {});\n",
    );
    code.runtime = "nodejs24.x".to_owned();
    let run = run_locally(&code, "byo", BTreeMap::new(), &event("Bearer good"))
        .await
        .unwrap();
    let Verdict::Failed { error_type, .. } = &run.verdict else {
        panic!("{run:?}")
    };
    assert_eq!(error_type, "Runtime.CallbackHandlerDeprecated");
}
