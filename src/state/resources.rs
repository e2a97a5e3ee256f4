//! The resources authgate made or reused: one typed record per kind, each stored under its
//! `ResourceKey` (`auth0.resource_server`, `aws.function`, …).

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::details::{
    Auth0RoleDetails, AuthorizerDetails, ClientGrantDetails, CorsDetails, Details, FunctionDetails,
    LoginAppDetails, ResourceServerDetails, RestApiDetails, RoleDetails, SecuredMethodsDetails,
    SpaAppDetails, StageDetails, TestClientDetails,
};
use super::key::ResourceKey;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record<D> {
    /// The id, ARN or name the provider knows it by.
    pub id: String,
    /// True if authgate created it (teardown deletes it); false if it found and reused it.
    pub created: bool,
    pub details: D,
}

/// One record per kind; each field's table name is its `ResourceKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    #[serde(
        rename = "auth0.resource_server",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_server: Option<Record<ResourceServerDetails>>,
    #[serde(
        rename = "auth0.test_client",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub test_client: Option<Record<TestClientDetails>>,
    #[serde(
        rename = "auth0.client_grant",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_grant: Option<Record<ClientGrantDetails>>,
    #[serde(
        rename = "auth0.writer_client",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub writer_client: Option<Record<TestClientDetails>>,
    #[serde(
        rename = "auth0.writer_grant",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub writer_grant: Option<Record<ClientGrantDetails>>,
    #[serde(
        rename = "auth0.reader_role",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reader_role: Option<Record<Auth0RoleDetails>>,
    #[serde(
        rename = "auth0.writer_role",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub writer_role: Option<Record<Auth0RoleDetails>>,
    #[serde(
        rename = "auth0.login_app",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub login_app: Option<Record<LoginAppDetails>>,
    #[serde(
        rename = "auth0.spa_app",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub spa_app: Option<Record<SpaAppDetails>>,
    #[serde(
        rename = "aws.rest_api",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub rest_api: Option<Record<RestApiDetails>>,
    #[serde(rename = "aws.stage", default)]
    pub stage: Option<Record<StageDetails>>,
    #[serde(rename = "aws.role", default)]
    pub role: Option<Record<RoleDetails>>,
    #[serde(
        rename = "aws.function",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub function: Option<Record<FunctionDetails>>,
    #[serde(
        rename = "aws.authorizer",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authorizer: Option<Record<AuthorizerDetails>>,
    #[serde(
        rename = "aws.secured_methods",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secured_methods: Option<Record<SecuredMethodsDetails>>,
    #[serde(rename = "aws.cors", default, skip_serializing_if = "Option::is_none")]
    pub cors: Option<Record<CorsDetails>>,
}

/// Written as a map keyed by `ResourceKey`: the `toml` serialiser does not quote a struct
/// field named `auth0.test_client`, and the file would read back as nested tables.
impl Serialize for Resources {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn entry<M: SerializeMap, D: Serialize>(
            map: &mut M,
            key: ResourceKey,
            record: Option<&Record<D>>,
        ) -> Result<(), M::Error> {
            record.map_or(Ok(()), |r| map.serialize_entry(&key, r))
        }
        let mut map = serializer.serialize_map(None)?;
        entry(
            &mut map,
            ResourceKey::ResourceServer,
            self.resource_server.as_ref(),
        )?;
        entry(&mut map, ResourceKey::TestClient, self.test_client.as_ref())?;
        entry(
            &mut map,
            ResourceKey::ClientGrant,
            self.client_grant.as_ref(),
        )?;
        entry(
            &mut map,
            ResourceKey::WriterClient,
            self.writer_client.as_ref(),
        )?;
        entry(
            &mut map,
            ResourceKey::WriterGrant,
            self.writer_grant.as_ref(),
        )?;
        entry(&mut map, ResourceKey::ReaderRole, self.reader_role.as_ref())?;
        entry(&mut map, ResourceKey::WriterRole, self.writer_role.as_ref())?;
        entry(&mut map, ResourceKey::LoginApp, self.login_app.as_ref())?;
        entry(&mut map, ResourceKey::SpaApp, self.spa_app.as_ref())?;
        entry(&mut map, ResourceKey::RestApi, self.rest_api.as_ref())?;
        entry(&mut map, ResourceKey::Stage, self.stage.as_ref())?;
        entry(&mut map, ResourceKey::Role, self.role.as_ref())?;
        entry(&mut map, ResourceKey::Function, self.function.as_ref())?;
        entry(&mut map, ResourceKey::Authorizer, self.authorizer.as_ref())?;
        entry(
            &mut map,
            ResourceKey::SecuredMethods,
            self.secured_methods.as_ref(),
        )?;
        entry(&mut map, ResourceKey::Cors, self.cors.as_ref())?;
        map.end()
    }
}

