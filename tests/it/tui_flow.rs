//! The whole tutorial in the wizard, as a person does it: keys into the real binary in tmux,
//! against a foreground `authgate sandbox`. One run goes through the five steps, quits,
//! restarts, finds everything done and reruns every action without creating anything. The
//! other is killed with SIGKILL in step 3, reruns and converges with no duplicates. The
//! sandbox's objects are counted over its AWS and Auth0 APIs, as a user would list them.

use crate::support::foreground;
use crate::support::management;
use crate::support::tmux;

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use authgate_providers::aws::Aws;
use authgate_providers::aws::apigateway::find_rest_apis;
use tmux::Tmux;

/// Actions per step rerun by Enter, in `steps.toml`'s order; the interactive ones are last in
/// their step and left out (Log in as a user; Sign in and call the API from a browser).
const ACTIONS: [usize; 5] = [6, 4, 7, 4, 5];
/// One step's actions against the sandbox take seconds; this only bounds a hang.
const STEP_BOUND: Duration = Duration::from_mins(2);

fn wizard(name: &str, dir: &Path) -> Tmux {
    let bin = env!("CARGO_BIN_EXE_authgate");
    let command =
        format!("env -u AWS_ENDPOINT_URL -u AUTH0_DOMAIN {bin} --sandbox --state-dir .authgate");
    let tmux = Tmux::start_sized(name, dir, &command, (120, 40));
    tmux.wait_for("the wizard", |s| s.contains("Step 1 of 5"));
    tmux
}

/// Selects step `n` (1-based) with `l`, from step `from`.
fn go_to_step(tmux: &Tmux, from: usize, n: usize) {
    for _ in from..n {
        tmux.keys(&["l"]);
    }
    tmux.wait_for("the step", |s| s.contains(&format!("Step {n} of 5")));
}

/// `a` on the selected step `n`; waits for its sidebar mark to turn ✓ (or fails on ✗).
fn run_step(tmux: &Tmux, n: usize) -> String {
    tmux.keys(&["a"]);
    let (done, failed) = (format!("✓ {n} "), format!("✗ {n} "));
    let screen = tmux.wait_up_to(STEP_BOUND, "the step to finish", |s| {
        s.contains(&done) || s.contains(&failed)
    });
    assert!(screen.contains(&done), "step {n} failed:\n{screen}");
    screen
}

/// Enter on each action of step `n`, one after the other, each resumed from the state
/// file: waits until its result is a fresh ✓.
fn rerun_each_action(tmux: &Tmux, n: usize) {
    for i in 0..ACTIONS[n - 1] {
        tmux.keys(&["Enter"]);
        let screen = tmux.wait_up_to(STEP_BOUND, "the rerun", |s| {
            !s.contains("from an earlier run") && !s.contains("Running…")
        });
        // A failed action or result is "  ✗ …" right of the sidebar; deeper lines may carry
        // a ✗ as information (a permission the token lacks).
        let failed = screen
            .lines()
            .any(|l| l.split('│').nth(1).is_some_and(|r| r.starts_with("  ✗ ")));
        assert!(!failed, "step {n} action {i} failed on rerun:\n{screen}");
        tmux.keys(&["j"]);
    }
}

