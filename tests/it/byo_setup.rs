//! Bring your own authorizer through the binary: `authgate setup --sandbox --yes --authorizer
//! DIR` with an async ESM authorizer whose package.json names its module (the bundled
//! authorizer's logic, copied into a temp dir at test time), run by the sandbox's Lambda
//! runtime on nodejs22.x: Run locally, Deploy, the function and gateway tests, then the
//! tutorial's 401/401/200. The choice is remembered; edited code is redeployed; a callback
//! handler on nodejs24.x is refused before anything runs. And the wizard in tmux, started
//! with `--authorizer`, runs the five steps on that code. The fixtures of
//! tests/fixtures/authorizers/ (`CommonJS` with a callback, Python with pip's `package/`, a
//! custom runtime's `bootstrap`) go through `setup --authorizer DIR` as their users have them.

use crate::byo_authorizers::fixture;
use crate::support::cli;
use crate::support::foreground;
use crate::support::tmux;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use cli::{binary, run as authgate};
use foreground::sandbox;

const HANDLER_LOGIC: &str = include_str!("../../assets/authorizer/index.mjs");

fn write(dir: &Path, path: &str, text: &str) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

/// An ESM authorizer with a dependency (vendored in `node_modules`) and the files that must
/// never ship: a `.env` and an `event.json`.
fn esm_authorizer(dir: &Path) {
    write(
        dir,
        "package.json",
        r#"{"name":"byo","type":"module","main":"src/auth.mjs","dependencies":{"left-pad":"1"}}"#,
    );
    write(dir, "src/auth.mjs", HANDLER_LOGIC);
    write(
        dir,
        "node_modules/left-pad/index.js",
        "module.exports = (s) => s;\n",
    );
    write(dir, ".env", "AUTH0_CLIENT_SECRET=not-for-the-zip\n");
    write(
        dir,
        "event.json",
        r#"{"authorizationToken":"Bearer not-for-the-zip"}"#,
    );
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn byo_setup_deploys_your_own_authorizer_and_the_tutorial_calls_pass() {
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = sandbox(dir.path());
    esm_authorizer(&dir.path().join("code"));
    let setup = authgate(dir.path(), &["setup", "--yes", "--authorizer", "code"]);
    let all = text(&setup);
    assert!(setup.status.success(), "{all}");
    assert!(all.contains("src/auth.handler on nodejs22.x"), "{all}");
    assert!(all.contains("in the sandbox's Lambda runtime"), "{all}");
    assert!(all.contains("left out .env, event.json"), "{all}");
    assert!(all.contains("test token → 200 as expected"), "{all}");
    assert!(all.contains("bad token → 401 as expected"), "{all}");
    let state = std::fs::read_to_string(dir.path().join(".authgate/state.toml")).unwrap();
    assert!(state.contains("[inputs.authorizer]"), "{state}");
    assert!(!state.contains("not-for-the-zip"));

    // Remembered: a plain rerun has nothing to do; the live check finds the function as left.
    let rerun = authgate(dir.path(), &["setup", "--yes"]);
    assert!(
        text(&rerun).contains("every action has finished"),
        "{}",
        text(&rerun)
    );
    let status = authgate(dir.path(), &["status"]);
    assert!(
        text(&status).contains("Lambda function: present"),
        "{}",
        text(&status)
    );

    // Edited code: setup runs step 3 on again and deploys it.
    let edited = HANDLER_LOGIC.replace("const LEEWAY_S = 60;", "const LEEWAY_S = 30;");
    write(&dir.path().join("code"), "src/auth.mjs", &edited);
    let redeploy = authgate(dir.path(), &["setup", "--yes"]);
    let all = text(&redeploy);
    assert!(redeploy.status.success(), "{all}");
    assert!(all.contains("changed since it was deployed"), "{all}");
    assert!(all.contains("code updated"), "{all}");
}

#[test]
fn byo_a_callback_handler_on_nodejs24_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("classic"),
        "index.js",
        "exports.handler = function (event, context, callback) {\n  context.fail('Unauthorized');\n};\n",
    );
    let out = authgate(
        dir.path(),
        &[
            "setup",
            "--yes",
            "--authorizer",
            "classic",
            "--runtime",
            "nodejs24.x",
        ],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("Runtime.CallbackHandlerDeprecated"), "{all}");
    assert!(all.contains("make the handler async"), "{all}");
    assert!(all.contains("nodejs22.x"), "{all}");
    assert!(!dir.path().join(".authgate/state.toml").exists());
}

