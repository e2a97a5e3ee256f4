//! The tutorial's whole stack in a private sandbox (`authgate --sandbox setup --yes`), whose
//! authorizer function the test then replaces with somebody else's code through the AWS CLI,
//! as a user bringing their own authorizer would.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::fixture::{Fixture, REQUIRE_ENV};
use super::foreground;

/// The tutorial's names, which `setup` uses.
pub const FUNCTION: &str = "jwtRsaCustomAuthorizer";
const STAGE: &str = "test";

pub struct Stack {
    pub sandbox: foreground::Sandbox,
    pub dir: tempfile::TempDir,
    pub http: reqwest::Client,
    /// The stage's invoke URL, without a trailing slash.
    pub invoke: String,
    pub api_id: String,
    /// A valid access token from the sandbox's tenant (never printed).
    pub token: String,
    cli: String,
}

/// The AWS CLI, or `None` (skipped, or a failure under `AUTHGATE_REQUIRE_FIXTURES=1`).
fn aws_cli() -> Option<String> {
    let program = crate::support::aws_cli::program();
    if program.is_none() {
        let message = "no AWS CLI; `bash scripts/test.sh` installs one into .venv";
        assert!(
            std::env::var(REQUIRE_ENV).as_deref() != Ok("1"),
            "{message} ({REQUIRE_ENV}=1)"
        );
        eprintln!("skipped: {message}");
    }
    program
}

fn authgate(dir: &Path, args: &[&str]) -> String {
    String::from_utf8_lossy(&crate::support::cli::run_ok(dir, args).stdout).into_owned()
}

impl Stack {
    /// A sandbox with the tutorial's stack and the bundled authorizer; `None`: no AWS CLI.
    pub fn start() -> Option<Self> {
        let cli = aws_cli()?;
        let dir = tempfile::tempdir().unwrap();
        let sandbox = foreground::sandbox(dir.path());
        let summary = authgate(dir.path(), &["setup", "--yes"]);
        let invoke = summary
            .lines()
            .find_map(|line| line.strip_prefix("invoke URL: "))
            .unwrap_or_else(|| panic!("no invoke URL in the summary:\n{summary}"))
            .trim_end_matches('/')
            .to_owned();
        let api_id = invoke
            .split('/')
            .skip_while(|part| *part != "restapis")
            .nth(1)
            .unwrap_or_else(|| panic!("no API id in {invoke}"))
            .to_owned();
        let token = authgate(dir.path(), &["token"]).trim().to_owned();
        Some(Self {
            sandbox,
            dir,
            http: authgate_core::http::client(),
            invoke,
            api_id,
            token,
            cli,
        })
    }

    pub async fn aws(&self, args: &[&str]) -> Value {
        crate::support::aws_cli::run(&self.cli, &self.sandbox.base_url, "us-east-1", args).await
    }

    /// Replaces the authorizer function's runtime, handler and code with the fixture's.
    pub async fn deploy(&self, fixture: Fixture, runtime: &str) {
        let zip = fixture.zip(self.dir.path());
        let zip_arg = format!("fileb://{}", zip.display());
        let handler = fixture.handler();
        let fun = ["--function-name", FUNCTION];
        let config = ["--runtime", runtime, "--handler", handler];
        let args = [
            &["lambda", "update-function-configuration"],
            &fun[..],
            &config,
        ]
        .concat();
        let got = self.aws(&args).await;
        self.wait_for_update(got).await;
        let code = [
            &["lambda", "update-function-code"],
            &fun[..],
            &["--zip-file", &zip_arg],
        ];
        let got = self.aws(&code.concat()).await;
        assert_eq!(got["Runtime"], runtime, "{got}");
        assert_eq!(got["Handler"], handler, "{got}");
        self.wait_for_update(got).await;
    }

    /// Lambda refuses a second update while one is in progress: wait (at most 30 s) until
    /// the configuration (first: the update's own answer) no longer says so.
    async fn wait_for_update(&self, mut got: Value) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if got["LastUpdateStatus"] != "InProgress" {
                assert_eq!(got["LastUpdateStatus"], "Successful", "{got}");
                return;
            }
            assert!(Instant::now() < deadline, "still updating: {got}");
            tokio::time::sleep(Duration::from_millis(200)).await;
            let args = [
                "lambda",
                "get-function-configuration",
                "--function-name",
                FUNCTION,
            ];
            got = self.aws(&args).await;
        }
    }

    /// Authorizer result TTL 0 (redeployed), so every request runs the function.
    pub async fn uncached(&self) {
        let api = ["--rest-api-id", self.api_id.as_str()];
        let got = self
            .aws(&[&["apigateway", "get-authorizers"], &api[..]].concat())
            .await;
        let id = got["items"][0]["id"]
            .as_str()
            .expect("an authorizer")
            .to_owned();
        let patch = "op=replace,path=/authorizerResultTtlInSeconds,value=0";
        let update = ["--authorizer-id", id.as_str(), "--patch-operations", patch];
        self.aws(&[&["apigateway", "update-authorizer"], &api[..], &update].concat())
            .await;
        let deploy = ["--stage-name", STAGE];
        self.aws(&[&["apigateway", "create-deployment"], &api[..], &deploy].concat())
            .await;
    }

    /// `GET /pets` through the invoke URL, with this Authorization header if any.
    pub async fn get_pets(&self, authorization: Option<&str>) -> (u16, String) {
        let mut request = self.http.get(format!("{}/pets", self.invoke));
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// The function's log, as `GET /sandbox/functions/{name}/log` serves it.
    pub async fn function_log(&self) -> Value {
        let url = format!("{}/sandbox/functions/{FUNCTION}/log", self.sandbox.base_url);
        let response = self.http.get(url).send().await.unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.unwrap()
    }

    /// How many invocations the function's log holds.
    pub async fn invocations(&self) -> usize {
        let log = self.function_log().await;
        log["invocations"].as_array().map_or(0, Vec::len)
    }

    /// The valid token's claims and key id, signed with another key (tests/fixtures'
    /// throwaway RSA key): the shape and kid are right, only the signature is forged.
    pub fn forged_token(&self) -> String {
        let header = jsonwebtoken::decode_header(&self.token).unwrap();
        let claims_b64 = self.token.split('.').nth(1).unwrap();
        let claims: Value = serde_json::from_slice(
            &base64::Engine::decode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                claims_b64,
            )
            .unwrap(),
        )
        .unwrap();
        let mut forged = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        forged.kid = header.kid;
        let pem = include_bytes!("../../fixtures/rsa-test-key.pem");
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(pem).unwrap();
        jsonwebtoken::encode(&forged, &claims, &key).unwrap()
    }
}
