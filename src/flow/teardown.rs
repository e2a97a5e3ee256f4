//! Deleting what authgate created, in dependency order, one object at a time: each one
//! leaves the state file as soon as it is gone, so an interrupted teardown resumes and a
//! second one has nothing to do.

use std::sync::Arc;

use super::Session;
use super::failure::OrFail;
use super::outcome::ActionFailure;
use crate::state::{ResourceKey, State};
use authgate_providers::Report;
use authgate_providers::auth0::{self, ObjectRef, Removal};
use authgate_providers::aws::teardown::{TeardownPlan, teardown as aws_teardown};

/// One thing teardown will delete.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Doomed {
    pub key: ResourceKey,
    pub label: String,
    pub id: String,
}

/// Deletion order: the AWS side first (it depends on nothing in Auth0), then the roles, the
/// grants, the clients, and the API last.
const ORDER: [ResourceKey; 15] = [
    ResourceKey::Cors,
    ResourceKey::Stage,
    ResourceKey::Authorizer,
    ResourceKey::RestApi,
    ResourceKey::Function,
    ResourceKey::Role,
    ResourceKey::WriterRole,
    ResourceKey::ReaderRole,
    ResourceKey::WriterGrant,
    ResourceKey::WriterClient,
    ResourceKey::ClientGrant,
    ResourceKey::LoginApp,
    ResourceKey::SpaApp,
    ResourceKey::TestClient,
    ResourceKey::ResourceServer,
];

/// What a teardown would delete now; reused objects only with `include_reused`.
pub fn plan(state: &State, include_reused: bool) -> Vec<Doomed> {
    plan_from(state, include_reused, 1)
}

/// What resetting steps `from_step`… would delete now: the objects those steps made, and,
/// when the API stays, step 4's authorizer taken off its methods (on every reset from
/// a later step than 1, and on a whole teardown when the authorizer goes).
pub fn plan_from(state: &State, include_reused: bool, from_step: u8) -> Vec<Doomed> {
    let goes = |k: ResourceKey| {
        k.step() >= from_step
            && state
                .resources
                .get(k)
                .is_some_and(|r| r.created || include_reused)
    };
    let api_goes = goes(ResourceKey::RestApi);
    let mut doomed: Vec<Doomed> = ORDER
        .into_iter()
        .filter_map(|k| {
            let r = state.resources.get(k)?;
            let inside_api = matches!(
                k,
                ResourceKey::Stage | ResourceKey::Authorizer | ResourceKey::Cors
            );
            if !goes(k) || (inside_api && api_goes) {
                return None;
            }
            let what = match k {
                ResourceKey::Cors => "CORS preflights and gateway responses for",
                ResourceKey::Stage => "API Gateway stage",
                ResourceKey::Authorizer => "API Gateway authorizer",
                ResourceKey::RestApi => "API Gateway REST API (with its stages and authorizer)",
                ResourceKey::Function => "Lambda function",
                ResourceKey::Role => "IAM role (policies detached first)",
                ResourceKey::ClientGrant => "Auth0 client grant",
                ResourceKey::TestClient => "Auth0 test application",
                ResourceKey::WriterGrant => "Auth0 writer client grant",
                ResourceKey::WriterClient => "Auth0 writer application",
                ResourceKey::ReaderRole | ResourceKey::WriterRole => "Auth0 role",
                ResourceKey::LoginApp => "Auth0 login application",
                ResourceKey::SpaApp => "Auth0 web-page application",
                _ => "Auth0 API",
            };
            Some(Doomed {
                key: k,
                label: format!("{what} {}", r.id),
                id: r.id.to_owned(),
            })
        })
        .collect();
    if let Some(secured) = &state.resources.secured_methods
        && !api_goes
        && from_step <= 4
        && (from_step > 1 || goes(ResourceKey::Authorizer))
    {
        // After the CORS objects, so the one redeployment serves both changes.
        let at = usize::from(doomed.first().is_some_and(|d| d.key == ResourceKey::Cors));
        doomed.insert(
            at,
            Doomed {
                key: ResourceKey::SecuredMethods,
                label: format!(
                    "authorizer {} on the methods of API {} (set back to NONE, stage redeployed)",
                    secured.details.authorizer_id, secured.details.api_id
                ),
                id: secured.id.clone(),
            },
        );
    }
    doomed
}

