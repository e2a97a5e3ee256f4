//! `authgate export` through the binary. After `setup` in one sandbox, the `sh` export run
//! against a second, empty sandbox (its own directory, `authgate sandbox` in the foreground)
//! rebuilds the tutorial there: 401 without a token, 401 with a bad one, 200 with a token of
//! the rebuilt test client; a second run converges without duplicates; no secret of the
//! source tenant is in the directory. The CloudFormation and SAM templates pass cfn-lint, the
//! SAM one translates offline with aws-sam-translator, the Terraform files parse with
//! python-hcl2 and declare both providers' resources (`tests/it/export/check_iac.py`). A setup
//! with a bring-your-own authorizer exports that code.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::byo_authorizers::fixture::Fixture;
use crate::support::{aws_cli, cli, foreground, management};
use authgate_sandbox::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET};

const CHECKER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/export/check_iac.py");

/// The Python with cfn-lint, aws-sam-translator and python-hcl2 (scripts/test.sh installs them
/// into .venv); without it the template checks skip, unless `AUTHGATE_REQUIRE_IAC=1`.
fn iac_python() -> Option<String> {
    let python = std::env::var("AUTHGATE_IAC_PYTHON").ok();
    let works = python.as_ref().is_some_and(|p| {
        Command::new(p)
            .args(["-c", "import cfnlint, samtranslator, hcl2"])
            .status()
            .is_ok_and(|s| s.success())
    });
    if !works {
        assert!(
            std::env::var("AUTHGATE_REQUIRE_IAC").is_err(),
            "AUTHGATE_IAC_PYTHON={python:?} lacks cfn-lint, aws-sam-translator or python-hcl2"
        );
        eprintln!(
            "skipped: set AUTHGATE_IAC_PYTHON to a python with cfn-lint, aws-sam-translator and python-hcl2 (scripts/test.sh does)"
        );
    }
    works.then(|| python.unwrap_or_default())
}

fn export(dir: &Path, format: &str) -> std::path::PathBuf {
    let out = dir.join(format!("export-{format}"));
    let out_text = out.display().to_string();
    cli::run_ok(dir, &["export", "--format", format, "--out", &out_text]);
    out
}

fn check(python: &str, what: &str, out: &Path) -> Value {
    let run = Command::new(python)
        .args([CHECKER, what])
        .arg(out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{what}: {}\n{stdout}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{what}: {e}: {stdout}"))
}

/// Every file of `dir`, as text (lossy for the zip).
fn contents(dir: &Path) -> String {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| String::from_utf8_lossy(&std::fs::read(e.unwrap().path()).unwrap()).into_owned())
        .collect()
}

async fn client_secret(http: &reqwest::Client, base: &str, client_id: &str) -> String {
    let mgmt = management::management_token(http, base).await;
    let client: Value = http
        .get(format!("{base}/api/v2/clients/{client_id}"))
        .bearer_auth(mgmt)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    client["client_secret"].as_str().unwrap().to_owned()
}

