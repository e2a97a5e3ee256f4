//! The tenant's users as the device login sees them: who may sign in on `/activate`, and
//! which permissions their roles grant on an API. A thin view over the store's directory of
//! users and roles (owned by the Management API side), so the login code names one place.

use super::{SEED_PASSWORD, TenantState, UserId};

/// A signed-in user: what tokens say about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// `auth0|…`, the `sub` of their tokens.
    pub user_id: String,
    pub email: String,
    pub email_verified: bool,
    pub name: String,
    pub nickname: String,
}

/// The user with this email and password, if any.
pub fn authenticate(s: &TenantState, email: &str, password: &str) -> Option<Account> {
    let id = s.authenticate(email, password)?;
    let profile = s.user_profile(&id)?;
    let text = |key: &str| profile[key].as_str().unwrap_or_default().to_owned();
    Some(Account {
        user_id: id.0,
        email: text("email"),
        email_verified: profile["email_verified"] == true,
        name: text("name"),
        nickname: text("nickname"),
    })
}

/// The permissions `user_id`'s roles grant on `audience`, sorted.
pub fn permissions(s: &TenantState, user_id: &str, audience: &str) -> Vec<String> {
    s.user_permissions(&UserId(user_id.to_owned()), audience)
}

/// The tenant's users for the sign-in page's note: `(email, role names)`.
pub fn listed(s: &TenantState) -> Vec<(String, Vec<String>)> {
    let store = crate::sync::lock(&s.0.store);
    let directory = &store.objects.directory;
    directory
        .users
        .iter()
        .map(|user| {
            let roles = user
                .roles
                .iter()
                .filter_map(|id| directory.role(id).map(|r| r.name.clone()))
                .collect();
            (user.email().to_owned(), roles)
        })
        .collect()
}

/// The seeded users' password, shown on the sandbox's sign-in page.
pub const SEEDED_PASSWORD: &str = SEED_PASSWORD;
