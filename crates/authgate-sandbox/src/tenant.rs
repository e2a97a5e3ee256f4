//! The sandbox tenant: an axum server on 127.0.0.1 that speaks the part of Auth0's wire
//! protocol authgate uses (discovery, JWKS, `/oauth/token`, Management API resource servers,
//! clients and client grants), the device login (`/oauth/device/code`, the `/activate` page and
//! the device-code grant), a single-page application's sign-in (`/authorize` and the
//! authorization-code grant with PKCE), plus documented teaching hooks under `/sandbox/…`.
//!
//! [`router`] is merged with the AWS routes into one server by [`crate::server`].

mod accounts;
#[allow(clippy::result_large_err)]
mod activate;
mod authorize;
#[allow(clippy::result_large_err)]
mod device;
mod directory;
mod envelope;
mod hooks;
mod hs256;
mod ids;
mod keys;
// Handlers return a ready axum `Response` as their error, as axum code does.
#[allow(clippy::result_large_err)]
mod management;
#[allow(clippy::result_large_err)]
mod oauth;
mod oauth_wire;
mod password;
mod store;
mod userinfo;

use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;

pub(crate) use activate::escape as escape_html;
pub use device::DEVICE_GRANT;
pub use directory::{SEED_PASSWORD, UserId};
pub(crate) use envelope::envelope as management_error;
pub use hooks::Hooks;
pub(crate) use oauth_wire::oauth_error;

use crate::error::SandboxError;

/// The sandbox management application's client id. Not a secret: it only works against a
/// sandbox listening on 127.0.0.1, like the `test`/`test` credentials of local AWS emulators.
pub const MANAGEMENT_CLIENT_ID: &str = "authgate-sandbox-management";
/// The sandbox management application's client secret; fixed and documented for the same
/// reason as [`MANAGEMENT_CLIENT_ID`]: it unlocks nothing but a loopback sandbox.
pub const MANAGEMENT_CLIENT_SECRET: &str = "sandbox-management-secret";

/// The Management API scopes beyond authgate's own that an instructor needs to edit users,
/// roles and role members.
const INSTRUCTOR_SCOPES: &[&str] = &[
    "read:users",
    "create:users",
    "update:users",
    "delete:users",
    "read:role_members",
    "create:role_members",
    "delete:role_members",
];

/// Every Management API scope the sandbox knows, which its management app has by default:
/// those authgate asks a real management app for, then the instructor's.
pub fn management_scopes() -> impl Iterator<Item = &'static str> {
    authgate_core::tutorial::REQUIRED_MANAGEMENT_SCOPES
        .iter()
        .chain(INSTRUCTOR_SCOPES)
        .copied()
}

/// Shared state of one sandbox tenant (cheap to clone).
#[derive(Clone)]
pub struct TenantState(Arc<Inner>);

struct Inner {
    base_url: String,
    keys: RwLock<keys::KeyRing>,
    store: Mutex<store::Store>,
    hooks: Mutex<Hooks>,
    /// Pending device logins: in memory only, a restart forgets them.
    devices: Mutex<device::codes::DeviceCodes>,
    /// Authorization codes waiting for their exchange: in memory only.
    codes: Mutex<authorize::codes::AuthCodes>,
    clock: crate::clock::SandboxClock,
}

impl TenantState {
    /// Loads (or creates) keys and objects under `dir`; `base_url` is how clients reach the
    /// server (`http://127.0.0.1:PORT`), which becomes the issuer with a trailing slash.
    pub fn open(dir: &Path, base_url: &str) -> Result<Self, SandboxError> {
        std::fs::create_dir_all(dir).map_err(|e| SandboxError::io(dir, e))?;
        Ok(Self(Arc::new(Inner {
            base_url: base_url.trim_end_matches('/').to_owned(),
            keys: RwLock::new(keys::KeyRing::load_or_create(dir)?),
            store: Mutex::new(store::Store::load_or_create(dir)?),
            hooks: Mutex::new(Hooks::default()),
            devices: Mutex::new(device::codes::DeviceCodes::default()),
            codes: Mutex::new(authorize::codes::AuthCodes::default()),
            clock: crate::clock::SandboxClock::new(),
        })))
    }

    pub fn base_url(&self) -> &str {
        &self.0.base_url
    }
    /// `iss` of every token: the base URL with a trailing slash, as Auth0 does.
    pub fn issuer(&self) -> String {
        format!("{}/", self.0.base_url)
    }
    /// The clock tokens are issued by; share it with the gateway so one
    /// `/sandbox/clock-skew` moves both.
    pub fn clock(&self) -> crate::clock::SandboxClock {
        self.0.clock.clone()
    }
    pub fn management_audience(&self) -> String {
        format!("{}/api/v2/", self.0.base_url)
    }

    /// The user's effective permissions on the API `audience`, through their roles, sorted
    /// and unique (what a user token's `permissions` claim carries under RBAC).
    pub fn user_permissions(&self, user_id: &UserId, audience: &str) -> Vec<String> {
        let store = crate::sync::lock(&self.0.store);
        store
            .objects
            .directory
            .user_permissions(user_id.as_str(), audience)
    }

    /// The database user with this email and password. The hash is checked outside the
    /// store's lock; an unknown email costs the same work as a wrong password.
    pub fn authenticate(&self, email: &str, password: &str) -> Option<UserId> {
        let found = crate::sync::lock(&self.0.store)
            .objects
            .directory
            .credentials(email);
        if let Some((id, hash)) = found {
            return hash.matches(password).then_some(id);
        }
        password::PasswordHash::burn(password);
        None
    }

    /// The user as the Management API shows it (`user_id`, `email`, `name`, …).
    pub fn user_profile(&self, user_id: &UserId) -> Option<serde_json::Value> {
        let store = crate::sync::lock(&self.0.store);
        let user = store.objects.directory.user(user_id.as_str())?;
        Some(user.profile.clone())
    }
}

/// All tenant routes on `state`; merge it with other routers to share one port.
pub fn router(state: TenantState) -> Router {
    Router::new()
        .merge(oauth::routes())
        .merge(activate::routes())
        .merge(authorize::routes())
        .merge(management::routes(state.clone()))
        .merge(hooks::routes())
        .with_state(state)
}
