//! What `authgate web`'s page needs: the web-page application (a public SPA whose callback
//! and web origin are the page's loopback URL), found or created and recorded for teardown,
//! and the addresses the page talks to. Nothing secret: the page signs the user in itself.
//! Step 5's "Sign in and call the API from a browser" starts `authgate web` beside the
//! wizard, for as long as the wizard runs.

use serde::Serialize;

use super::Session;
use super::failure::OrFail;
use super::outcome::ActionFailure;
use crate::state::SpaAppDetails;
use authgate_providers::auth0::ensure_spa_app;

/// The page's configuration (served to it as `/config.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebPage {
    /// The tenant's base URL (`https://TENANT`, or the sandbox's), for `/authorize` and
    /// `/oauth/token`.
    pub tenant: String,
    pub client_id: String,
    pub audience: String,
    /// What the sign-in asks for: the user's identity and the API's permissions.
    pub scope: String,
    /// The stage's invoke URL, no trailing slash.
    pub invoke_url: String,
    /// The page's own origin (`http://127.0.0.1:5180`).
    pub origin: String,
    /// The origin step 4 allowed (empty: none).
    pub allowed_origin: String,
}

impl Session {
    /// Ensures the web-page application for the page at `origin`; the page's configuration.
    pub async fn web_page(&mut self, origin: &str) -> Result<WebPage, ActionFailure> {
        let Some(stage) = self.recorded().await.stage else {
            return Err(ActionFailure::new(
                "the API is not deployed yet",
                "the page calls the stage's invoke URL, and the state file records none",
                "run `authgate setup` (or steps 1 to 4 in the wizard) first",
            ));
        };
        let inputs = self.inputs().await;
        let m = self.management().await?;
        let app = ensure_spa_app(&m, &inputs.api_identifier, origin)
            .await
            .or_fail("creating the web-page application")?;
        let recorded = self.recorded().await.spa_app;
        let mut origins: Vec<String> = recorded
            .filter(|r| r.id == app.value.client_id)
            .map(|r| r.details.origins)
            .unwrap_or_default()
            .split(',')
            .filter(|o| !o.is_empty())
            .map(str::to_owned)
            .collect();
        if !origins.iter().any(|o| o == origin) {
            origins.push(origin.to_owned());
        }
        let details = SpaAppDetails {
            name: app.value.name.clone(),
            origins: origins.join(","),
        };
        self.remember(
            |r| &mut r.spa_app,
            &app.value.client_id,
            app.created,
            details,
        )
        .await?;
        let mut scope = vec![
            "openid".to_owned(),
            "profile".to_owned(),
            "email".to_owned(),
        ];
        scope.extend(inputs.api_names());
        Ok(WebPage {
            tenant: m.tenant().issuer().trim_end_matches('/').to_owned(),
            client_id: app.value.client_id,
            audience: inputs.api_identifier,
            scope: scope.join(" "),
            invoke_url: stage.details.invoke_url.trim_end_matches('/').to_owned(),
            origin: origin.to_owned(),
            allowed_origin: inputs.browser_origin,
        })
    }
}

/// The page's port: step 4's browser origin when it is a loopback page, else the default.
fn web_port(browser_origin: &str) -> u16 {
    url::Url::parse(browser_origin)
        .ok()
        .filter(|u| matches!(u.host_str(), Some("127.0.0.1" | "localhost")))
        .and_then(|u| u.port())
        .unwrap_or(authgate_providers::aws::cors::DEFAULT_WEB_PORT)
}

impl Session {
    /// Starts `authgate web` (this binary, same state directory and target) unless it runs
    /// already; it opens the page in the desktop's browser and stops with the wizard.
    pub(super) async fn open_web_page(&mut self) -> Result<super::ActionOutput, ActionFailure> {
        use tokio::io::AsyncBufReadExt as _;
        if let Some((child, url)) = &mut self.web_server
            && child.try_wait().ok().flatten().is_none()
        {
            return Ok(
                super::ActionOutput::new(format!("authgate web serves {url}"))
                    .detail("already running; it stops when authgate exits"),
            );
        }
        let port = web_port(&self.inputs().await.browser_origin);
        let cannot_start = |e: std::io::Error| {
            ActionFailure::new(
                "authgate web did not start",
                e.to_string(),
                "run `authgate web` in a terminal instead",
            )
        };
        let exe = std::env::current_exe().map_err(cannot_start)?;
        let mut command = tokio::process::Command::new(exe);
        command.arg("--state-dir").arg(&self.settings.state_dir);
        if self.settings.target.is_sandbox() {
            command.arg("--sandbox");
        }
        // The management app's settings go by environment, never on a command line.
        let s = &self.settings;
        for (name, value) in [
            ("AUTH0_DOMAIN", s.auth0_domain.clone()),
            ("AUTH0_CLIENT_ID", s.auth0_client_id.clone()),
            (
                "AUTH0_CLIENT_SECRET",
                s.auth0_client_secret
                    .as_ref()
                    .map(|x| x.expose().to_owned()),
            ),
        ] {
            if let Some(value) = value {
                command.env(name, value);
            }
        }
        let mut child = command
            .args(["web", "--port", &port.to_string()])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(cannot_start)?;
        // Spawned with a piped stdout just above.
        #[allow(clippy::expect_used)]
        let stdout = child.stdout.take().expect("piped");
        let first = tokio::time::timeout(
            std::time::Duration::from_mins(1),
            tokio::io::BufReader::new(stdout).lines().next_line(),
        )
        .await;
        let Ok(Ok(Some(url))) = first else {
            let _ = child.kill().await;
            return Err(ActionFailure::new(
                format!("authgate web did not start on port {port}"),
                "the port may be taken (another authgate web?), or the page's application \
                 could not be made",
                format!(
                    "run `authgate{} web --port {port}` in a terminal to see why",
                    if self.settings.target.is_sandbox() {
                        " --sandbox"
                    } else {
                        ""
                    }
                ),
            ));
        };
        self.web_server = Some((child, url.clone()));
        Ok(super::ActionOutput::new(format!("authgate web serves {url}"))
            .detail("opened in your browser: Sign in, then call GET /pets, POST /pets and GET /pets without a token")
            .detail("each call shows its CORS headers and, when the browser blocks it, why")
            .detail("it stops when authgate exits; `authgate web` runs it on its own"))
    }
}

#[cfg(test)]
mod tests {
    use super::web_port;

    #[test]
    fn the_page_port_follows_step_4s_origin() {
        assert_eq!(web_port("http://127.0.0.1:3000"), 3000);
        assert_eq!(web_port("http://localhost:8080"), 8080);
        assert_eq!(web_port("https://app.example.com"), 5180);
        assert_eq!(web_port(""), 5180);
    }
}
