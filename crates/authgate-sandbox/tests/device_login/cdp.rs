//! Just enough of the Chrome `DevTools` Protocol to drive one page of a headless Chromium:
//! Debian's `chromium` started with `--remote-debugging-port=0` writes the port it took to
//! `DevToolsActivePort` in its profile; the page's websocket then takes JSON commands.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// Debian's `chromium` (scripts/test.sh installs it), or `AUTHGATE_CHROMIUM`.
fn chromium() -> PathBuf {
    if let Ok(path) = std::env::var("AUTHGATE_CHROMIUM") {
        return PathBuf::from(path);
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect(
            "this test needs Chromium: run `bash scripts/test.sh` (it installs Debian's \
             chromium) or set AUTHGATE_CHROMIUM",
        )
}

/// A headless Chromium, killed when dropped (also when the test panics).
pub struct Browser {
    child: Child,
    page: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn devtools_port(profile: &Path) -> u16 {
    let file = profile.join("DevToolsActivePort");
    for _ in 0..300 {
        if let Ok(text) = std::fs::read_to_string(&file)
            && let Some(port) = text.lines().next().and_then(|l| l.trim().parse().ok())
        {
            return port;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("Chromium wrote no {} within 30 s", file.display());
}

impl Browser {
    /// Starts Chromium on `about:blank` with a fresh profile and attaches to its page.
    pub async fn launch(profile: &Path) -> Self {
        let child = Command::new(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromium");
        let port = devtools_port(profile).await;
        // Through authgate's client builder: it installs the TLS provider reqwest needs.
        let targets: Value = authgate_core::http::client()
            .get(format!("http://127.0.0.1:{port}/json/list"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let socket = targets
            .as_array()
            .and_then(|t| t.iter().find(|t| t["type"] == "page"))
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .unwrap_or_else(|| panic!("no page target: {targets}"))
            .to_owned();
        let (page, _) = tokio_tungstenite::connect_async(socket).await.unwrap();
        Self {
            child,
            page,
            next_id: 0,
        }
    }

    /// Sends one command and waits (at most 20 s) for its answer, skipping events.
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let command = json!({ "id": id, "method": method, "params": params });
        self.page
            .send(Message::text(command.to_string()))
            .await
            .unwrap();
        let answer = tokio::time::timeout(Duration::from_secs(20), async {
            while let Some(message) = self.page.next().await {
                let Ok(Message::Text(text)) = message else {
                    continue;
                };
                let value: Value = serde_json::from_str(&text).unwrap();
                if value["id"] == id {
                    return value;
                }
            }
            panic!("the DevTools socket closed during {method}");
        })
        .await
        .unwrap_or_else(|_| panic!("no answer to {method} within 20 s"));
        assert!(answer.get("error").is_none(), "{method}: {answer}");
        answer["result"].clone()
    }

    /// The value of a JavaScript expression in the page.
    pub async fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true }),
            )
            .await;
        result["result"]["value"].clone()
    }

    /// Waits (at most 20 s) until the page's title contains `part`; returns its text.
    pub async fn wait_for_title(&mut self, part: &str) -> String {
        for _ in 0..200 {
            let title = self.eval("document.title").await;
            if title.as_str().is_some_and(|t| t.contains(part)) {
                return self.eval("document.body.innerText").await.to_string();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let text = self.eval("document.body.innerText").await;
        panic!("the page never showed {part:?}; it shows {text}");
    }

    /// Focuses the element with `id` and types `text` into it, as a keyboard would.
    pub async fn type_into(&mut self, id: &str, text: &str) {
        let focused = self
            .eval(&format!(
                "(() => {{ const e = document.getElementById({id:?}); e.focus(); \
                 return document.activeElement === e; }})()"
            ))
            .await;
        assert_eq!(focused, true, "#{id} took no focus");
        self.call("Input.insertText", json!({ "text": text })).await;
    }

    /// Clicks the element `selector` names (a submit button: the browser posts its form).
    pub async fn click(&mut self, selector: &str) {
        let clicked = self
            .eval(&format!(
                "(() => {{ const e = document.querySelector({selector:?}); \
                 if (!e) return false; e.click(); return true; }})()"
            ))
            .await;
        assert_eq!(clicked, true, "nothing matches {selector}");
    }
}
