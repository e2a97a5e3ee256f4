//! Step 1's "Log in as a user": the login application, then the device flow. The user token
//! lives in the session only (memory; never the state file, the log or an output), for the
//! calls that need a user's permissions.

use std::sync::Arc;

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput, Panel};
use crate::state::LoginAppDetails;
use authgate_providers::Report as _;
use authgate_providers::auth0::{
    DeviceLoginEvent, LOGIN_APP_NAME, LoginApp, Secret, UserToken, ensure_login_app,
    poll_device_login, start_device_login,
};

impl Session {
    /// The user token of the last device login in this process, if any.
    pub fn user_token(&self) -> Option<&Secret> {
        self.keys.user_token.as_ref().map(|t| &t.access_token)
    }

    /// The whole token response of that login (for `authgate token --user --json`).
    pub fn user_token_response(&self) -> Option<&UserToken> {
        self.keys.user_token.as_ref()
    }

    /// Finds or creates the login application and records it for status and teardown.
    async fn login_app(&mut self) -> Result<LoginApp, ActionFailure> {
        let m = self.management().await?;
        let audience = self.inputs().await.api_identifier;
        let app = ensure_login_app(&m, LOGIN_APP_NAME, &audience)
            .await
            .or_fail("creating the login application")?;
        let details = LoginAppDetails {
            name: app.value.name.clone(),
        };
        self.remember(
            |r| &mut r.login_app,
            &app.value.client_id,
            app.created,
            details,
        )
        .await?;
        self.keys.login_app = Some(app.value.clone());
        Ok(app.value)
    }

    pub(super) async fn log_in_user(&mut self) -> Result<ActionOutput, ActionFailure> {
        let app = self.login_app().await?;
        let m = self.management().await?;
        let audience = self.inputs().await.api_identifier;
        let login = start_device_login(m.http(), m.tenant(), &app.client_id, &audience)
            .await
            .or_fail("starting the device login")?;
        self.relay
            .device_login(DeviceLoginEvent::Prompt(login.prompt.clone()));
        let relay = Arc::clone(&self.relay);
        let on_event = Arc::new(move |event| relay.device_login(DeviceLoginEvent::Poll(event)));
        let token = poll_device_login(m.http(), &login, on_event)
            .await
            .or_fail("waiting for the sign-in")?;
        self.keys.user_token = Some(token.clone());
        let inspection = self.inspection(&token.access_token, None).await?;
        let claims = &inspection.claims;
        let sub = claims["sub"].as_str().unwrap_or("?");
        let permissions = match claims["permissions"].as_array() {
            Some(p) if !p.is_empty() => p
                .iter()
                .filter_map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            Some(_) => "none (the user's roles grant nothing on this API)".to_owned(),
            None => "no `permissions` claim: the API needs RBAC and \"Add Permissions in the \
                     Access Token\" (step 1's API settings)"
                .to_owned(),
        };
        Ok(ActionOutput::new(format!("logged in as {sub}"))
            .detail(format!("permissions: {permissions}"))
            .detail(format!("scope: {}", token.scope.as_deref().unwrap_or("")))
            .detail("kept in memory only; `authgate token --user` prints one")
            .panel(Panel::Token(Box::new(inspection))))
    }
}
