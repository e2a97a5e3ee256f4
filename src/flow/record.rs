//! Writing what the actions made into the state file as each one completes.

use super::Session;
use super::failure::OrFail;
use super::outcome::ActionFailure;
use crate::state::{Record, Resources, VerifierSettings};

/// Where one kind of resource lives in `Resources`: `|r| &mut r.role`.
pub(super) type Slot<D> = fn(&mut Resources) -> &mut Option<Record<D>>;

impl Session {
    /// Records a resource. A rerun finds what an earlier run created and says "reused"; the
    /// first `created = true` is kept for the same id, so teardown still deletes it.
    pub(super) async fn remember<D: Send + 'static>(
        &self,
        slot: Slot<D>,
        id: &str,
        created: bool,
        details: D,
    ) -> Result<(), ActionFailure> {
        let id = id.to_owned();
        self.store
            .update(move |state| {
                let record = slot(&mut state.resources);
                let was_created = record.as_ref().is_some_and(|r| r.created && r.id == id);
                *record = Some(Record {
                    id,
                    created: created || was_created,
                    details,
                });
            })
            .await
            .or_fail("saving the state file")
    }

    /// Every recorded resource, as the state file has them now.
    pub(super) async fn recorded(&self) -> Resources {
        self.store.snapshot().await.resources
    }

    pub(super) async fn remember_verifier(
        &self,
        verifier: VerifierSettings,
    ) -> Result<(), ActionFailure> {
        self.store
            .update(move |state| {
                // The function's permission map is step 3's: a rerun of step 1 keeps it.
                let required_permissions =
                    state.verifier.take().and_then(|v| v.required_permissions);
                state.verifier = Some(VerifierSettings {
                    required_permissions,
                    ..verifier
                });
            })
            .await
            .or_fail("saving the state file")
    }

    /// The `REQUIRED_PERMISSIONS` just set on the function, for `verify` and the inspector.
    pub(super) async fn remember_required_permissions(
        &self,
        map: String,
    ) -> Result<(), ActionFailure> {
        self.store
            .update(move |state| {
                if let Some(verifier) = &mut state.verifier {
                    verifier.required_permissions = Some(map);
                }
            })
            .await
            .or_fail("saving the state file")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::connect::Settings;
    use crate::state::store::StateStore;
    use crate::state::{RoleDetails, State, Target};

    fn role(arn: &str) -> RoleDetails {
        RoleDetails { arn: arn.into() }
    }

    #[tokio::test]
    async fn a_rerun_that_reuses_keeps_created_and_a_new_id_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::new(dir.path().to_owned(), State::new());
        let settings = Settings {
            target: Target::Sandbox,
            state_dir: dir.path().to_owned(),
            auth0_domain: None,
            auth0_client_id: None,
            auth0_client_secret: None,
            quick_audit: false,
        };
        let session = Session::new(settings, store);
        let slot: Slot<RoleDetails> = |r| &mut r.role;
        session.remember(slot, "r1", true, role("")).await.unwrap();
        session
            .remember(slot, "r1", false, role("a"))
            .await
            .unwrap();
        let r = session.recorded().await.role.unwrap();
        assert!(r.created, "reused on rerun, still authgate's");
        assert_eq!(r.details.arn, "a");
        session.remember(slot, "r2", false, role("")).await.unwrap();
        assert!(!session.recorded().await.role.unwrap().created);
        let saved = State::load(dir.path()).unwrap();
        assert_eq!(saved.resources.role.unwrap().id, "r2");
    }
}