#[test]
fn byo_the_wizard_started_with_authorizer_runs_the_five_steps_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = sandbox(dir.path());
    esm_authorizer(&dir.path().join("code"));
    let command = format!(
        "env -u AWS_ENDPOINT_URL -u AUTH0_DOMAIN {} --sandbox --state-dir .authgate --authorizer code",
        binary()
    );
    let tmux = tmux::Tmux::start_sized("byo", dir.path(), &command, (120, 40));
    tmux.wait_for("the wizard", |s| s.contains("Step 1 of 5"));
    for n in 1..=5 {
        if n > 1 {
            tmux.keys(&["l"]);
            tmux.wait_for("the step", |s| s.contains(&format!("Step {n} of 5")));
        }
        if n == 3 {
            tmux.keys(&["f"]);
            let form = tmux.wait_for("the settings", |s| s.contains("authorizer code"));
            assert!(form.contains("/code"), "{form}");
            tmux.keys(&["Escape"]);
            tmux.wait_for("the settings to close", |s| !s.contains("authorizer code"));
        }
        tmux.keys(&["a"]);
        let (done, failed) = (format!("✓ {n} "), format!("✗ {n} "));
        let screen = tmux.wait_up_to(Duration::from_mins(2), "the step", |s| {
            s.contains(&done) || s.contains(&failed)
        });
        assert!(screen.contains(&done), "step {n} failed:\n{screen}");
    }
    let screen = tmux.screen();
    assert!(screen.contains("test token → 200"), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_until_exited(), "0");
    let status = authgate(dir.path(), &["status"]);
    assert!(
        text(&status).contains("Lambda function: present"),
        "{}",
        text(&status)
    );
    let state = std::fs::read_to_string(dir.path().join(".authgate/state.toml")).unwrap();
    assert!(state.contains("[inputs.authorizer]"), "{state}");
}

#[test]
fn byo_authorizer_run_and_bundle_take_your_code() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("mine"),
        "index.mjs",
        "export const handler = async (event) => {\n  if (event.authorizationToken !== 'Bearer good') throw new Error('Unauthorized');\n  return { principalId: 'me', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] } };\n};\n",
    );
    let arn = "arn:aws:execute-api:us-east-1:1:a/test/GET/pets";
    for (token, code, says) in [
        ("good", 0, "\"Effect\": \"Allow\""),
        ("bad", 1, "Error: Unauthorized"),
    ] {
        let event = format!(
            r#"{{"type":"TOKEN","authorizationToken":"Bearer {token}","methodArn":"{arn}"}}"#
        );
        write(dir.path(), "event.json", &event);
        let out = authgate(
            dir.path(),
            &[
                "authorizer",
                "run",
                "--authorizer",
                "mine",
                "--event",
                "event.json",
            ],
        );
        let all = text(&out);
        assert_eq!(out.status.code(), Some(code), "{all}");
        assert!(
            all.contains(says) && all.contains("nodejs22.x · index.handler"),
            "{all}"
        );
    }
    let sha = |name: &str| {
        let out = authgate(
            dir.path(),
            &["authorizer", "bundle", "--authorizer", "mine", "-o", name],
        );
        assert!(out.status.success(), "{}", text(&out));
        let text = text(&out);
        text.lines()
            .find(|l| l.starts_with("CodeSha256"))
            .unwrap()
            .to_owned()
    };
    assert_eq!(sha("a.zip"), sha("b.zip"));
}

#[test]
fn byo_setup_with_each_authorizer_fixture_as_its_users_have_it() {
    use fixture::Fixture;
    let expected = [
        (
            Fixture::NodeClassic,
            "index.handler on nodejs22.x",
            "takes a callback",
        ),
        (
            Fixture::PythonPyjwt,
            "app.handler on python3.13",
            "package/ (pip --target)",
        ),
        (
            Fixture::ProvidedShell,
            "bootstrap on provided.al2023",
            "executable bootstrap",
        ),
    ];
    for (fixture, runs, note) in expected {
        if !fixture.ready() {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let _sandbox = sandbox(dir.path());
        let code = fixture.dir().display().to_string();
        let out = authgate(dir.path(), &["setup", "--yes", "--authorizer", &code]);
        let all = text(&out);
        // Like the tutorial's sample, none of them checks permissions: the tutorial's calls
        // pass, the read-only POST is a warning (exit 1), never a ✓ from a cached policy.
        assert_eq!(out.status.code(), Some(1), "{fixture:?}: {all}");
        assert!(
            all.contains("⚠ read-only token → 200: your authorizer does not check permissions"),
            "{fixture:?}: {all}"
        );
        assert!(
            all.contains("the authorizer ran for this call") && !all.contains("✓ read-only"),
            "{fixture:?}: {all}"
        );
        assert!(all.contains("route_permissions"), "{fixture:?}: {all}");
        assert!(
            all.contains(runs) && all.contains(note),
            "{fixture:?}: {all}"
        );
        assert!(
            all.contains("test token → 200 as expected"),
            "{fixture:?}: {all}"
        );
        assert!(
            all.contains("bad token → 401 as expected"),
            "{fixture:?}: {all}"
        );
    }
}
