//! Deleting what authgate created: grant, then test client, then API. Objects that were
//! found and reused are kept unless `include_reused` says otherwise.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::{Auth0Error, Management, Provisioning};

/// An object id and whether authgate created it (as recorded in its state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectRef {
    pub id: String,
    pub created: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TeardownPlan {
    pub client_grant: Option<ObjectRef>,
    pub test_client: Option<ObjectRef>,
    pub resource_server: Option<ObjectRef>,
}

impl Provisioning {
    pub fn teardown_plan(&self) -> TeardownPlan {
        TeardownPlan {
            client_grant: Some(ObjectRef {
                id: self.grant.value.id.clone(),
                created: self.grant.created,
            }),
            test_client: Some(ObjectRef {
                id: self.test_client.value.client_id.clone(),
                created: self.test_client.created,
            }),
            resource_server: Some(ObjectRef {
                id: self.api.value.id.clone(),
                created: self.api.created,
            }),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Removal {
    Deleted,
    AlreadyGone,
    KeptReused,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TeardownReport {
    pub client_grant: Option<Removal>,
    pub test_client: Option<Removal>,
    pub resource_server: Option<Removal>,
}

pub async fn teardown(
    m: &Management,
    plan: &TeardownPlan,
    include_reused: bool,
) -> Result<TeardownReport, Auth0Error> {
    Ok(TeardownReport {
        client_grant: remove(
            m,
            plan.client_grant.as_ref(),
            include_reused,
            "client-grants",
            "delete:client_grants",
        )
        .await?,
        test_client: remove(
            m,
            plan.test_client.as_ref(),
            include_reused,
            "clients",
            "delete:clients",
        )
        .await?,
        resource_server: remove(
            m,
            plan.resource_server.as_ref(),
            include_reused,
            "resource-servers",
            "delete:resource_servers",
        )
        .await?,
    })
}

async fn remove(
    m: &Management,
    object: Option<&ObjectRef>,
    include_reused: bool,
    collection: &str,
    scope: &str,
) -> Result<Option<Removal>, Auth0Error> {
    let Some(object) = object else {
        return Ok(None);
    };
    if !object.created && !include_reused {
        m.report(format!(
            "Keeping {collection}/{} (it existed before authgate)",
            object.id
        ));
        return Ok(Some(Removal::KeptReused));
    }
    let id = super::encode_segment(&object.id);
    match m
        .call(
            Method::DELETE,
            &format!("/api/v2/{collection}/{id}"),
            scope,
            None,
        )
        .await
    {
        Ok(_) => {
            m.report(format!("Deleted {collection}/{}", object.id));
            Ok(Some(Removal::Deleted))
        }
        Err(e) if e.status() == Some(404) => Ok(Some(Removal::AlreadyGone)),
        Err(e) => Err(e),
    }
}
