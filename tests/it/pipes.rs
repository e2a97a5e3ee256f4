//! Every subcommand that prints to stdout, read by a consumer that stops early (`| head -1`)
//! or by none at all (the read end closed before it writes): authgate exits 0, says nothing on
//! stderr (no "Broken pipe" report, no backtrace) and sends no ANSI escape, under `NO_COLOR=1`.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A token with a header and claims but no valid signature: `inspect` explains it offline.
const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIn0.eyJzdWIiOiJ0ZXN0QGNsaWVudHMiLCJhdWQiOiJodHRwczovL3BldHN0b3JlLmV4YW1wbGUifQ.c2lnbmF0dXJl";
const V2_STATE: &str = include_str!("../fixtures/state-v2.toml");

#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// Reads one line, then closes its end (`| head -1`).
    HeadOne,
    /// Closes its end before authgate has written anything.
    Gone,
}

fn spawn(dir: &Path, args: &[&str], stdin: Option<&Path>) -> Child {
    let stdin = stdin.map_or_else(Stdio::null, |p| {
        Stdio::from(std::fs::File::open(dir.join(p)).unwrap())
    });
    Command::new(env!("CARGO_BIN_EXE_authgate"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env_remove("AUTH0_DOMAIN")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running authgate")
}

/// Waits up to a minute: a command that ignored the closed pipe would run on.
fn wait(child: &mut Child, what: &str) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > Duration::from_mins(1) {
            child.kill().unwrap();
            panic!("{what}: still running a minute after its stdout closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn check(dir: &Path, args: &[&str], stdin: Option<&Path>, reader: Reader) {
    let what = format!(
        "authgate {} ({})",
        args.join(" "),
        match reader {
            Reader::HeadOne => "| head -1",
            Reader::Gone => "stdout closed",
        }
    );
    let mut child = spawn(dir, args, stdin);
    let stdout = child.stdout.take().unwrap();
    if reader == Reader::HeadOne {
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).unwrap();
        assert!(!first.is_empty(), "{what}: printed nothing");
        assert!(
            !first.contains('\u{1b}'),
            "{what}: ANSI on stdout: {first:?}"
        );
    } else {
        drop(stdout);
    }
    let status = wait(&mut child, &what);
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    // `authorizer event` always warns that the file holds a token; nothing else may appear.
    let unexpected: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("warning: event.json contains a live access token"))
        .collect();
    assert!(unexpected.is_empty(), "{what}: stderr: {stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "{what}: ANSI on stderr: {stderr:?}"
    );
    // Output that fits in the pipe may all be written before `head` goes: then the command's
    // own outcome stands (`inspect` exits 1 on a token it cannot verify). A closed pipe is 0.
    let fitted = reader == Reader::HeadOne && status.code() == Some(outcome(dir, args, stdin));
    assert!(
        status.code() == Some(0) || fitted,
        "{what}: {status}; stderr: {stderr}"
    );
}

/// The exit code when every byte is written (to /dev/null).
fn outcome(dir: &Path, args: &[&str], stdin: Option<&Path>) -> i32 {
    let mut child = spawn(dir, args, stdin);
    let mut stdout = child.stdout.take().unwrap();
    std::io::copy(&mut stdout, &mut std::io::sink()).unwrap();
    wait(&mut child, "the full run").code().unwrap()
}

fn setup(dir: &Path) {
    let state = dir.join("v2");
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(state.join("state.toml"), V2_STATE).unwrap();
    let case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/conformance/allow_stage_scope_default.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let jwks = &case["jwks_responses"][0]["body"];
    std::fs::write(dir.join("jwks.json"), jwks.to_string()).unwrap();
    // Far more than a pipe holds, so the writes outlast the reader.
    let mut lines = std::io::BufWriter::new(std::fs::File::create(dir.join("lines")).unwrap());
    for _ in 0..50_000 {
        writeln!(lines, "Bearer {TOKEN}").unwrap();
    }
    lines.flush().unwrap();
    let event = serde_json::json!({
        "type": "TOKEN",
        "authorizationToken": format!("Bearer {TOKEN}"),
        "methodArn": "arn:aws:execute-api:us-east-1:123456789012:abc123/test/GET/pets",
    });
    std::fs::write(dir.join("run-event.json"), event.to_string()).unwrap();
}

#[test]
fn every_printing_subcommand_stops_quietly_when_its_reader_does() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    setup(dir);
    let verify = [
        "--state-dir",
        "empty",
        "verify",
        "--batch",
        "--json",
        "--issuer",
        "https://tenant.example/",
        "--audience",
        "https://petstore.example",
        "--jwks-file",
        "jwks.json",
    ];
    let arn = "arn:aws:execute-api:us-east-1:123456789012:abc123/test/GET/pets";
    let cases: Vec<(Vec<&str>, Option<&Path>)> = vec![
        (verify.to_vec(), Some(Path::new("lines"))),
        (
            vec!["--state-dir", "empty", "inspect", "--json", TOKEN],
            None,
        ),
        (vec!["--state-dir", "empty", "inspect", TOKEN], None),
        (vec!["completions", "bash"], None),
        (vec!["completions", "zsh"], None),
        (
            vec!["--state-dir", "v2", "status", "--offline", "--json"],
            None,
        ),
        (vec!["--state-dir", "v2", "status", "--offline"], None),
        (vec!["--state-dir", "empty", "teardown", "--yes"], None),
        (vec!["--state-dir", "empty", "scenario", "list"], None),
        (
            vec!["--state-dir", "empty", "scenario", "list", "--json"],
            None,
        ),
        (
            vec![
                "--state-dir",
                "empty",
                "authorizer",
                "bundle",
                "-o",
                "b.zip",
            ],
            None,
        ),
        (
            vec![
                "--state-dir",
                "empty",
                "authorizer",
                "event",
                "--token",
                TOKEN,
                "--method-arn",
                arn,
            ],
            None,
        ),
    ];
    for (args, stdin) in &cases {
        check(dir, args, *stdin, Reader::HeadOne);
        check(dir, args, *stdin, Reader::Gone);
    }
    // These run on after printing (a server) or need node: only the closed-at-start reader.
    let sandbox = ["sandbox", "--port", "0", "--dir", "sandbox"];
    check(dir, &sandbox, None, Reader::Gone);
    assert!(
        !dir.join("sandbox/endpoint.json").exists(),
        "the stopped sandbox leaves no endpoint behind"
    );
    if Command::new("node").arg("--version").output().is_ok() {
        let run = [
            "--state-dir",
            "empty",
            "authorizer",
            "run",
            "--event",
            "run-event.json",
        ];
        check(dir, &run, None, Reader::Gone);
    }
}

#[test]
fn a_reader_that_reads_everything_still_gets_everything() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let out = spawn(dir.path(), &["completions", "bash"], None)
        .wait_with_output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("complete -F _authgate"));
    assert!(out.stderr.is_empty());
}

/// A stdout that fails for another reason (a full disk) is an error, reported plainly: no
/// colour off a terminal, no backtrace unless `RUST_BACKTRACE` asks for one.
#[test]
fn another_write_error_is_reported_without_colour_or_backtrace() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not Linux
    };
    let out = Command::new(env!("CARGO_BIN_EXE_authgate"))
        .args(["completions", "bash"])
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write to stdout"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(
        !stderr.contains("BACKTRACE") && !stderr.contains("SPANTRACE"),
        "{stderr}"
    );
}
