//! Writing what the actions made into the state file as each one completes.

use std::collections::BTreeMap;

use super::Session;
use super::failure::OrFail;
use super::outcome::ActionFailure;
use crate::state::{Resource, VerifierSettings};

/// Stable keys of the resources in `state.toml`.
pub mod key {
    pub const RESOURCE_SERVER: &str = "auth0.resource_server";
    pub const TEST_CLIENT: &str = "auth0.test_client";
    pub const CLIENT_GRANT: &str = "auth0.client_grant";
    pub const REST_API: &str = "aws.rest_api";
    pub const STAGE: &str = "aws.stage";
    pub const ROLE: &str = "aws.role";
    pub const FUNCTION: &str = "aws.function";
    pub const AUTHORIZER: &str = "aws.authorizer";
    pub const SECURED: &str = "aws.secured_methods";

    /// In the order they are made; teardown walks it backwards.
    pub const ALL: [&str; 9] = [
        RESOURCE_SERVER,
        TEST_CLIENT,
        CLIENT_GRANT,
        REST_API,
        STAGE,
        ROLE,
        FUNCTION,
        AUTHORIZER,
        SECURED,
    ];
}

impl Session {
    /// Records a resource. A rerun finds what an earlier run created and says "reused"; the
    /// first `created = true` is kept for the same id, so teardown still deletes it.
    pub(super) async fn remember(
        &self,
        key: &str,
        id: &str,
        created: bool,
        details: &[(&str, &str)],
    ) -> Result<(), ActionFailure> {
        let details: BTreeMap<String, String> = details
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let (key, id) = (key.to_owned(), id.to_owned());
        self.store
            .update(move |state| {
                let was_created = state
                    .resources
                    .get(&key)
                    .is_some_and(|r| r.created && r.id == id);
                let created = created || was_created;
                state.resources.insert(
                    key,
                    Resource {
                        id,
                        created,
                        details,
                    },
                );
            })
            .await
            .or_fail("saving the state file")
    }

    pub(super) async fn recorded(&self, key: &str) -> Option<Resource> {
        self.store.snapshot().await.resources.get(key).cloned()
    }

    pub(super) async fn remember_verifier(
        &self,
        verifier: VerifierSettings,
    ) -> Result<(), ActionFailure> {
        self.store
            .update(move |state| state.verifier = Some(verifier))
            .await
            .or_fail("saving the state file")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::connect::Settings;
    use crate::state::State;
    use crate::tasks::store::StateStore;

    #[tokio::test]
    async fn a_rerun_that_reuses_keeps_created_and_a_new_id_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::new(dir.path().to_owned(), State::new());
        let settings = Settings {
            sandbox: true,
            state_dir: dir.path().to_owned(),
            auth0_domain: None,
            auth0_client_id: None,
            auth0_client_secret: None,
        };
        let session = Session::new(settings, store);
        session.remember(key::ROLE, "r1", true, &[]).await.unwrap();
        session
            .remember(key::ROLE, "r1", false, &[("arn", "a")])
            .await
            .unwrap();
        let r = session.recorded(key::ROLE).await.unwrap();
        assert!(r.created, "reused on rerun, still authgate's");
        assert_eq!(r.details["arn"], "a");
        session.remember(key::ROLE, "r2", false, &[]).await.unwrap();
        assert!(!session.recorded(key::ROLE).await.unwrap().created);
        let saved = State::load(dir.path()).unwrap();
        assert_eq!(saved.resources[key::ROLE].id, "r2");
    }
}
