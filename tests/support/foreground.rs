//! A foreground `authgate sandbox` in `dir/.authgate/sandbox`, as a user starts it in a
//! second terminal; every command run in `dir` with `--sandbox` then finds it.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Sandbox {
    child: Child,
    pub base_url: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn sandbox(dir: &Path) -> Sandbox {
    let child = Command::new(env!("CARGO_BIN_EXE_authgate"))
        .current_dir(dir)
        .args(["sandbox", "--port", "0", "--dir", ".authgate/sandbox"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("starting authgate sandbox");
    let endpoint = dir.join(".authgate/sandbox/endpoint.json");
    let deadline = Instant::now() + Duration::from_mins(1);
    let base_url = loop {
        if let Ok(text) = std::fs::read_to_string(&endpoint)
            && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text)
            && let Some(url) = json["base_url"].as_str()
        {
            break url.trim_end_matches('/').to_owned();
        }
        assert!(
            Instant::now() < deadline,
            "the sandbox did not start within 60 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    Sandbox { child, base_url }
}
