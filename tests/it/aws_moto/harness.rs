//! Starts moto server (with our extension, tests/moto/server.py) on a free loopback port
//! and stops it when the guard drops.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use authgate_providers::aws::retry::Backoff;

/// Retry pacing for tests: IAM propagation is instant on moto and the sandbox.
pub const FAST: Backoff = Backoff {
    first: Duration::from_millis(1),
    max_step: Duration::from_millis(5),
    budget: Duration::from_millis(200),
};

pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    /// moto server on a free port; `None` (the test skips, saying why) when moto is not
    /// installed, unless `AUTHGATE_REQUIRE_MOTO=1` (scripts/test.sh sets it) makes that a
    /// failure.
    pub async fn start() -> Option<Self> {
        let Ok(python) = std::env::var("AUTHGATE_MOTO_PYTHON") else {
            let message = "AUTHGATE_MOTO_PYTHON is not set: this test needs moto server. Run \
                 `bash scripts/test.sh` (it creates .venv with moto and sets it).";
            assert!(
                std::env::var("AUTHGATE_REQUIRE_MOTO").as_deref() != Ok("1"),
                "{message} (AUTHGATE_REQUIRE_MOTO=1)"
            );
            eprintln!("skipped: {message}");
            return None;
        };
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/moto/server.py");
        let mut child = Command::new(&python)
            .args([script, "--port", "0"])
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            // The server exits when this pipe closes, even if we are killed.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {python} {script}: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(port) = line.strip_prefix("AUTHGATE_MOTO_PORT=") {
                    let _ = tx.send(port.trim().to_owned());
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(90))
            .expect("moto server did not print its port within 90 s");
        let moto = Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        moto.wait_ready().await;
        Some(moto)
    }

    async fn wait_ready(&self) {
        let http = authgate_core::http::client();
        let deadline = Instant::now() + Duration::from_secs(30);
        let url = format!("{}/_authgate/recorded", self.endpoint);
        while Instant::now() < deadline {
            if let Ok(r) = http.get(&url).send().await
                && r.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("moto server at {} not ready within 30 s", self.endpoint);
    }

    /// What the extension recorded for one operation (`UpdateMethod`, `Invoke`, …).
    pub async fn recorded(&self, op: &str) -> Vec<serde_json::Value> {
        let all: serde_json::Value = reqwest::get(format!("{}/_authgate/recorded", self.endpoint))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        all[op].as_array().cloned().unwrap_or_default()
    }

    /// Makes the next `times` `CreateFunction` calls fail as if IAM had not propagated yet.
    pub async fn fail_create_function(&self, times: u32) {
        let r = authgate_core::http::client()
            .post(format!(
                "{}/_authgate/fail-create-function/{times}",
                self.endpoint
            ))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }
}

/// A real zip with one file, and base64(SHA-256) as Lambda reports it.
pub fn zip_with(source: &str) -> (Vec<u8>, String) {
    use base64::Engine;
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("index.mjs", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(source.as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let sha = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &bytes);
    let sha = base64::engine::general_purpose::STANDARD.encode(sha.as_ref());
    (bytes, sha)
}
