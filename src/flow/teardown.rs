//! Deleting what authgate created, in dependency order, one object at a time: each one
//! leaves the state file as soon as it is gone, so an interrupted teardown resumes and a
//! second one has nothing to do.

use std::sync::Arc;

use super::Session;
use super::failure::OrFail;
use super::outcome::ActionFailure;
use super::record::key;
use crate::domain::Report;
use crate::domain::auth0::{self, ObjectRef, Removal};
use crate::domain::aws::teardown::{TeardownPlan, teardown as aws_teardown};
use crate::state::State;

/// One thing teardown will delete.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Doomed {
    pub key: &'static str,
    pub label: String,
    pub id: String,
}

/// Deletion order: the AWS side first (it depends on nothing in Auth0), then grant, client, API.
const ORDER: [&str; 8] = [
    key::STAGE,
    key::AUTHORIZER,
    key::REST_API,
    key::FUNCTION,
    key::ROLE,
    key::CLIENT_GRANT,
    key::TEST_CLIENT,
    key::RESOURCE_SERVER,
];

/// What a teardown would delete now; reused objects only with `include_reused`.
pub fn plan(state: &State, include_reused: bool) -> Vec<Doomed> {
    let api_goes = state
        .resources
        .get(key::REST_API)
        .is_some_and(|r| r.created || include_reused);
    ORDER
        .iter()
        .filter_map(|k| {
            let r = state.resources.get(*k)?;
            let inside_api = *k == key::STAGE || *k == key::AUTHORIZER;
            if !(r.created || include_reused) || (inside_api && api_goes) {
                return None;
            }
            let what = match *k {
                key::STAGE => "API Gateway stage",
                key::AUTHORIZER => "API Gateway authorizer",
                key::REST_API => "API Gateway REST API (with its stages and authorizer)",
                key::FUNCTION => "Lambda function",
                key::ROLE => "IAM role (policies detached first)",
                key::CLIENT_GRANT => "Auth0 client grant",
                key::TEST_CLIENT => "Auth0 test application",
                _ => "Auth0 API",
            };
            Some(Doomed {
                key: k,
                label: format!("{what} {}", r.id),
                id: r.id.clone(),
            })
        })
        .collect()
}

impl Session {
    /// Deletes everything in `plan(…)`, reporting each; returns the lines said.
    pub async fn teardown(
        &mut self,
        include_reused: bool,
        report: Arc<dyn Report>,
    ) -> Result<Vec<String>, ActionFailure> {
        self.relay.set(report);
        let state = self.store.snapshot().await;
        let doomed = plan(&state, include_reused);
        let mut said = Vec::new();
        for item in &doomed {
            let line = self.delete(item, &state).await?;
            self.report(line.clone());
            said.push(line);
            let (gone, id) = (item.key, item.id.clone());
            self.store
                .update(move |s| {
                    s.resources.remove(gone);
                    if gone == key::REST_API {
                        // Its stage and authorizer went with it.
                        s.resources
                            .retain(|_, r| r.details.get("api_id") != Some(&id));
                    }
                })
                .await
                .or_fail("saving the state file")?;
        }
        self.store
            .update(|s| {
                s.actions.clear();
                s.resources.remove(key::SECURED);
                if !s.resources.contains_key(key::RESOURCE_SERVER) {
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
            .get(item.key)
            .and_then(|r| r.details.get("api_id").cloned())
            .unwrap_or_default();
        if item.key.starts_with("aws.") {
            let mut plan = TeardownPlan::default();
            match item.key {
                key::STAGE => plan.stage = Some((api_id, item.id.clone())),
                key::AUTHORIZER => plan.authorizer = Some((api_id, item.id.clone())),
                key::REST_API => plan.rest_api_id = Some(item.id.clone()),
                key::FUNCTION => plan.function_name = Some(item.id.clone()),
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
            key::CLIENT_GRANT => plan.client_grant = object,
            key::TEST_CLIENT => plan.test_client = object,
            _ => plan.resource_server = object,
        }
        let m = self.management().await?;
        let report = auth0::teardown(&m, &plan, true)
            .await
            .or_fail(&format!("deleting the {}", item.label))?;
        let removal = report
            .client_grant
            .or(report.test_client)
            .or(report.resource_server);
        let gone = match removal {
            Some(Removal::AlreadyGone) => "already gone",
            _ => "deleted",
        };
        if item.key == key::TEST_CLIENT {
            self.test_client = None;
            self.test_token = None;
        }
        Ok(format!("{}: {gone}", item.label))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Resource;

    fn with(resources: &[(&str, &str, bool)]) -> State {
        let mut state = State::new();
        for (k, id, created) in resources {
            let mut details = std::collections::BTreeMap::new();
            details.insert("api_id".to_owned(), "api1".to_owned());
            let r = Resource {
                id: (*id).to_owned(),
                created: *created,
                details,
            };
            state.resources.insert((*k).to_owned(), r);
        }
        state
    }

    #[test]
    fn dependency_order_and_reused_objects_are_kept() {
        let state = with(&[
            (key::RESOURCE_SERVER, "rs", true),
            (key::CLIENT_GRANT, "cg", true),
            (key::REST_API, "api1", false),
            (key::STAGE, "test", true),
            (key::AUTHORIZER, "az", true),
            (key::FUNCTION, "fn", true),
            (key::ROLE, "role", false),
        ]);
        let keys: Vec<_> = plan(&state, false).iter().map(|d| d.key).collect();
        assert_eq!(
            keys,
            [
                key::STAGE,
                key::AUTHORIZER,
                key::FUNCTION,
                key::CLIENT_GRANT,
                key::RESOURCE_SERVER
            ]
        );
        let all: Vec<_> = plan(&state, true).iter().map(|d| d.key).collect();
        assert_eq!(
            all,
            [
                key::REST_API,
                key::FUNCTION,
                key::ROLE,
                key::CLIENT_GRANT,
                key::RESOURCE_SERVER
            ],
            "the API takes its stage and authorizer with it"
        );
        assert!(plan(&State::new(), true).is_empty());
    }
}
