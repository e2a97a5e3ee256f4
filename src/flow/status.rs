//! What exists, as the state file records it: for `authgate status` and the status view.

use serde::Serialize;

use super::record::key;
use crate::state::State;
use crate::steps::ActionId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub key: &'static str,
    pub label: &'static str,
    /// `None` when nothing is recorded.
    pub id: Option<String>,
    pub created: bool,
    pub details: Vec<(String, String)>,
}

impl Row {
    /// How the resource came to be: methods are set on the API, not created or found.
    pub fn origin(&self) -> &'static str {
        match (self.key, self.created) {
            (key::SECURED, _) => "set",
            (_, true) => "created",
            (_, false) => "reused",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub target: Option<String>,
    pub rows: Vec<Row>,
    /// Finished actions out of all of them.
    pub done: usize,
    pub total: usize,
}

pub fn label(k: &str) -> &'static str {
    match k {
        key::RESOURCE_SERVER => "Auth0 API",
        key::TEST_CLIENT => "Auth0 test application",
        key::CLIENT_GRANT => "Auth0 client grant",
        key::REST_API => "REST API",
        key::STAGE => "stage",
        key::ROLE => "IAM role",
        key::FUNCTION => "Lambda function",
        key::AUTHORIZER => "authorizer",
        _ => "secured methods",
    }
}

impl Status {
    pub fn of(state: &State) -> Self {
        let rows = key::ALL
            .iter()
            .map(|k| {
                let r = state.resources.get(*k);
                Row {
                    key: k,
                    label: label(k),
                    id: r.map(|r| r.id.clone()),
                    created: r.is_some_and(|r| r.created),
                    details: r
                        .map(|r| {
                            r.details
                                .iter()
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        Self {
            target: state.target.clone(),
            rows,
            done: ActionId::ALL
                .iter()
                .filter(|a| state.actions.contains_key(a.key()))
                .count(),
            total: ActionId::ALL.len(),
        }
    }

    /// The stage's invoke URL, once deployed.
    pub fn invoke_url(&self) -> Option<&str> {
        self.rows
            .iter()
            .find(|r| r.key == key::STAGE)?
            .details
            .iter()
            .find(|(k, _)| k == "invoke_url")
            .map(|(_, v)| v.as_str())
    }

    /// One line per resource, for the terminal.
    pub fn lines(&self) -> Vec<String> {
        self.rows
            .iter()
            .map(|r| match &r.id {
                Some(id) => match r.origin() {
                    "reused" => format!("✓ {:<24} {id}  (reused)", r.label),
                    how => format!("✓ {:<24} {id}  ({how} by authgate)", r.label),
                },
                None => format!("○ {:<24} —", r.label),
            })
            .collect()
    }
}
