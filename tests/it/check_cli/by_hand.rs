//! The tutorial done by hand in a private sandbox, as a learner would: the Auth0 objects with
//! the Management API (reqwest standing in for curl), the AWS side with the AWS CLI and
//! `--endpoint-url`. Nothing here comes from `authgate setup`: the only authgate commands are
//! `authorizer bundle` (the sample's `npm run bundle`) and the `check` under test.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::{aws_cli, cli, foreground, management};

pub const REGION: &str = "us-east-1";
pub const AUDIENCE: &str = "https://pets.by-hand.example";
pub const FUNCTION: &str = "jwtRsaCustomAuthorizer";
pub const ROLE: &str = "Auth0Integration";
pub const LAMBDA_ROLE: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole";
pub const VALIDATION: &str = r"^Bearer [-0-9a-zA-Z\._]*$";

pub struct HandStack {
    pub sandbox: foreground::Sandbox,
    pub dir: tempfile::TempDir,
    http: reqwest::Client,
    cli: String,
    mgmt: String,
    pub api_id: String,
    pub pets_id: String,
    pub authorizer_id: String,
    pub auth0_api_id: String,
    pub function_arn: String,
    /// The test application's id and secret (the secret only to prove check never prints it).
    pub client: (String, String),
}

/// The AWS CLI, or `None`: skipped, or a failure under `AUTHGATE_REQUIRE_MOTO=1` (the test
/// command installs the CLI with moto).
pub fn aws_program() -> Option<String> {
    let program = aws_cli::program();
    if program.is_none() {
        let message = "no AWS CLI; `bash scripts/test.sh` installs one into .venv";
        assert!(
            std::env::var("AUTHGATE_REQUIRE_MOTO").as_deref() != Ok("1"),
            "{message} (AUTHGATE_REQUIRE_MOTO=1)"
        );
        eprintln!("skipped: {message}");
    }
    program
}

impl HandStack {
    /// Steps 1–5 by hand; `None` without an AWS CLI.
    pub async fn build() -> Option<Self> {
        let cli = aws_program()?;
        let dir = tempfile::tempdir().unwrap();
        let sandbox = foreground::sandbox(dir.path());
        let http = authgate_core::http::client();
        let mgmt = management::management_token(&http, &sandbox.base_url).await;
        let mut stack = Self {
            sandbox,
            dir,
            http,
            cli,
            mgmt,
            api_id: String::new(),
            pets_id: String::new(),
            authorizer_id: String::new(),
            auth0_api_id: String::new(),
            function_arn: String::new(),
            client: (String::new(), String::new()),
        };
        stack.step1().await;
        stack.step2().await;
        stack.step3().await;
        stack.step4().await;
        Some(stack)
    }

    pub fn base(&self) -> &str {
        &self.sandbox.base_url
    }

    /// The AWS CLI program the learner types as `aws`.
    pub fn program(&self) -> &str {
        &self.cli
    }

    /// A Management API call, as `curl -H "Authorization: Bearer $MGMT_TOKEN"` would make it.
    pub async fn auth0(&self, method: reqwest::Method, path: &str, body: &Value) -> Value {
        let response = self
            .http
            .request(method.clone(), format!("{}{path}", self.base()))
            .bearer_auth(&self.mgmt)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let value: Value = response.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{method} {path}: {status} {value}");
        value
    }

    pub async fn aws(&self, args: &[&str]) -> Value {
        aws_cli::run(&self.cli, self.base(), REGION, args).await
    }

    async fn step1(&mut self) {
        let api = self
            .auth0(
                reqwest::Method::POST,
                "/api/v2/resource-servers",
                &json!({
                    "name": "PetStore by hand", "identifier": AUDIENCE, "signing_alg": "RS256",
                    "scopes": [{"value": "read:pets", "description": "Read the pets"}],
                }),
            )
            .await;
        api["id"]
            .as_str()
            .unwrap()
            .clone_into(&mut self.auth0_api_id);
        let client = self
            .auth0(
                reqwest::Method::POST,
                "/api/v2/clients",
                &json!({
                    "name": "my test app", "app_type": "non_interactive",
                    "grant_types": ["client_credentials"],
                }),
            )
            .await;
        let client_id = client["client_id"].as_str().unwrap();
        self.client = (
            client_id.to_owned(),
            client["client_secret"].as_str().unwrap().to_owned(),
        );
        self.auth0(
            reqwest::Method::POST,
            "/api/v2/client-grants",
            &json!({
                "client_id": client_id, "audience": AUDIENCE, "scope": ["read:pets"],
            }),
        )
        .await;
    }

