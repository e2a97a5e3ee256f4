//! What authgate wants to exist in the tenant, and what it found or created there.

use serde::{Deserialize, Serialize};

use super::Secret;

/// `token_dialect` of the API: which claims its access tokens carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenDialect {
    /// Auth0's profile: `azp`, `scope`, `gty`.
    #[default]
    AccessToken,
    /// RFC 9068: `client_id`, `jti`, header `typ: at+jwt`.
    Rfc9068Profile,
}

impl TokenDialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccessToken => "access_token",
            Self::Rfc9068Profile => "rfc9068_profile",
        }
    }
}

/// The Auth0 API (resource server) for the `PetStore`.
#[derive(Debug, Clone)]
pub struct ApiSpec {
    pub name: String,
    /// The `aud` of its tokens; URL-like and immutable once created.
    pub identifier: String,
    pub dialect: TokenDialect,
    /// Scopes the API declares and the test client is granted.
    pub scopes: Vec<String>,
}

/// Everything step 1 ensures.
#[derive(Debug, Clone)]
pub struct ProvisionSpec {
    pub api: ApiSpec,
    pub test_client_name: String,
}

impl Default for ProvisionSpec {
    /// The tutorial's `PetStore` API as authgate names it.
    fn default() -> Self {
        Self {
            api: ApiSpec {
                name: "authgate PetStore".into(),
                identifier: "https://petstore.authgate.example".into(),
                dialect: TokenDialect::AccessToken,
                scopes: vec!["read:pets".into()],
            },
            test_client_name: "authgate PetStore (test client)".into(),
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
}

/// The test M2M client. Its secret lives in memory only (re-read via the Management API on
/// reruns) and is skipped when serialised.
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

/// The Native application users sign in to with the device flow (public: no secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoginApp {
    pub client_id: String,
    pub name: String,
}

/// The login application's name in the tenant.
pub const LOGIN_APP_NAME: &str = "authgate PetStore (device login)";
