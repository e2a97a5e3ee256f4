//! Deleting what authgate created: the roles, the grants, the clients, then the API.
//! Objects that were found and reused are kept unless `include_reused` says otherwise.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::{Auth0Error, Management, Provisioned, Provisioning};

/// An object id and whether authgate created it (as recorded in its state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectRef {
    pub id: String,
    pub created: bool,
}

impl<T> Provisioned<T> {
    fn object(&self, id: impl Fn(&T) -> &str) -> ObjectRef {
        ObjectRef {
            id: id(&self.value).to_owned(),
            created: self.created,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TeardownPlan {
    pub roles: Vec<ObjectRef>,
    pub writer_grant: Option<ObjectRef>,
    pub writer_client: Option<ObjectRef>,
    pub client_grant: Option<ObjectRef>,
    pub test_client: Option<ObjectRef>,
    pub resource_server: Option<ObjectRef>,
}

impl Provisioning {
    pub fn teardown_plan(&self) -> TeardownPlan {
        TeardownPlan {
            roles: self.roles.iter().map(|r| r.object(|r| &r.id)).collect(),
            writer_grant: Some(self.writer_grant.object(|g| &g.id)),
            writer_client: Some(self.writer_client.object(|c| &c.client_id)),
            client_grant: Some(self.grant.object(|g| &g.id)),
            test_client: Some(self.test_client.object(|c| &c.client_id)),
            resource_server: Some(self.api.object(|a| &a.id)),
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
    pub roles: Vec<Removal>,
    pub writer_grant: Option<Removal>,
    pub writer_client: Option<Removal>,
    pub client_grant: Option<Removal>,
    pub test_client: Option<Removal>,
    pub resource_server: Option<Removal>,
}

impl TeardownReport {
    /// What happened to the one object of a single-object plan.
    pub fn only(&self) -> Option<Removal> {
        self.roles
            .first()
            .copied()
            .or(self.writer_grant)
            .or(self.writer_client)
            .or(self.client_grant)
            .or(self.test_client)
            .or(self.resource_server)
    }
}

pub async fn teardown(
    m: &Management,
    plan: &TeardownPlan,
    include_reused: bool,
) -> Result<TeardownReport, Auth0Error> {
    let mut roles = Vec::new();
    for role in &plan.roles {
        if let Some(r) = remove(m, Some(role), include_reused, "roles", "delete:roles").await? {
            roles.push(r);
        }
    }
    let grants = ("client-grants", "delete:client_grants");
    let clients = ("clients", "delete:clients");
    Ok(TeardownReport {
        roles,
        writer_grant: remove(
            m,
            plan.writer_grant.as_ref(),
            include_reused,
            grants.0,
            grants.1,
        )
        .await?,
        writer_client: remove(
            m,
            plan.writer_client.as_ref(),
            include_reused,
            clients.0,
            clients.1,
        )
        .await?,
        client_grant: remove(
            m,
            plan.client_grant.as_ref(),
            include_reused,
            grants.0,
            grants.1,
        )
        .await?,
        test_client: remove(
            m,
            plan.test_client.as_ref(),
            include_reused,
            clients.0,
            clients.1,
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
