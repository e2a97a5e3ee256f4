//! What one step hands another in memory: the M2M clients the session ensured (with their
//! secrets) and the tokens it fetched, never on disk. Step 1 fills them; step 5 (the calls
//! with the read-only, write and user tokens), `token` and the inspector read them; teardown
//! forgets an object's keys with the object.

use authgate_providers::auth0::{LoginApp, Secret, TestClient, UserToken};

use crate::state::ResourceKey;

#[derive(Default)]
pub struct Keyring {
    /// The read-only test client (step 1), its secret in memory.
    pub test_client: Option<TestClient>,
    /// Its access token: step 1 fetches it, step 5 calls with it.
    pub test_token: Option<Secret>,
    /// The writer client (every permission of the API).
    pub writer_client: Option<TestClient>,
    /// Its access token, for step 5's `POST /pets` that must pass.
    pub writer_token: Option<Secret>,
    /// The Native application of the device login.
    pub login_app: Option<LoginApp>,
    /// The last device login's tokens.
    pub user_token: Option<UserToken>,
}

impl Keyring {
    /// What goes with the object under `key` once it is deleted: a client and its token, the
    /// login application and the user's token.
    pub fn forget(&mut self, key: ResourceKey) {
        match key {
            ResourceKey::TestClient => {
                self.test_client = None;
                self.test_token = None;
            }
            ResourceKey::WriterClient => {
                self.writer_client = None;
                self.writer_token = None;
            }
            ResourceKey::LoginApp => {
                self.login_app = None;
                self.user_token = None;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleting_a_client_forgets_its_token_and_nothing_else() {
        let mut keys = Keyring {
            test_token: Some(Secret::new("t")),
            writer_token: Some(Secret::new("w")),
            ..Keyring::default()
        };
        keys.forget(ResourceKey::TestClient);
        assert!(keys.test_token.is_none() && keys.writer_token.is_some());
        keys.forget(ResourceKey::RestApi);
        assert!(keys.writer_token.is_some());
        keys.forget(ResourceKey::WriterClient);
        assert!(keys.writer_token.is_none());
    }
}
