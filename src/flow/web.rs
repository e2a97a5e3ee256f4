//! What `authgate web`'s page needs: the web-page application (a public SPA whose callback
//! and web origin are the page's loopback URL), found or created and recorded for teardown,
//! and the addresses the page talks to. Nothing secret: the page signs the user in itself.

use serde::Serialize;

use super::Session;
use super::failure::OrFail;
use super::outcome::ActionFailure;
use crate::domain::auth0::ensure_spa_app;
use crate::state::LoginAppDetails;

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
        let details = LoginAppDetails {
            name: app.value.name.clone(),
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
