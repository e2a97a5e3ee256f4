//! A secured `PetStore` in a fresh sandbox with a small Python authorizer whose answer the
//! token names (`Bearer allow`, `Bearer deny`, `Bearer nested`, anything else: Unauthorized),
//! so each gateway response can be provoked on purpose; and a Python proxy backend that
//! echoes what API Gateway tells it about the caller.

use std::io::Write as _;
use std::sync::Mutex;

use authgate_providers::aws::Aws;
use authgate_providers::aws::apigateway::{StageSpec, deploy, ensure_rest_api, ensure_stage};
use authgate_providers::aws::authorizer::{AuthorizerSpec, ensure_authorizer};
use authgate_providers::aws::iam::ensure_role;
use authgate_providers::aws::lambda::{FunctionSpec, ensure_function};
use authgate_providers::aws::secure::{SecureScope, SecureSpec, secure};
use serde_json::Value;

use crate::aws_moto::FAST;
use crate::aws_moto::backend::{Backend, Sandbox};

/// The authorizer: a TOKEN authorizer in Python (stage-wide policies, TTL 0).
pub const AUTHORIZER: &str = r#"
def handler(event, context):
    token = event.get("authorizationToken", "")
    arn = event["methodArn"]
    print("authorizer called for " + arn)
    stage_wide = "/".join(arn.split("/")[:2]) + "/*/*"
    def answer(effect, context):
        return {"principalId": "user-1",
                "policyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Action": "execute-api:Invoke", "Effect": effect, "Resource": stage_wide}]},
                "context": context}
    if token == "Bearer allow":
        return answer("Allow", {"scope": "read:pets", "count": 3, "admin": True})
    if token == "Bearer deny":
        return answer("Deny", {})
    if token == "Bearer nested":
        return answer("Allow", {"claims": {"sub": "user-1"}})
    raise Exception("Unauthorized")
"#;

/// A proxy backend that answers with what it was told about the caller.
pub const ECHO: &str = r#"
import json
def handler(event, context):
    return {"statusCode": 200,
            "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"},
            "body": json.dumps({"authorizer": event["requestContext"].get("authorizer"),
                                "resource": event["resource"], "path": event["path"]})}
"#;

pub struct Stack {
    pub backend: Backend,
    pub aws: Aws,
    pub api_id: String,
    pub stage: StageSpec,
    pub authorizer_id: String,
    pub role_arn: String,
    pub http: reqwest::Client,
}

/// A zip holding `index.py`, and its SHA-256 (base64).
pub fn python_zip(source: &str) -> (Vec<u8>, String) {
    use base64::Engine as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("index.py", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(source.as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let sha = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &bytes);
    let sha = base64::engine::general_purpose::STANDARD.encode(sha.as_ref());
    (bytes, sha)
}

impl Stack {
    /// Steps 2 to 4 with the Python authorizer on GET and POST /pets.
    pub async fn start() -> Self {
        let backend = Backend::Sandbox(Sandbox::start().await);
        let aws = backend.aws().await;
        let report = Mutex::new(Vec::new());
        let api = ensure_rest_api(&aws, None, &report).await.unwrap();
        let stage = StageSpec::default();
        ensure_stage(&aws, &api.id, &stage, &report).await.unwrap();
        let role = ensure_role(&aws, "BrowserRole", &report).await.unwrap();
        let function_arn = Self::function(&aws, &role.arn, "pyAuthorizer", AUTHORIZER).await;
        let spec = AuthorizerSpec {
            api_id: &api.id,
            name: "py-authorizer",
            function_arn: &function_arn,
            role_arn: &role.arn,
            ttl_secs: 0,
        };
        let authorizer = ensure_authorizer(&aws, &spec, &report).await.unwrap();
        let secure_spec = SecureSpec {
            api_id: &api.id,
            authorizer_id: &authorizer.id,
            scope: SecureScope::Pets,
            stage: &stage,
            authorizer_changed: true,
            remembered_deployment: None,
        };
        secure(&aws, &secure_spec, &report).await.unwrap();
        Self {
            backend,
            aws,
            api_id: api.id,
            stage,
            authorizer_id: authorizer.id,
            role_arn: role.arn,
            http: authgate_core::http::client(),
        }
    }

    /// Creates a Python function; its ARN.
    pub async fn function(aws: &Aws, role_arn: &str, name: &str, source: &str) -> String {
        let (zip, sha) = python_zip(source);
        let spec = FunctionSpec {
            name,
            runtime: "python3.12",
            handler: "index.handler",
            role_arn,
            zip: &zip,
            zip_sha256_b64: &sha,
            env: std::collections::BTreeMap::new(),
        };
        let report = Mutex::new(Vec::new());
        ensure_function(aws, &spec, FAST, &report)
            .await
            .unwrap()
            .arn
    }

    pub fn endpoint(&self) -> &str {
        self.backend.endpoint()
    }

    /// The stage's invoke URL for `path`.
    pub fn url(&self, path: &str) -> String {
        format!(
            "{}/restapis/{}/{}/_user_request_{path}",
            self.endpoint(),
            self.api_id,
            self.stage.name
        )
    }

    pub async fn redeploy(&self) {
        deploy(&self.aws, &self.api_id, &self.stage).await.unwrap();
    }

    /// `method path` with an optional `Authorization`, from a page at `origin`.
    pub async fn call(&self, method: &str, path: &str, token: Option<&str>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .http
            .request(method, self.url(path))
            .header("Origin", ORIGIN);
        if let Some(token) = token {
            request = request.header("Authorization", token);
        }
        Answer::read(request.send().await.unwrap()).await
    }

    /// How many times the authorizer function ran (its log, as `CloudWatch` would show it).
    pub async fn authorizer_runs(&self) -> usize {
        let url = format!("{}/sandbox/functions/pyAuthorizer/log", self.endpoint());
        let log: Value = self
            .http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        log["invocations"].as_array().map_or(0, Vec::len)
    }

    /// The id of the resource at `path`.
    pub async fn resource(&self, path: &str) -> String {
        authgate_providers::aws::apigateway::resources(&self.aws, &self.api_id)
            .await
            .unwrap()[path]
            .id
            .clone()
            .unwrap()
    }
}

/// The page's origin in these tests.
pub const ORIGIN: &str = "http://127.0.0.1:7777";

/// What a caller sees of an answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Answer {
    async fn read(response: reqwest::Response) -> Self {
        Self {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}
