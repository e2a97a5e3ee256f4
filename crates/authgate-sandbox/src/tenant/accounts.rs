//! The tenant's users as the device login sees them: who may sign in on `/activate`, and
//! which permissions their roles grant on an API. A thin view over the store's users and
//! roles (owned by the Management API side), so the login code names one place.

use super::TenantState;

/// A signed-in user: what tokens say about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// `auth0|…`, the `sub` of their tokens.
    pub user_id: String,
    pub email: String,
    pub name: String,
}

/// The user with this email and password, if any.
pub fn authenticate(s: &TenantState, email: &str, password: &str) -> Option<Account> {
    stand_in::authenticate(s, email, password)
}

/// The permissions `user_id`'s roles grant on `audience`, sorted.
pub fn permissions(s: &TenantState, user_id: &str, audience: &str) -> Vec<String> {
    stand_in::permissions(s, user_id, audience)
}

/// The seeded users the sign-in page lists: `(email, roles)`.
pub fn seeded(s: &TenantState) -> Vec<(String, Vec<String>)> {
    stand_in::seeded(s)
}

/// The seeded users' shared password, shown on the sandbox's sign-in page.
pub const SEEDED_PASSWORD: &str = "authgate-sandbox";

/// Until the store has users and roles: the two seeded users with fixed permissions.
mod stand_in {
    use super::{Account, SEEDED_PASSWORD, TenantState};

    const USERS: &[(&str, &str, &str, &[&str])] = &[
        (
            "auth0|reader",
            "reader@authgate.test",
            "pets-reader",
            &["read:pets"],
        ),
        (
            "auth0|writer",
            "writer@authgate.test",
            "pets-writer",
            &["read:pets", "write:pets"],
        ),
    ];

    pub fn authenticate(_: &TenantState, email: &str, password: &str) -> Option<Account> {
        let (id, email, _, _) = USERS
            .iter()
            .find(|u| u.1.eq_ignore_ascii_case(email.trim()))?;
        (password == SEEDED_PASSWORD).then(|| Account {
            user_id: (*id).to_owned(),
            email: (*email).to_owned(),
            name: (*email).to_owned(),
        })
    }

    pub fn permissions(_: &TenantState, user_id: &str, _audience: &str) -> Vec<String> {
        USERS
            .iter()
            .find(|u| u.0 == user_id)
            .map(|u| u.3.iter().map(|p| (*p).to_owned()).collect())
            .unwrap_or_default()
    }

    pub fn seeded(_: &TenantState) -> Vec<(String, Vec<String>)> {
        USERS
            .iter()
            .map(|u| (u.1.to_owned(), vec![u.2.to_owned()]))
            .collect()
    }
}