/// `deploy.sh` against the sandbox at `base`, as a user runs it; its stdout's `KEY=value` lines.
fn deploy(script: &Path, base: &str, aws: &str) -> Vec<(String, String)> {
    let aws_dir = Path::new(aws).parent().map(Path::to_path_buf);
    let path = std::env::join_paths(aws_dir.into_iter().chain(std::env::split_paths(
        &std::env::var("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = Command::new("bash")
        .arg(script)
        .env("PATH", path)
        .env("AUTH0_DOMAIN", base)
        .env("AUTH0_CLIENT_ID", MANAGEMENT_CLIENT_ID)
        .env("AUTH0_CLIENT_SECRET", MANAGEMENT_CLIENT_SECRET)
        .env("AWS_ENDPOINT_URL", base)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "deploy.sh failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("INVOKE_URL="), "the last line is {last:?}");
    stdout
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn value_of<'a>(lines: &'a [(String, String)], key: &str) -> &'a str {
    lines
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

#[tokio::test(flavor = "multi_thread")]
async fn export_sh_rebuilds_the_tutorial_in_a_second_empty_sandbox() {
    let Some(aws) = aws_cli::program() else {
        assert!(
            std::env::var("AUTHGATE_REQUIRE_MOTO").is_err(),
            "the AWS CLI is needed (AUTHGATE_AWS_CLI)"
        );
        eprintln!("skipped: no AWS CLI (set AUTHGATE_AWS_CLI)");
        return;
    };
    let source = tempfile::tempdir().unwrap();
    let source_sandbox = foreground::sandbox(source.path());
    cli::run_ok(source.path(), &["setup", "--yes"]);
    let out = export(source.path(), "sh");
    let http = authgate_core::http::client();
    let state = std::fs::read_to_string(source.path().join(".authgate/state.toml")).unwrap();
    let state: toml::Table = toml::from_str(&state).unwrap();
    let source_client = state["resources"]["auth0.test_client"]["id"]
        .as_str()
        .unwrap();
    let source_secret = client_secret(&http, &source_sandbox.base_url, source_client).await;
    let everything = contents(&out);
    assert!(
        !everything.contains(&source_secret),
        "the source test client's secret is in {}",
        out.display()
    );
    assert!(
        !everything.contains(MANAGEMENT_CLIENT_SECRET),
        "the management secret is in {}",
        out.display()
    );
    drop(source_sandbox);

    let target = tempfile::tempdir().unwrap();
    let target_sandbox = foreground::sandbox(target.path());
    let base = target_sandbox.base_url.clone();
    let first = deploy(&out.join("deploy.sh"), &base, &aws);
    let invoke = value_of(&first, "INVOKE_URL").to_owned();
    assert!(invoke.starts_with(&format!("{base}/restapis/")), "{invoke}");
    let client_id = value_of(&first, "TEST_CLIENT_ID").to_owned();
    let secret = client_secret(&http, &base, &client_id).await;
    let grant: Value = http
        .post(format!("{base}/oauth/token"))
        .json(&json!({
            "grant_type": "client_credentials", "client_id": client_id,
            "client_secret": secret, "audience": "https://petstore.authgate.example",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = grant["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{grant}"));
    let pets = format!("{invoke}/pets");
    for (auth, want) in [
        (None, 401),
        (Some("Bearer not.a.token"), 401),
        (Some(&*format!("Bearer {token}")), 200),
    ] {
        let mut request = http.get(&pets);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let got = request.send().await.unwrap();
        assert_eq!(
            got.status().as_u16(),
            want,
            "GET {pets} with {:?}",
            auth.map(|a| &a[..10])
        );
    }

    // Safe to rerun: it converges on what the first run made.
    let second = deploy(&out.join("deploy.sh"), &base, &aws);
    assert_eq!(value_of(&second, "INVOKE_URL"), invoke);
    assert_eq!(value_of(&second, "TEST_CLIENT_ID"), client_id);
    let apis = aws_cli::run(&aws, &base, "us-east-1", &["apigateway", "get-rest-apis"]).await;
    let named = apis["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["name"] == "PetStore")
        .count();
    assert_eq!(named, 1, "{apis}");
}

#[test]
fn export_templates_pass_cfn_lint_sam_translator_and_hcl2() {
    let Some(python) = iac_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = foreground::sandbox(dir.path());
    cli::run_ok(dir.path(), &["setup", "--yes"]);

    let cfn = check(&python, "cfn", &export(dir.path(), "cloudformation"));
    assert_eq!(cfn["lint"]["errors"], json!([]), "{cfn}");
    let text =
        std::fs::read_to_string(dir.path().join("export-cloudformation/template.yaml")).unwrap();
    for trap in [
        "DependsOn:",
        "AWS::Lambda::Permission",
        "/authorizers/*",
        "AuthorizationType: CUSTOM",
        "Version: '2012-10-17'",
    ] {
        assert!(
            text.contains(trap),
            "{trap} missing from the CloudFormation template"
        );
    }

    let sam = check(&python, "sam", &export(dir.path(), "sam"));
    assert_eq!(sam["lint"]["errors"], json!([]), "{sam}");
    let t = &sam["translated"];
    for kind in [
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::Stage",
        "AWS::Lambda::Function",
        "AWS::Lambda::Permission",
    ] {
        assert!(
            t["types"].as_array().unwrap().contains(&json!(kind)),
            "{kind}: {t}"
        );
    }
    assert_eq!(
        t["schemes"],
        json!({ "JwtRsaCustomAuthorizer": "token" }),
        "{t}"
    );
    assert_eq!(
        t["security"]["GET /pets"],
        json!([["JwtRsaCustomAuthorizer"]]),
        "{t}"
    );
    assert_eq!(
        t["security"]["POST /pets"],
        json!([["JwtRsaCustomAuthorizer"]]),
        "{t}"
    );
    for open in ["OPTIONS /pets", "GET /", "GET /pets/{petId}"] {
        assert_eq!(t["security"][open], json!([]), "{open} must stay open: {t}");
    }
    assert!(
        t["permissions"].to_string().contains("/authorizers/*"),
        "{t}"
    );

    let tf = check(&python, "terraform", &export(dir.path(), "terraform"));
    let resources: Vec<&str> = tf["resource"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for want in [
        "auth0_resource_server.petstore",
        "auth0_resource_server_scopes.petstore",
        "auth0_client.test_client",
        "auth0_client_grant.test_client",
        "auth0_role.pets_reader",
        "aws_api_gateway_rest_api.petstore",
        "aws_lambda_function.authorizer",
        "aws_iam_role.authorizer",
        "aws_api_gateway_authorizer.auth0",
        "aws_api_gateway_method.get_pets",
        "aws_api_gateway_deployment.petstore",
        "aws_api_gateway_stage.petstore",
        "aws_lambda_permission.authorizer",
    ] {
        assert!(resources.contains(&want), "{want} is not declared: {tf}");
    }
    let providers = tf["provider"].to_string();
    assert!(
        providers.contains("auth0") && providers.contains("aws"),
        "{tf}"
    );
    let aws_tf = std::fs::read_to_string(dir.path().join("export-terraform/aws.tf")).unwrap();
    assert!(
        aws_tf.contains("create_before_destroy = true") && aws_tf.contains("redeployment"),
        "{aws_tf}"
    );
}

#[test]
fn export_carries_a_bring_your_own_authorizer() {
    let fixture = Fixture::ProvidedShell;
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = foreground::sandbox(dir.path());
    let code = fixture.dir().display().to_string();
    // The fixture checks no permissions: setup warns (exit 1) but builds everything.
    let setup = cli::run(dir.path(), &["setup", "--yes", "--authorizer", &code]);
    assert_eq!(setup.status.code(), Some(1));
    let out = export(dir.path(), "sh");
    let zip = std::fs::File::open(out.join("authorizer.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let mut bootstrap = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("bootstrap").unwrap(), &mut bootstrap).unwrap();
    assert_eq!(
        bootstrap,
        std::fs::read_to_string(fixture.dir().join("bootstrap")).unwrap()
    );
    let script = std::fs::read_to_string(out.join("deploy.sh")).unwrap();
    assert!(
        script.contains("FUNCTION_RUNTIME='provided.al2023'"),
        "{script}"
    );
    assert!(script.contains("FUNCTION_HANDLER='bootstrap'"), "{script}");
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(
        readme.contains(&code),
        "the README names the code's source: {readme}"
    );
}

#[test]
fn export_before_setup_says_what_to_run_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli::run(
        dir.path(),
        &["export", "--format", "terraform", "--out", "tf"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("nothing complete to export") && stderr.contains("authgate setup"),
        "{stderr}"
    );
    assert!(!dir.path().join("tf").exists());
}
