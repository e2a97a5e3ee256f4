//! The sandbox's address belongs to its directory: what `setup` prints keeps answering when
//! its note is followed literally, and a recorded port another directory's sandbox holds is
//! named and refused instead of silently reaching the wrong tenant.

use std::path::Path;
use std::process::Output;

use crate::support::tmux::Tmux;
use crate::support::{cli, foreground};

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The `try it` URL, the command the note says to run and the address it names.
fn printed(setup: &Output) -> (String, String, String) {
    let all = text(setup);
    let line = |prefix: &str| {
        all.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` line in {all}"))
            .to_owned()
    };
    let url = line("try it:")
        .split_whitespace()
        .last()
        .unwrap()
        .to_owned();
    let note = line("note:");
    let command = note.split('`').nth(1).unwrap().to_owned();
    let comes_back = note
        .split("comes back on ")
        .nth(1)
        .unwrap()
        .trim_end_matches(')')
        .to_owned();
    (url, command, comes_back)
}

async fn get(url: &str, token: Option<&str>) -> u16 {
    let mut request = authgate_core::http::client().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().status().as_u16()
}

fn setup(dir: &Path) -> Output {
    let out = cli::run(dir, &["setup", "--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn the_try_it_line_answers_after_following_the_note_literally() {
    let dir = tempfile::tempdir().unwrap();
    let out = setup(dir.path());
    let (url, command, comes_back) = printed(&out);
    assert_eq!(command, "authgate sandbox", "{}", text(&out));
    // Against the sandbox the AWS region is never looked up in the instance metadata.
    let log = std::fs::read_to_string(dir.path().join(".authgate/authgate.log")).unwrap();
    assert!(!log.contains("IMDS"), "{log}");
    assert!(url.starts_with(&comes_back), "{url} vs {comes_back}");

    let mut sandbox = foreground::spawn_with(dir.path(), &[]);
    assert_eq!(sandbox.wait_for_endpoint(), comes_back);
    let token = cli::run_ok(dir.path(), &["token"]);
    let token = String::from_utf8(token.stdout).unwrap();
    assert_eq!(get(&url, None).await, 401);
    assert_eq!(get(&url, Some(token.trim())).await, 200);

    let status = cli::run_ok(dir.path(), &["status"]);
    let status = text(&status);
    assert!(status.contains("as authgate left them"), "{status}");
    assert!(
        !status.contains("✗") && !status.contains("  ! "),
        "{status}"
    );
    let again = cli::run_ok(dir.path(), &["setup", "--yes"]);
    assert!(
        text(&again).contains("what it made answers as left"),
        "{}",
        text(&again)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recorded_port_held_by_another_directorys_sandbox_is_named_not_used() {
    let mine = tempfile::tempdir().unwrap();
    let (_, _, comes_back) = printed(&setup(mine.path()));
    let port = comes_back.rsplit(':').next().unwrap().to_owned();

    let other = tempfile::tempdir().unwrap();
    let mut squatter = foreground::spawn_with(other.path(), &["--port", &port]);
    squatter.wait_for_endpoint();
    for args in [&["status"][..], &["token"], &["setup", "--yes"]] {
        let out = cli::run(mine.path(), args);
        let all = text(&out);
        assert!(
            all.contains(&format!(
                "this directory (.authgate/sandbox) was on 127.0.0.1:{port}"
            )),
            "{args:?}: {all}"
        );
        assert!(
            all.contains(&other.path().join(".authgate/sandbox").display().to_string()),
            "{args:?} names the other directory: {all}"
        );
        assert!(all.contains("--port 0"), "{args:?} gives the fix: {all}");
        if args != ["status"] {
            assert_eq!(out.status.code(), Some(2), "{args:?}: {all}");
        }
    }
    // The wizard says the same before it draws anything, and exits 2.
    let wizard = Tmux::start_sized(
        "squatted",
        mine.path(),
        &format!("{} --state-dir .authgate --sandbox", cli::binary()),
        (250, 40),
    );
    assert_eq!(wizard.wait_until_exited(), "2");
    let screen = wizard.screen();
    assert!(
        screen.contains(&format!("was on 127.0.0.1:{port}")) && screen.contains("--port 0"),
        "{screen}"
    );
    // The other directory's tenant was never touched by this one's commands.
    let listed = cli::run_ok(other.path(), &["status"]);
    assert!(
        text(&listed).contains("0/25") || text(&listed).contains("none yet"),
        "{}",
        text(&listed)
    );
}

/// `authgate sandbox --port 0` moves the directory: `status` says the sandbox moved (not that
/// authgate's objects changed), in the right direction, and `setup` moves what was set up.
#[tokio::test(flavor = "multi_thread")]
async fn a_moved_sandbox_is_worded_as_the_sandbox_moving_and_setup_follows_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, before) = printed(&setup(dir.path()));
    let mut sandbox = foreground::spawn_with(dir.path(), &["--port", "0"]);
    let now = sandbox.wait_for_endpoint().to_owned();
    assert_ne!(now, before);

    let status = text(&cli::run_ok(dir.path(), &["status"]));
    assert!(
        status.contains(&format!(
            "this directory's sandbox answers on {now} now, but what was set up here names {before}"
        )),
        "{status}"
    );
    assert!(
        status.contains("but for the sandbox's old address"),
        "{status}"
    );
    assert!(
        !status.contains("changed since authgate set it"),
        "{status}"
    );

    let again = cli::run_ok(dir.path(), &["setup", "--yes"]);
    let url = text(&again)
        .lines()
        .find(|l| l.starts_with("invoke URL:"))
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .to_owned();
    assert!(url.starts_with(&now), "{url} on {now}");
    let token = cli::run_ok(dir.path(), &["token"]);
    let token = String::from_utf8(token.stdout).unwrap();
    assert_eq!(get(&format!("{url}/pets"), Some(token.trim())).await, 200);
    let status = text(&cli::run_ok(dir.path(), &["status"]));
    assert!(
        !status.contains("  ! ") && !status.contains("✗"),
        "{status}"
    );
}

/// With no sandbox running, `status` and `token` start one for themselves on the recorded
/// address and say so, with what keeps the invoke URL answering.
#[test]
fn a_sandbox_started_for_one_command_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, address) = printed(&setup(dir.path()));
    let status = text(&cli::run_ok(dir.path(), &["status"]));
    assert!(
        status.contains(&format!("one ran inside this command on {address}")),
        "{status}"
    );
    let token = text(&cli::run_ok(dir.path(), &["token"]));
    assert!(
        token.contains(&format!("one runs inside this command on {address}")),
        "{token}"
    );
}

/// `authgate sandbox --port N` where another program listens: exit 2, naming it by pid (the
/// OS says who holds the port), and the directory keeps no record of the port.
#[test]
fn a_port_held_by_another_program_is_named_and_exits_2() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port().to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = cli::output(&mut cli::plain(dir.path()), &["sandbox", "--port", &port]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains(&format!("(pid {})", std::process::id())),
        "names this test process as the holder: {said}"
    );
    assert!(said.contains("--port"), "{said}");
    drop(holder);
}
