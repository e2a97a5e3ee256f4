//! What authgate wants to exist in the tenant, and what it found or created there.

use serde::{Deserialize, Serialize};

use super::Secret;

/// `token_dialect` of the API: which claims its access tokens carry. The `_authz` dialects
/// add the `permissions` claim (the dashboard's "Add Permissions in the Access Token").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenDialect {
    /// Auth0's profile: `azp`, `scope`, `gty`.
    AccessToken,
    /// Auth0's profile with `permissions` (RBAC).
    #[default]
    AccessTokenAuthz,
    /// RFC 9068: `client_id`, `jti`, header `typ: at+jwt`.
    Rfc9068Profile,
    /// RFC 9068 with `permissions` (RBAC).
    Rfc9068ProfileAuthz,
}

impl TokenDialect {
    pub const ALL: [Self; 4] = [
        Self::AccessTokenAuthz,
        Self::AccessToken,
        Self::Rfc9068ProfileAuthz,
        Self::Rfc9068Profile,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccessToken => "access_token",
            Self::AccessTokenAuthz => "access_token_authz",
            Self::Rfc9068Profile => "rfc9068_profile",
            Self::Rfc9068ProfileAuthz => "rfc9068_profile_authz",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }

    /// True when tokens carry the `permissions` claim (Auth0 needs RBAC on for that).
    pub fn adds_permissions(self) -> bool {
        matches!(self, Self::AccessTokenAuthz | Self::Rfc9068ProfileAuthz)
    }
}

/// One permission the API defines: a resource server `scopes` entry in Auth0's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiPermission {
    pub value: String,
    #[serde(default)]
    pub description: String,
}

impl ApiPermission {
    pub fn new(value: &str, description: &str) -> Self {
        Self {
            value: value.to_owned(),
            description: description.to_owned(),
        }
    }
}

/// The tutorial's permissions: reading and adding pets.
pub fn default_permissions() -> Vec<ApiPermission> {
    vec![
        ApiPermission::new("read:pets", "Read the pets"),
        ApiPermission::new("write:pets", "Add pets"),
    ]
}

/// The Auth0 API (resource server) for the `PetStore`.
#[derive(Debug, Clone)]
pub struct ApiSpec {
    pub name: String,
    /// The `aud` of its tokens; URL-like and immutable once created.
    pub identifier: String,
    pub dialect: TokenDialect,
    /// The permissions (Auth0: scopes) the API defines.
    pub permissions: Vec<ApiPermission>,
    /// Role-based access control (`enforce_policies`).
    pub rbac: bool,
}

impl ApiSpec {
    pub fn permission_names(&self) -> Vec<String> {
        self.permissions.iter().map(|p| p.value.clone()).collect()
    }
}

/// Everything step 1 ensures.
#[derive(Debug, Clone)]
pub struct ProvisionSpec {
    pub api: ApiSpec,
    pub test_client_name: String,
    /// What the test client's grant allows (a subset of the API's permissions).
    pub test_client_permissions: Vec<String>,
    /// The second M2M client, granted every permission of the API.
    pub writer_client_name: String,
}

impl Default for ProvisionSpec {
    /// The tutorial's `PetStore` API as authgate names it.
    fn default() -> Self {
        Self {
            api: ApiSpec {
                name: "authgate PetStore".into(),
                identifier: "https://petstore.authgate.example".into(),
                dialect: TokenDialect::default(),
                permissions: default_permissions(),
                rbac: true,
            },
            test_client_name: "authgate PetStore (test client)".into(),
            test_client_permissions: vec!["read:pets".into()],
            writer_client_name: "authgate PetStore (writer client)".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResourceServer {
    pub id: String,
    pub name: String,
    pub identifier: String,
    #[serde(default)]
    pub signing_alg: Option<String>,
    #[serde(default)]
    pub token_dialect: Option<String>,
    #[serde(default)]
    pub enforce_policies: Option<bool>,
    #[serde(default)]
    pub scopes: Vec<ApiPermission>,
}

/// An M2M client authgate made (the test client or the writer client). Its secret lives in
/// memory only (re-read via the Management API on reruns) and is skipped when serialised.
#[derive(Debug, Clone, Serialize)]
pub struct TestClient {
    pub client_id: String,
    pub name: String,
    #[serde(skip)]
    pub secret: Secret,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClientGrant {
    pub id: String,
    pub client_id: String,
    pub audience: String,
    #[serde(default)]
    pub scope: Vec<String>,
}

/// A role for user logins and the API permissions it should hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSpec {
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
}

/// The reader role's name: the API's `read:` permissions.
pub const READER_ROLE: &str = "pets-reader";
/// The writer role's name: every permission of the API.
pub const WRITER_ROLE: &str = "pets-writer";

impl RoleSpec {
    /// `pets-reader` (the API's `read:` permissions) and `pets-writer` (all of them).
    pub fn for_api(permissions: &[ApiPermission]) -> [Self; 2] {
        let names = |keep: fn(&str) -> bool| -> Vec<String> {
            permissions
                .iter()
                .filter(|p| keep(&p.value))
                .map(|p| p.value.clone())
                .collect()
        };
        [
            Self {
                name: READER_ROLE.into(),
                description: "Reads pets".into(),
                permissions: names(|p| p.starts_with("read:")),
            },
            Self {
                name: WRITER_ROLE.into(),
                description: "Reads and adds pets".into(),
                permissions: names(|_| true),
            },
        ]
    }
}

/// A role as the tenant has it, with its permissions on the API after ensuring them.
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub permissions: Vec<String>,
}
/// The Native application users sign in to with the device flow (public: no secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoginApp {
    pub client_id: String,
    pub name: String,
}

/// The login application's name in the tenant.
pub const LOGIN_APP_NAME: &str = "authgate PetStore (device login)";
