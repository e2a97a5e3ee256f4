//! What exists, as the state file records it: for `authgate status` and the status view.

use serde::Serialize;

use crate::state::{ResourceKey, State, Target};
use crate::steps::ActionId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub key: ResourceKey,
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
            (ResourceKey::SecuredMethods | ResourceKey::Cors, _) => "set",
            (_, true) => "created",
            (_, false) => "reused",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub target: Option<Target>,
    pub rows: Vec<Row>,
    /// Finished actions out of all of them.
    pub done: usize,
    pub total: usize,
}

pub fn label(k: ResourceKey) -> &'static str {
    match k {
        ResourceKey::ResourceServer => "Auth0 API",
        ResourceKey::TestClient => "Auth0 test application",
        ResourceKey::ClientGrant => "Auth0 client grant",
        ResourceKey::WriterClient => "Auth0 writer application",
        ResourceKey::WriterGrant => "Auth0 writer grant",
        ResourceKey::ReaderRole => "Auth0 role pets-reader",
        ResourceKey::WriterRole => "Auth0 role pets-writer",
        ResourceKey::LoginApp => "Auth0 login application",
        ResourceKey::SpaApp => "Auth0 web-page application",
        ResourceKey::RestApi => "REST API",
        ResourceKey::Stage => "stage",
        ResourceKey::Role => "IAM role",
        ResourceKey::Function => "Lambda function",
        ResourceKey::Authorizer => "authorizer",
        ResourceKey::SecuredMethods => "secured methods",
        ResourceKey::Cors => "CORS for the browser origin",
    }
}

impl Status {
    pub fn of(state: &State) -> Self {
        let rows = ResourceKey::ALL
            .into_iter()
            .map(|k| {
                let r = state.resources.get(k);
                Row {
                    key: k,
                    label: label(k),
                    id: r.as_ref().map(|r| r.id.to_owned()),
                    created: r.as_ref().is_some_and(|r| r.created),
                    details: r
                        .map(|r| {
                            r.details
                                .into_iter()
                                .map(|(k, v)| (k.to_owned(), v))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        Self {
            target: state.target,
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
            .find(|r| r.key == ResourceKey::Stage)?
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
                    "reused" => format!("• {:<24} {id}  (reused)", r.label),
                    how => format!("• {:<24} {id}  ({how} by authgate)", r.label),
                },
                None => format!("○ {:<24} —", r.label),
            })
            .collect()
    }
}
