//! Which token step 5's "POST /pets with a write token" sends: step 1's writer client's.
//! (With the user login merged, a logged-in user's token that has the write permission goes
//! first: see `write_token`.)

use super::Session;
use super::outcome::ActionFailure;
use crate::domain::auth0::Secret;

impl Session {
    /// The token and a description of it, for the step's output.
    pub(super) async fn write_token(
        &mut self,
        required: &str,
    ) -> Result<(Secret, String), ActionFailure> {
        let token = self.writer_token().await?;
        Ok((
            token,
            format!("step 1's writer client's token (client credentials, granted {required})"),
        ))
    }
}
