//! The AWS CLI as a learner runs it against the sandbox: `AUTHGATE_AWS_CLI` (scripts/test.sh
//! installs awscli into .venv), else `aws` on PATH, with `--endpoint-url`, throwaway
//! credentials and no profile or config file of the machine's.

use serde_json::Value;

/// The CLI's program, when it runs here.
pub fn program() -> Option<String> {
    let program = std::env::var("AUTHGATE_AWS_CLI").unwrap_or_else(|_| "aws".to_owned());
    let works = std::process::Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(program)
}

/// Runs `aws ARGS` against `endpoint` in `region`; it must succeed and print JSON (or
/// nothing: `Null`).
pub async fn run(program: &str, endpoint: &str, region: &str, args: &[&str]) -> Value {
    let out = tokio::process::Command::new(program)
        .args([
            "--endpoint-url",
            endpoint,
            "--region",
            region,
            "--output",
            "json",
        ])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "aws {args:?}: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Some commands print nothing on success (attach-role-policy, update-assume-role-policy).
    if stdout.trim().is_empty() {
        return Value::Null;
    }
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("aws {args:?}: {e}: {stdout}"))
}