/// A reset of steps `from_step`… (1: a whole teardown): what goes, and the finished actions
/// of those steps to forget (their `steps.toml` ids), so they run again.
pub struct Reset {
    pub include_reused: bool,
    pub from_step: u8,
    pub actions: Vec<String>,
}

impl Session {
    /// Deletes everything in `plan(…)`, reporting each; returns the lines said.
    pub async fn teardown(
        &mut self,
        include_reused: bool,
        report: Arc<dyn Report>,
    ) -> Result<Vec<String>, ActionFailure> {
        let whole = Reset {
            include_reused,
            from_step: 1,
            actions: Vec::new(),
        };
        self.reset(&whole, report).await
    }

    /// Undoes steps `reset.from_step`… as [`plan_from`] says, one object at a time.
    pub async fn reset(
        &mut self,
        reset: &Reset,
        report: Arc<dyn Report>,
    ) -> Result<Vec<String>, ActionFailure> {
        self.relay.set(report);
        let state = self.store.snapshot().await;
        let doomed = plan_from(&state, reset.include_reused, reset.from_step);
        let mut said = Vec::new();
        for item in &doomed {
            let line = self.delete(item, &state).await?;
            self.report(line.clone());
            said.push(line);
            let (gone, id) = (item.key, item.id.clone());
            self.store
                .update(move |s| {
                    s.resources.remove(gone);
                    if gone == ResourceKey::RestApi {
                        // Its stage and authorizer went with it.
                        s.resources.forget_inside_api(&id);
                    }
                })
                .await
                .or_fail("saving the state file")?;
        }
        let whole = reset.from_step == 1;
        let actions = reset.actions.clone();
        self.store
            .update(move |s| {
                if !whole {
                    s.actions.retain(|id, _| !actions.contains(id));
                    return;
                }
                s.actions.clear();
                s.resources.remove(ResourceKey::SecuredMethods);
                if !s.resources.contains(ResourceKey::ResourceServer) {
                    s.verifier = None;
                }
                if s.resources.is_empty() {
                    s.target = None;
                }
            })
            .await
            .or_fail("saving the state file")?;
        Ok(said)
    }

    async fn delete(&mut self, item: &Doomed, state: &State) -> Result<String, ActionFailure> {
        let api_id = state
            .resources
            .api_id(item.key)
            .unwrap_or_default()
            .to_owned();
        if item.key == ResourceKey::Cors {
            return self.delete_cors(state, &api_id, &item.label).await;
        }
        if item.key == ResourceKey::SecuredMethods {
            return self.unsecure_methods(state, &item.label).await;
        }
        if item.key.is_aws() {
            let mut plan = TeardownPlan::default();
            match item.key {
                ResourceKey::Stage => plan.stage = Some((api_id, item.id.clone())),
                ResourceKey::Authorizer => plan.authorizer = Some((api_id, item.id.clone())),
                ResourceKey::RestApi => plan.rest_api_id = Some(item.id.clone()),
                ResourceKey::Function => plan.function_name = Some(item.id.clone()),
                _ => plan.role_name = Some(item.id.clone()),
            }
            let link = self.aws().await?;
            let relay = self.relay.clone();
            let outcome = aws_teardown(&link.aws, &plan, &*relay)
                .await
                .or_fail(&format!("deleting the {}", item.label))?;
            let gone = if outcome.deleted.is_empty() {
                "already gone"
            } else {
                "deleted"
            };
            return Ok(format!("{}: {gone}", item.label));
        }
        let object = Some(ObjectRef {
            id: item.id.clone(),
            created: true,
        });
        let mut plan = auth0::TeardownPlan::default();
        match item.key {
            ResourceKey::ClientGrant => plan.client_grant = object,
            ResourceKey::TestClient | ResourceKey::LoginApp | ResourceKey::SpaApp => {
                plan.test_client = object;
            }
            ResourceKey::WriterGrant => plan.writer_grant = object,
            ResourceKey::WriterClient => plan.writer_client = object,
            ResourceKey::ReaderRole | ResourceKey::WriterRole => plan.roles.extend(object),
            _ => plan.resource_server = object,
        }
        let m = self.management().await?;
        let report = auth0::teardown(&m, &plan, true)
            .await
            .or_fail(&format!("deleting the {}", item.label))?;
        let gone = match report.only() {
            Some(Removal::AlreadyGone) => "already gone",
            _ => "deleted",
        };
        self.keys.forget(item.key);
        Ok(format!("{}: {gone}", item.label))
    }
}

mod step4_undo;

#[cfg(test)]
mod tests;
