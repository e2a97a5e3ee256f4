//! Reading the snapshot: the state file says which objects the wizard made, and each is read
//! back live through the session's clients (the sandbox's or the real ones). Read-only.

mod auth0;
mod aws;

use crate::flow::Session;
use crate::flow::outcome::ActionFailure;
use crate::state::{ResourceKey, State};

use super::snapshot::{Snapshot, Source};

/// What the export needs the state file to record: the tutorial's core objects.
const REQUIRED: [ResourceKey; 9] = [
    ResourceKey::ResourceServer,
    ResourceKey::TestClient,
    ResourceKey::ClientGrant,
    ResourceKey::RestApi,
    ResourceKey::Stage,
    ResourceKey::Role,
    ResourceKey::Function,
    ResourceKey::Authorizer,
    ResourceKey::SecuredMethods,
];

/// Every recorded object, read back from the target the state file was made against.
pub async fn snapshot(session: &mut Session) -> Result<Snapshot, ActionFailure> {
    let state = session.store.snapshot().await;
    check_complete(&state)?;
    let auth0 = auth0::read(session, &state).await?;
    let m = session.management().await?;
    let tenant = m.tenant().issuer().trim_end_matches('/').to_owned();
    let link = session.aws().await?;
    let aws = aws::read(&link.aws, &state).await?;
    Ok(Snapshot {
        source: Source {
            sandbox: session.settings().target.is_sandbox(),
            tenant,
            account: link.identity.account.clone(),
            region: link.aws.region.clone(),
        },
        auth0,
        aws,
    })
}

/// The state file records the tutorial's core objects (steps 1 to 4); else what is missing.
pub fn check_complete(state: &State) -> Result<(), ActionFailure> {
    let missing: Vec<&str> = REQUIRED
        .into_iter()
        .filter(|k| !state.resources.contains(*k))
        .map(ResourceKey::as_str)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(ActionFailure::new(
        "there is nothing complete to export yet",
        format!(
            "the state file records no {} (steps 1 to 4 make them)",
            missing.join(", ")
        ),
        "run `authgate setup` (with --sandbox for the sandbox) first, then export again",
    ))
}

/// A recorded object that the target no longer has.
pub(super) fn gone(key: ResourceKey, id: &str) -> ActionFailure {
    ActionFailure::new(
        format!("{key} {id} is recorded but does not exist any more"),
        "it was deleted or changed outside authgate since it was made",
        format!(
            "rerun step {} (authgate setup --from-step {}), then export again",
            key.step(),
            key.step()
        ),
    )
}
