//! `authgate web` in headless Chromium: after `setup --browser-origin` (the page's), the page signs in as a seeded sandbox user through `/authorize` and the code
//! exchange, shows the decoded token, and reads 200 for `GET /pets` and the readable 401
//! without a token.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::browser::Browser;
use crate::support::{cli, foreground};

const PASSWORD: &str = "authgate-sandbox";

/// A port nobody listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `authgate --sandbox web --port PORT --no-open`, killed when dropped; its URL.
struct Web(Child);

impl Drop for Web {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_web(dir: &std::path::Path, port: u16) -> (Web, String) {
    let mut child = cli::command(dir)
        .args(["web", "--port", &port.to_string(), "--no-open"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("starting authgate web");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        if let Some(Ok(line)) = BufReader::new(stdout).lines().next() {
            let _ = tx.send(line);
        }
    });
    let url = rx
        .recv_timeout(Duration::from_mins(1))
        .expect("authgate web printed its URL");
    (Web(child), url)
}

/// The newest result's `data-status`, once the page has one for `label`'s call.
async fn result_status(browser: &mut Browser, selector: &str) -> (String, String) {
    browser.click(selector).await;
    for _ in 0..200 {
        let value: Value = browser
            .eval(
                "(() => { const li = document.querySelector('#results li'); \
                 return li && li.querySelector('dl') ? [li.dataset.status, li.innerText] : null; })()",
            )
            .await;
        if let Some(pair) = value.as_array() {
            return (
                pair[0].as_str().unwrap().to_owned(),
                pair[1].as_str().unwrap().to_owned(),
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no result for {selector}");
}

#[tokio::test(flavor = "multi_thread")]
async fn authgate_web_signs_a_sandbox_user_in_and_reads_get_pets() {
    let _ = authgate_core::http::client(); // installs the TLS provider reqwest needs
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = foreground::sandbox(dir.path());
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    cli::run_ok(dir.path(), &["setup", "--yes", "--browser-origin", &origin]);
    let (_web, url) = start_web(dir.path(), port);
    assert_eq!(url, format!("{origin}/"));

    let profile = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch(profile.path()).await;
    browser.call("Page.navigate", json!({ "url": url })).await;
    browser.wait_for_title("authgate web").await;
    for _ in 0..100 {
        if browser
            .eval("document.getElementById('invoke').textContent.length > 0")
            .await
            == true
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.click("#signin").await;
    let login = browser.wait_for_title("Log in").await;
    assert!(login.contains("authgate PetStore (web page)"), "{login}");
    browser.type_into("email", "reader@authgate.test").await;
    browser.type_into("password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    let signed_in = browser.wait_for_title("signed in").await;
    assert!(signed_in.contains("Signed in as auth0|"), "{signed_in}");
    assert!(signed_in.contains("read:pets"), "{signed_in}");

    let (status, text) = result_status(
        &mut browser,
        "button[data-method=GET][data-path='/pets'][data-token=yes]",
    )
    .await;
    assert_eq!(status, "200", "{text}");
    assert!(text.contains(&origin), "the CORS header is shown: {text}");
    let (status, text) = result_status(
        &mut browser,
        "button[data-method=GET][data-path='/pets'][data-token=no]",
    )
    .await;
    assert_eq!(status, "401", "{text}");
    assert!(text.contains("UnauthorizedException"), "{text}");
}
