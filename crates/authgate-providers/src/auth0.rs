//! Auth0: the Management API token (client credentials of the user's management app),
//! find-or-create of the API with its permissions, the test M2M client and its grant, the
//! writer client and its grant, the roles for user logins, the test access token and its
//! verification, and teardown of what authgate created.
//!
//! Every call takes the tenant as a [`TenantUrl`], so tests and the sandbox point it at
//! `http://127.0.0.1:PORT`. Progress goes through [`Report`], owned here, so the TUI task
//! runner can stream it.

mod device_login;
mod error;
mod management;
mod oauth_http;
mod objects;
mod provision;
mod teardown;
mod tenant_url;
mod test_token;
mod token;

use std::fmt;

pub use device_login::{
    DeviceLogin, DeviceLoginError, DeviceLoginEvent, LoginPrompt, PollEvent, UserToken,
    poll_device_login, start_device_login,
};
pub use error::{Auth0Error, TokenFor};
pub use management::{Management, RetryPolicy};
pub use objects::{
    ApiPermission, ApiSpec, ClientGrant, LOGIN_APP_NAME, LoginApp, ProvisionSpec, ResourceServer,
    Role, RoleSpec, TestClient, TokenDialect, default_permissions,
};
pub(crate) use provision::{
    Desired, drifted, login_app_desired, m2m_client_desired, resource_server_always,
    role_permissions_on,
};
pub use provision::{
    Provisioning, SPA_APP_NAME, ensure_client_grant, ensure_login_app, ensure_resource_server,
    ensure_role, ensure_spa_app, ensure_test_client, ensure_writer_client, provision,
    spa_app_differences,
};
pub use teardown::{ObjectRef, Removal, TeardownPlan, TeardownReport, teardown};
pub use tenant_url::{TenantUrl, validate_api_identifier};
pub use test_token::{TestToken, fetch_test_token};
pub use token::{TokenGrant, client_credentials};

/// A secret held in memory only: `Debug` and `Display` print `***`, and it is never
/// serialised. Call [`Secret::expose`] at the one place it goes on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Client id and secret of an Auth0 application.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: Secret,
}

pub(crate) use crate::Report;

/// An object authgate ensured: whether it was created now or found and reused, and which
/// fields it had to patch back to the desired value.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Provisioned<T> {
    pub value: T,
    pub created: bool,
    pub patched: Vec<String>,
}

impl<T> Provisioned<T> {
    fn created(value: T) -> Self {
        Self {
            value,
            created: true,
            patched: Vec::new(),
        }
    }
    fn reused(value: T, patched: Vec<String>) -> Self {
        Self {
            value,
            created: false,
            patched,
        }
    }
}

/// An id or name as one URL path or query segment (Auth0 ids hold `|` and other reserved
/// characters).
pub fn encode_segment(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let creds = ClientCredentials {
            client_id: "id".into(),
            client_secret: Secret::new("hunter2"),
        };
        assert_eq!(
            format!("{creds:?}"),
            r#"ClientCredentials { client_id: "id", client_secret: *** }"#
        );
        assert_eq!(Secret::new("hunter2").to_string(), "***");
    }
}