    async fn step2(&mut self) {
        let definition = self.dir.path().join("petstore.json");
        std::fs::write(&definition, authgate_core::tutorial::PETSTORE_OPENAPI).unwrap();
        let body = format!("fileb://{}", definition.display());
        let api = self
            .aws(&[
                "apigateway",
                "import-rest-api",
                "--parameters",
                "endpointConfigurationTypes=REGIONAL",
                "--body",
                &body,
            ])
            .await;
        api["id"].as_str().unwrap().clone_into(&mut self.api_id);
        self.deploy().await;
        let resources = self
            .aws(&["apigateway", "get-resources", "--rest-api-id", &self.api_id])
            .await;
        resources["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"] == "/pets")
            .and_then(|r| r["id"].as_str())
            .unwrap()
            .clone_into(&mut self.pets_id);
    }

    pub async fn deploy(&self) {
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

    /// The environment the tutorial's step 3 sets, with `changes` applied.
    pub fn env(&self, changes: &[(&str, &str)]) -> String {
        let mut vars = serde_json::Map::new();
        vars.insert("TOKEN_ISSUER".into(), format!("{}/", self.base()).into());
        vars.insert(
            "JWKS_URI".into(),
            format!("{}/.well-known/jwks.json", self.base()).into(),
        );
        vars.insert("AUDIENCE".into(), AUDIENCE.into());
        for (k, v) in changes {
            vars.insert((*k).to_owned(), (*v).into());
        }
        json!({ "Variables": vars }).to_string()
    }

    async fn step3(&mut self) {
        let trust = authgate_providers::aws::iam::trust_policy().to_string();
        let role = self
            .aws(&[
                "iam",
                "create-role",
                "--role-name",
                ROLE,
                "--assume-role-policy-document",
                &trust,
            ])
            .await;
        let role_arn = role["Role"]["Arn"].as_str().unwrap().to_owned();
        self.aws(&[
            "iam",
            "attach-role-policy",
            "--role-name",
            ROLE,
            "--policy-arn",
            LAMBDA_ROLE,
        ])
        .await;
        let zip = self.dir.path().join("custom-authorizer.zip");
        let zip_arg = zip.display().to_string();
        cli::run_ok(self.dir.path(), &["authorizer", "bundle", "-o", &zip_arg]);
        let zip_arg = format!("fileb://{zip_arg}");
        let function = self
            .aws(&[
                "lambda",
                "create-function",
                "--function-name",
                FUNCTION,
                "--runtime",
                "nodejs22.x",
                "--handler",
                "index.handler",
                "--role",
                &role_arn,
                "--zip-file",
                &zip_arg,
                "--timeout",
                "30",
                "--environment",
                &self.env(&[]),
            ])
            .await;
        function["FunctionArn"]
            .as_str()
            .unwrap()
            .clone_into(&mut self.function_arn);
        let uri = format!(
            "arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{}/invocations",
            self.function_arn
        );
        let authorizer = self
            .aws(&[
                "apigateway",
                "create-authorizer",
                "--rest-api-id",
                &self.api_id,
                "--name",
                "jwt-rsa-custom-authorizer",
                "--type",
                "TOKEN",
                "--authorizer-uri",
                &uri,
                "--authorizer-credentials",
                &role_arn,
                "--identity-source",
                "method.request.header.Authorization",
                "--identity-validation-expression",
                VALIDATION,
                "--authorizer-result-ttl-in-seconds",
                "300",
            ])
            .await;
        authorizer["id"]
            .as_str()
            .unwrap()
            .clone_into(&mut self.authorizer_id);
    }

    async fn step4(&mut self) {
        self.set_get_pets("CUSTOM").await;
        self.deploy().await;
    }

    /// `GET /pets`'s authorization: `CUSTOM` with the authorizer, or `NONE`.
    pub async fn set_get_pets(&self, kind: &str) {
        let auth = format!("op=replace,path=/authorizationType,value={kind}");
        let id = format!("op=replace,path=/authorizerId,value={}", self.authorizer_id);
        let mut args = vec![
            "apigateway",
            "update-method",
            "--rest-api-id",
            &self.api_id,
            "--resource-id",
            &self.pets_id,
            "--http-method",
            "GET",
            "--patch-operations",
            &auth,
        ];
        if kind == "CUSTOM" {
            args.push(&id);
        }
        self.aws(&args).await;
    }

    pub async fn set_env(&self, changes: &[(&str, &str)]) {
        self.aws(&[
            "lambda",
            "update-function-configuration",
            "--function-name",
            FUNCTION,
            "--environment",
            &self.env(changes),
        ])
        .await;
    }

    pub async fn patch_authorizer(&self, path: &str, value: &str) {
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

    /// A token of the test application, as `curl …/oauth/token` gets it.
    pub async fn token(&self) -> String {
        let grant: Value = self
            .http
            .post(format!("{}/oauth/token", self.base()))
            .json(
                &json!({"grant_type": "client_credentials", "client_id": self.client.0,
                "client_secret": self.client.1, "audience": AUDIENCE}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        grant["access_token"].as_str().unwrap().to_owned()
    }

    /// `authgate --sandbox check --json ARGS` here: its exit code and report.
    pub fn check(&self, args: &[&str]) -> (i32, Value) {
        check_in(self.dir.path(), args)
    }
}

/// `authgate --sandbox check --json ARGS` in `dir`.
fn check_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = cli::run(dir, &[&["check", "--json"], args].concat());
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("check --json printed no JSON ({e})"));
    (out.status.code().unwrap_or(-1), report)
}