/// Any record, seen without its kind: what `status`, teardown and listings need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub id: &'a str,
    pub created: bool,
    pub details: Vec<(&'static str, String)>,
}

fn entry<D: Details>(record: Option<&Record<D>>) -> Option<Entry<'_>> {
    record.map(|r| Entry {
        id: &r.id,
        created: r.created,
        details: r.details.pairs(),
    })
}

impl Resources {
    pub fn get(&self, key: ResourceKey) -> Option<Entry<'_>> {
        match key {
            ResourceKey::ResourceServer => entry(self.resource_server.as_ref()),
            ResourceKey::TestClient => entry(self.test_client.as_ref()),
            ResourceKey::ClientGrant => entry(self.client_grant.as_ref()),
            ResourceKey::WriterClient => entry(self.writer_client.as_ref()),
            ResourceKey::WriterGrant => entry(self.writer_grant.as_ref()),
            ResourceKey::ReaderRole => entry(self.reader_role.as_ref()),
            ResourceKey::WriterRole => entry(self.writer_role.as_ref()),
            ResourceKey::LoginApp => entry(self.login_app.as_ref()),
            ResourceKey::SpaApp => entry(self.spa_app.as_ref()),
            ResourceKey::RestApi => entry(self.rest_api.as_ref()),
            ResourceKey::Stage => entry(self.stage.as_ref()),
            ResourceKey::Role => entry(self.role.as_ref()),
            ResourceKey::Function => entry(self.function.as_ref()),
            ResourceKey::Authorizer => entry(self.authorizer.as_ref()),
            ResourceKey::SecuredMethods => entry(self.secured_methods.as_ref()),
            ResourceKey::Cors => entry(self.cors.as_ref()),
        }
    }

    pub fn contains(&self, key: ResourceKey) -> bool {
        self.get(key).is_some()
    }

    pub fn remove(&mut self, key: ResourceKey) {
        match key {
            ResourceKey::ResourceServer => self.resource_server = None,
            ResourceKey::TestClient => self.test_client = None,
            ResourceKey::ClientGrant => self.client_grant = None,
            ResourceKey::WriterClient => self.writer_client = None,
            ResourceKey::WriterGrant => self.writer_grant = None,
            ResourceKey::ReaderRole => self.reader_role = None,
            ResourceKey::WriterRole => self.writer_role = None,
            ResourceKey::LoginApp => self.login_app = None,
            ResourceKey::SpaApp => self.spa_app = None,
            ResourceKey::RestApi => self.rest_api = None,
            ResourceKey::Stage => self.stage = None,
            ResourceKey::Role => self.role = None,
            ResourceKey::Function => self.function = None,
            ResourceKey::Authorizer => self.authorizer = None,
            ResourceKey::SecuredMethods => self.secured_methods = None,
            ResourceKey::Cors => self.cors = None,
        }
    }

    /// The records there are, in `ResourceKey::ALL` order.
    pub fn iter(&self) -> impl Iterator<Item = (ResourceKey, Entry<'_>)> {
        ResourceKey::ALL
            .into_iter()
            .filter_map(|k| self.get(k).map(|e| (k, e)))
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The API Gateway id the stage, authorizer or secured methods belong to.
    pub fn api_id(&self, key: ResourceKey) -> Option<&str> {
        match key {
            ResourceKey::Stage => self.stage.as_ref().map(|r| r.details.api_id.as_str()),
            ResourceKey::Authorizer => self.authorizer.as_ref().map(|r| r.details.api_id.as_str()),
            ResourceKey::SecuredMethods => self
                .secured_methods
                .as_ref()
                .map(|r| r.details.api_id.as_str()),
            ResourceKey::Cors => self.cors.as_ref().map(|r| r.details.api_id.as_str()),
            _ => None,
        }
    }

    /// Forgets what lives inside the REST API `api_id` (deleted with it).
    pub fn forget_inside_api(&mut self, api_id: &str) {
        for key in [
            ResourceKey::Stage,
            ResourceKey::Authorizer,
            ResourceKey::SecuredMethods,
            ResourceKey::Cors,
        ] {
            if self.api_id(key) == Some(api_id) {
                self.remove(key);
            }
        }
    }
}
