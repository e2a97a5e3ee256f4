//! The kinds of resource authgate records, named as the state file's tables name them.

use serde::{Deserialize, Serialize};

/// A kind of resource, serialised as its table name in the state file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResourceKey {
    #[serde(rename = "auth0.resource_server")]
    ResourceServer,
    #[serde(rename = "auth0.test_client")]
    TestClient,
    #[serde(rename = "auth0.client_grant")]
    ClientGrant,
    #[serde(rename = "auth0.writer_client")]
    WriterClient,
    #[serde(rename = "auth0.writer_grant")]
    WriterGrant,
    #[serde(rename = "auth0.reader_role")]
    ReaderRole,
    #[serde(rename = "auth0.writer_role")]
    WriterRole,
    /// The Native application users log in to with the device flow.
    #[serde(rename = "auth0.login_app")]
    LoginApp,
    #[serde(rename = "aws.rest_api")]
    RestApi,
    #[serde(rename = "aws.stage")]
    Stage,
    #[serde(rename = "aws.role")]
    Role,
    #[serde(rename = "aws.function")]
    Function,
    #[serde(rename = "aws.authorizer")]
    Authorizer,
    #[serde(rename = "aws.secured_methods")]
    SecuredMethods,
    /// The Single Page Application `authgate web` signs users in with.
    #[serde(rename = "auth0.spa_app")]
    SpaApp,
    /// Step 4's browser actions: preflights and CORS gateway responses for one origin.
    #[serde(rename = "aws.cors")]
    Cors,
}

impl ResourceKey {
    /// In the order they are made; teardown walks it backwards.
    /// The login application and the web page's come last: only the interactive login and
    /// `authgate web` make them.
    pub const ALL: [Self; 16] = [
        Self::ResourceServer,
        Self::TestClient,
        Self::ClientGrant,
        Self::WriterClient,
        Self::WriterGrant,
        Self::ReaderRole,
        Self::WriterRole,
        Self::RestApi,
        Self::Stage,
        Self::Role,
        Self::Function,
        Self::Authorizer,
        Self::SecuredMethods,
        Self::Cors,
        Self::LoginApp,
        Self::SpaApp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResourceServer => "auth0.resource_server",
            Self::TestClient => "auth0.test_client",
            Self::ClientGrant => "auth0.client_grant",
            Self::WriterClient => "auth0.writer_client",
            Self::WriterGrant => "auth0.writer_grant",
            Self::ReaderRole => "auth0.reader_role",
            Self::WriterRole => "auth0.writer_role",
            Self::LoginApp => "auth0.login_app",
            Self::SpaApp => "auth0.spa_app",
            Self::RestApi => "aws.rest_api",
            Self::Stage => "aws.stage",
            Self::Role => "aws.role",
            Self::Function => "aws.function",
            Self::Authorizer => "aws.authorizer",
            Self::SecuredMethods => "aws.secured_methods",
            Self::Cors => "aws.cors",
        }
    }

    /// The tutorial step (1–4) that makes and corrects it.
    pub fn step(self) -> u8 {
        match self {
            Self::ResourceServer
            | Self::TestClient
            | Self::ClientGrant
            | Self::WriterClient
            | Self::WriterGrant
            | Self::ReaderRole
            | Self::WriterRole
            | Self::LoginApp
            | Self::SpaApp => 1,
            Self::RestApi | Self::Stage => 2,
            Self::Role | Self::Function | Self::Authorizer => 3,
            Self::SecuredMethods | Self::Cors => 4,
        }
    }

    pub fn is_aws(self) -> bool {
        !self.is_auth0()
    }

    pub fn is_auth0(self) -> bool {
        matches!(
            self,
            Self::ResourceServer
                | Self::TestClient
                | Self::ClientGrant
                | Self::WriterClient
                | Self::WriterGrant
                | Self::ReaderRole
                | Self::WriterRole
                | Self::LoginApp
                | Self::SpaApp
        )
    }
}

impl std::fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