/// `x` after step 5: step 5 flushes the cache before each call with a token (so no ✓ comes
/// from a cached policy), which leaves the last call's, the write token's; flush it, rotate
/// the key.
fn sandbox_tools(tmux: &Tmux) {
    tmux.keys(&["x"]);
    let screen = tmux.wait_for("the cached policy", |s| s.contains("expires in"));
    assert!(screen.contains("Allow arn:aws:execute-api:"), "{screen}");
    tmux.keys(&["f"]);
    tmux.wait_for("the flush", |s| s.contains("flushed 1 cached result"));
    tmux.wait_for("an empty cache", |s| s.contains("empty: the next call"));
    tmux.keys(&["k"]);
    tmux.wait_for("the new key", |s| s.contains("new signing key"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the overlay to close", |s| !s.contains("Sandbox tools"));
}

fn quit(tmux: &Tmux) {
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_until_exited(), "0", "exit code");
}

/// What exists in the sandbox, counted over its APIs.
#[derive(Debug, PartialEq, Eq)]
struct Objects {
    auth0_apis: usize,
    auth0_clients: usize,
    auth0_grants: usize,
    auth0_roles: usize,
    rest_apis: usize,
    stages: usize,
    authorizers: usize,
    functions: usize,
    roles: usize,
}

/// One of each, but two Auth0 clients with their grants (the read-only test client and the
/// writer client) and two roles (the sandbox seeds them; step 1 finds them).
const ONE_OF_EACH: Objects = Objects {
    auth0_apis: 1,
    auth0_clients: 2,
    auth0_grants: 2,
    auth0_roles: 2,
    rest_apis: 1,
    stages: 1,
    authorizers: 1,
    functions: 1,
    roles: 1,
};

async fn count(base: &str) -> Objects {
    let aws = Aws::connect(&authgate_providers::aws::AwsSettings::sandbox(base))
        .await
        .unwrap();
    let apis = find_rest_apis(&aws, "PetStore").await.unwrap();
    let (mut stages, mut authorizers) = (0, 0);
    for id in &apis {
        let s = aws.apigateway.get_stages().rest_api_id(id).send().await;
        stages += s.unwrap().item().len();
        let a = aws.apigateway.get_authorizers().rest_api_id(id).send();
        authorizers += a.await.unwrap().items().len();
    }
    let functions = aws.lambda.list_functions().send().await.unwrap();
    let roles = aws.iam.list_roles().send().await.unwrap();
    let auth0 = Auth0Lister::connect(base).await;
    Objects {
        auth0_apis: auth0
            .count("resource-servers", "identifier", "petstore")
            .await,
        auth0_clients: auth0.count("clients", "name", "authgate PetStore").await,
        auth0_grants: auth0.count("client-grants", "audience", "petstore").await,
        auth0_roles: auth0.count("roles", "name", "pets-").await,
        rest_apis: apis.len(),
        stages,
        authorizers,
        functions: functions.functions().len(),
        roles: roles.roles().len(),
    }
}

/// Lists the sandbox tenant's objects with the Management API, as `curl` would.
struct Auth0Lister {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Auth0Lister {
    async fn connect(base: &str) -> Self {
        let http = authgate_core::http::client();
        let token = management::management_token(&http, base).await;
        Self {
            http,
            base: base.to_owned(),
            token,
        }
    }

    /// How many objects of `kind` have `field` containing `needle`.
    async fn count(&self, kind: &str, field: &str, needle: &str) -> usize {
        let list: Value = self
            .http
            .get(format!("{}/api/v2/{kind}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items = list.as_array().expect("a JSON array");
        items
            .iter()
            .filter(|o| o[field].as_str().is_some_and(|v| v.contains(needle)))
            .count()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_five_steps_by_keys_then_a_restart_finds_everything_done_and_reruns_converge() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = foreground::sandbox(dir.path());

    let tmux = wizard("flow", dir.path());
    for n in 1..=2 {
        go_to_step(&tmux, n.max(2) - 1, n);
        run_step(&tmux, n);
    }
    // `a` on step 4 while step 3 still runs (its audit takes seconds): queued, not dropped.
    go_to_step(&tmux, 2, 3);
    tmux.keys(&["a", "l", "a"]);
    let queued = tmux.wait_for("the queue notice", |s| s.contains("queued"));
    assert!(queued.contains("of step 4"), "{queued}");
    let both = tmux.wait_up_to(STEP_BOUND * 2, "steps 3 and 4", |s| {
        (s.contains("✓ 3 ") && s.contains("✓ 4 ")) || s.contains("✗ 3 ") || s.contains("✗ 4 ")
    });
    assert!(both.contains("✓ 3 ") && both.contains("✓ 4 "), "{both}");
    go_to_step(&tmux, 4, 5);
    run_step(&tmux, 5);
    let screen = tmux.screen();
    for outcome in [
        "✓ no token → 401",
        "✓ bad token → 401",
        "✓ test token → 200",
        // The expected-line wraps after "✓ POST" at this width.
        "read-only → 403",
        "write → 200",
    ] {
        assert!(screen.contains(outcome), "{outcome}:\n{screen}");
    }
    quit(&tmux);
    drop(tmux);
    assert_eq!(count(&sandbox.base_url).await, ONE_OF_EACH);

    let tmux = wizard("flow-again", dir.path());
    let screen = tmux.wait_for("every step done", |s| {
        (1..=5).all(|n| s.contains(&format!("✓ {n} ")))
    });
    assert!(screen.contains("Step 1 of 5"), "{screen}");
    for n in 1..=5 {
        go_to_step(&tmux, n.max(2) - 1, n);
        rerun_each_action(&tmux, n);
    }
    // The last rerun may still be running when the loop's last check saw the screen before
    // the key took effect.
    tmux.wait_up_to(STEP_BOUND, "the last call's rerun", |s| {
        s.contains("✓ POST write → 200") && !s.contains("Running…")
    });
    // Last: a new key makes the warm authorizer's JWKS stale for up to 30 s.
    sandbox_tools(&tmux);
    quit(&tmux);
    assert_eq!(count(&sandbox.base_url).await, ONE_OF_EACH, "nothing new");
    for file in ["state.toml", "authgate.log"] {
        let text = std::fs::read_to_string(dir.path().join(".authgate").join(file)).unwrap();
        assert!(!text.contains("eyJ"), "no token in {file}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_in_step_3_the_rerun_converges_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = foreground::sandbox(dir.path());

    let tmux = wizard("killed", dir.path());
    run_step(&tmux, 1);
    go_to_step(&tmux, 1, 2);
    run_step(&tmux, 2);
    go_to_step(&tmux, 2, 3);
    tmux.keys(&["a"]);
    // The role is made; the function is being packaged and deployed.
    tmux.wait_up_to(STEP_BOUND, "the role", |s| {
        s.contains("✓ Create the IAM role")
    });
    let pid = tmux.program_pid().expect("the wizard's pid");
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(tmux.wait_until_exited(), "137", "killed by SIGKILL");
    drop(tmux);
    let at_kill = count(&sandbox.base_url).await;
    let state = std::fs::read_to_string(dir.path().join(".authgate/state.toml")).unwrap();
    let recorded: Vec<&str> = [
        "ensure_iam_role",
        "deploy_lambda",
        "ensure_gateway_authorizer",
    ]
    .into_iter()
    .filter(|a| state.contains(&format!("[actions.{a}]")))
    .collect();
    eprintln!("when killed: {at_kill:?}; step 3 recorded: {recorded:?}");

    let tmux = wizard("killed-rerun", dir.path());
    tmux.wait_for("steps 1 and 2 resumed", |s| {
        s.contains("✓ 1 ") && s.contains("✓ 2 ")
    });
    go_to_step(&tmux, 1, 3);
    run_step(&tmux, 3);
    go_to_step(&tmux, 3, 4);
    run_step(&tmux, 4);
    go_to_step(&tmux, 4, 5);
    run_step(&tmux, 5);
    quit(&tmux);
    assert_eq!(count(&sandbox.base_url).await, ONE_OF_EACH);
}
