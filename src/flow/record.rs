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
