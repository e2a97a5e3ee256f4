//! One sandbox with the tutorial made by `authgate --sandbox setup --yes`, shared by several
//! scenarios in turn, and the learner's own fix for each (the AWS CLI, the Management API,
//! the sandbox's clock hook): never `scenario reset`.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{aws_cli, cli, foreground, management};

const REGION: &str = "us-east-1";

pub struct Stack {
    pub sandbox: foreground::Sandbox,
    pub dir: tempfile::TempDir,
    http: reqwest::Client,
    program: String,
    mgmt: String,
    api_id: String,
    authorizer_id: String,
}

impl Stack {
    /// `None`: no AWS CLI (skipped, or a failure under `AUTHGATE_REQUIRE_MOTO=1`).
    pub async fn start() -> Option<Self> {
        let program = crate::check_cli::aws_program()?;
        let dir = tempfile::tempdir().unwrap();
        let sandbox = foreground::sandbox(dir.path());
        cli::run_ok(dir.path(), &["setup", "--yes"]);
        let http = authgate_core::http::client();
        let mgmt = management::management_token(&http, &sandbox.base_url).await;
        let mut stack = Self {
            sandbox,
            dir,
            http,
            program,
            mgmt,
            api_id: String::new(),
            authorizer_id: String::new(),
        };
        let apis = stack.aws(&["apigateway", "get-rest-apis"]).await;
        apis["items"][0]["id"]
            .as_str()
            .unwrap()
            .clone_into(&mut stack.api_id);
        let api = ["--rest-api-id", stack.api_id.as_str()];
        let authorizers = stack
            .aws(&[&["apigateway", "get-authorizers"], &api[..]].concat())
            .await;
        authorizers["items"][0]["id"]
            .as_str()
            .unwrap()
            .clone_into(&mut stack.authorizer_id);
        Some(stack)
    }

    fn base(&self) -> &str {
        &self.sandbox.base_url
    }

    async fn aws(&self, args: &[&str]) -> Value {
        aws_cli::run(&self.program, self.base(), REGION, args).await
    }

    async fn auth0(&self, method: Method, path: &str, body: Option<&Value>) -> Value {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base()))
            .bearer_auth(&self.mgmt);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{method} {path}: {}",
            response.status()
        );
        response.json().await.unwrap_or(Value::Null)
    }

    /// `authgate --sandbox ARGS` here: exit code and stdout.
    pub fn authgate(&self, args: &[&str]) -> (i32, String) {
        let out = cli::run(self.dir.path(), args);
        let code = out.status.code().unwrap_or(-1);
        (code, String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// `authgate --sandbox check --json`: exit code and report.
    pub fn check(&self) -> (i32, Value) {
        let (code, out) = self.authgate(&["check", "--json"]);
        (
            code,
            serde_json::from_str(&out).expect("check --json prints JSON"),
        )
    }

    async fn set_env(&self, name: &str, value: &str) {
        let function = ["--function-name", "jwtRsaCustomAuthorizer"];
        let config = self
            .aws(&[&["lambda", "get-function-configuration"], &function[..]].concat())
            .await;
        let mut vars = config["Environment"]["Variables"].clone();
        vars[name] = Value::from(value);
        let env = json!({ "Variables": vars }).to_string();
        self.aws(
            &[
                &["lambda", "update-function-configuration"],
                &function[..],
                &["--environment", &env],
            ]
            .concat(),
        )
        .await;
    }

    async fn deploy(&self) {
        self.aws(&[
            "apigateway",
            "create-deployment",
            "--rest-api-id",
            &self.api_id,
            "--stage-name",
            "test",
        ])
        .await;
    }

    async fn patch_authorizer(&self, path: &str, value: &str) {
        let op = json!([{"op": "replace", "path": path, "value": value}]).to_string();
        self.aws(&[
            "apigateway",
            "update-authorizer",
            "--rest-api-id",
            &self.api_id,
            "--authorizer-id",
            &self.authorizer_id,
            "--patch-operations",
            &op,
        ])
        .await;
    }

    /// The fix a learner makes for scenario `name`, by hand.
    pub async fn learner_fix(&self, name: &str) {
        let base = self.base().to_owned();
        match name {
            "issuer-without-slash" => self.set_env("TOKEN_ISSUER", &format!("{base}/")).await,
            "audience-not-identifier" => {
                self.set_env("AUDIENCE", "https://petstore.authgate.example")
                    .await;
            }
            "jwks-uri-wrong" => {
                self.set_env("JWKS_URI", &format!("{base}/.well-known/jwks.json"))
                    .await;
            }
            "validation-refuses-header" => {
                self.patch_authorizer(
                    "/identityValidationExpression",
                    r"^Bearer [-0-9a-zA-Z\._]*$",
                )
                .await;
                self.deploy().await;
            }
            "secured-not-redeployed" => self.deploy().await,
            "role-cannot-invoke" => {
                self.aws(&[
                    "iam",
                    "attach-role-policy",
                    "--role-name",
                    "Auth0Integration",
                    "--policy-arn",
                    "arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
                ])
                .await;
            }
            "cache-trap" => {
                self.patch_authorizer("/authorizerResultTtlInSeconds", "0")
                    .await;
                self.deploy().await;
            }
            "api-signs-hs256" | "read-only-writer" => self.fix_auth0(name).await,
            "expired-token" => {
                let url = format!("{base}/sandbox/clock-skew");
                let r = self
                    .http
                    .post(url)
                    .json(&json!({"skew_secs": 0}))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
            }
            "keys-rotated" => {
                self.aws(&[
                    "lambda",
                    "update-function-configuration",
                    "--function-name",
                    "jwtRsaCustomAuthorizer",
                    "--description",
                    "fresh environments",
                ])
                .await;
            }
            "cors-401-unreadable" => {
                // The console's Gateway responses > Default 4XX > Response headers, as the CLI.
                let origin = authgate_providers::aws::cors::default_origin();
                let op = json!([{"op": "add",
                    "path": "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin",
                    "value": format!("'{origin}'")}])
                .to_string();
                self.aws(&[
                    "apigateway",
                    "update-gateway-response",
                    "--rest-api-id",
                    &self.api_id,
                    "--response-type",
                    "DEFAULT_4XX",
                    "--patch-operations",
                    &op,
                ])
                .await;
                self.deploy().await;
            }
            other => panic!("no learner's fix written for scenario {other}"),
        }
    }

    async fn fix_auth0(&self, name: &str) {
        let apis = self
            .auth0(Method::GET, "/api/v2/resource-servers", None)
            .await;
        let api = apis
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["identifier"] == "https://petstore.authgate.example")
            .unwrap();
        if name == "api-signs-hs256" {
            let path = format!("/api/v2/resource-servers/{}", api["id"].as_str().unwrap());
            self.auth0(Method::PATCH, &path, Some(&json!({"signing_alg": "RS256"})))
                .await;
            return;
        }
        let grants = self
            .auth0(
                Method::GET,
                "/api/v2/client-grants?audience=https%3A%2F%2Fpetstore.authgate.example",
                None,
            )
            .await;
        let clients = self.auth0(Method::GET, "/api/v2/clients", None).await;
        let writer = clients
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["client_metadata"]["authgate_role"] == "writer-client")
            .unwrap();
        let grant = grants
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["client_id"] == writer["client_id"])
            .unwrap();
        let path = format!("/api/v2/client-grants/{}", grant["id"].as_str().unwrap());
        let body = json!({"scope": ["read:pets", "write:pets"]});
        self.auth0(Method::PATCH, &path, Some(&body)).await;
    }
}
