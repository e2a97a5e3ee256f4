//! `verify --batch --json`, verified on every core: one output line per input line, in input
//! order, whatever the mix of outcomes; and a line fed alone is answered before the next one.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use authgate_core::jwt::test_tokens;
use serde_json::{Value, json};

fn command(dir: &Path) -> Command {
    std::fs::write(dir.join("jwks.json"), test_tokens::jwks().to_string()).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_authgate"));
    command
        .current_dir(dir)
        .args(["--state-dir", "empty", "verify", "--batch", "--json"])
        .args(["--issuer", test_tokens::ISS, "--audience", test_tokens::AUD])
        .args(["--jwks-file", "jwks.json", "--method-arn", test_tokens::ARN])
        .env("NO_COLOR", "1")
        .env_remove("AUTH0_DOMAIN");
    command
}

/// A token for line `i`, valid now, told apart by its `jti`.
fn token(i: usize, extra: &Value) -> String {
    let now = jiff::Timestamp::now().as_second();
    let mut claims = json!({"iat": now - 60, "exp": now + 3600, "jti": format!("line-{i}")});
    for (k, v) in extra.as_object().unwrap() {
        claims[k] = v.clone();
    }
    format!("Bearer {}", test_tokens::token(&claims))
}

#[test]
fn many_lines_come_back_in_order_with_each_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let expected: Vec<&str> = (0..300)
        .map(|i| match i % 7 {
            3 => "malformed",
            5 => "audience_mismatch",
            _ => "allow",
        })
        .collect();
    let input: String = expected
        .iter()
        .enumerate()
        .map(|(i, want)| match *want {
            "malformed" => format!("Bearer not-a-token-{i}\n"),
            "audience_mismatch" => {
                format!("{}\n", token(i, &json!({"aud": "https://other.example"})))
            }
            _ => format!("{}\n", token(i, &json!({}))),
        })
        .collect();
    std::fs::write(dir.path().join("lines"), input).unwrap();
    let output = command(dir.path())
        .stdin(std::fs::File::open(dir.path().join("lines")).unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "not every line allowed");
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), expected.len());
    for (i, (line, want)) in lines.iter().zip(&expected).enumerate() {
        if *want == "allow" {
            assert_eq!(line["outcome"], "allow", "line {i}: {line}");
            assert_eq!(
                line["claims"]["jti"],
                format!("line-{i}"),
                "line {i} out of order"
            );
            assert_eq!(line["method_arn"], test_tokens::ARN);
        } else {
            assert_eq!(line["outcome"], "unauthorized", "line {i}: {line}");
            let reason = line["reason"].as_str().unwrap();
            assert!(reason.contains(want), "line {i}: {reason}, wanted {want}");
        }
    }
}

#[test]
fn a_line_fed_alone_is_answered_before_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = command(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let (sender, answers) = mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines() {
            if sender.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    for i in 0..3 {
        writeln!(stdin, "{}", token(i, &json!({}))).unwrap();
        stdin.flush().unwrap();
        let answer = answers
            .recv_timeout(Duration::from_secs(30))
            .expect("an answer while stdin stays open");
        let answer: Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(answer["claims"]["jti"], format!("line-{i}"));
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}
