//! Which token step 5's "POST /pets with a write token" sends: the logged-in user's, when
//! one is in the session and has the write permission, else step 1's writer client's.

use super::Session;
use super::outcome::ActionFailure;
use authgate_core::jwt::inspect::inspect;
use authgate_core::policy::granted_permissions;
use authgate_providers::auth0::Secret;

impl Session {
    /// The token and a description of it, for the step's output.
    pub(super) async fn write_token(
        &mut self,
        required: &str,
    ) -> Result<(Secret, String), ActionFailure> {
        if let Some(user) = self.user_token().cloned() {
            let now = jiff::Timestamp::now().as_second();
            let claims = inspect(user.expose(), None, None, now).await.claims;
            let granted = claims
                .as_object()
                .map(granted_permissions)
                .unwrap_or_default();
            let sub = claims["sub"].as_str().unwrap_or("?").to_owned();
            if granted.iter().any(|g| g == required) {
                return Ok((
                    user,
                    format!(
                        "your logged-in user's token ({sub}; its permissions include {required})"
                    ),
                ));
            }
            self.report(format!(
                "the logged-in user's token ({sub}) lacks {required}; using the writer client's"
            ));
        }
        let token = self.writer_token().await?;
        Ok((
            token,
            format!("step 1's writer client's token (client credentials, granted {required})"),
        ))
    }
}
