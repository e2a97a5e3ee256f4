//! The tenant's users and roles (Auth0's RBAC): roles carry permissions on APIs, users carry
//! roles, and a user's effective permissions for an API are the union over their roles.
//!
//! A fresh tenant is seeded with two database users and two roles without permissions (the
//! wizard's step 1 gives the roles permissions on the API it creates): `reader@authgate.test`
//! has `pets-reader`, `writer@authgate.test` has `pets-reader` and `pets-writer`.

use rand::Rng as _;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::ids::random_id;
use super::password::PasswordHash;

/// The only connection the sandbox has, Auth0's default database connection.
pub const DATABASE_CONNECTION: &str = "Username-Password-Authentication";
/// The seeded users' password. Published on purpose: it opens nothing but a loopback
/// sandbox, like the management app's fixed credentials.
pub const SEED_PASSWORD: &str = "authgate-sandbox";

/// A user's id as Auth0 writes it (`auth0|…` for database users).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserId(pub String);

impl UserId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    pub resource_server_identifier: String,
    pub permission_name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub permissions: Vec<Permission>,
}

impl Role {
    pub fn new(name: &str, description: Option<&str>) -> Self {
        Self {
            id: format!("rol_{}", random_id(16)),
            name: name.to_owned(),
            description: description.map(str::to_owned),
            permissions: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct User {
    /// The Auth0-shaped user (`user_id`, `email`, `identities`, …), never the password.
    pub profile: Value,
    pub password: Option<PasswordHash>,
    /// Ids of the roles assigned to the user.
    #[serde(default)]
    pub roles: Vec<String>,
}

impl User {
    /// A database user as Auth0 creates one: `auth0|` and 24 hex digits, a nickname from
    /// the email's local part, `name` defaulting to the email.
    pub fn new(email: &str, password: PasswordHash, fields: &Value) -> Self {
        let mut rng = rand::rng();
        let hex: String = (0..24)
            .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
            .collect();
        let now = jiff::Timestamp::now()
            .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        let email = email.to_lowercase();
        let nickname = email.split('@').next().unwrap_or(&email).to_owned();
        // Auth0's fallback avatar: the nickname's first two letters (never fetched here).
        let initials: String = nickname.chars().take(2).collect();
        let picture = format!("https://cdn.auth0.com/avatars/{initials}.png");
        let mut profile = json!({
            "user_id": format!("auth0|{hex}"), "email": email, "email_verified": false,
            "name": email, "nickname": nickname, "picture": picture,
            "identities": [{ "connection": DATABASE_CONNECTION, "user_id": hex,
                             "provider": "auth0", "isSocial": false }],
            "created_at": now, "updated_at": now,
        });
        if let (Some(target), Some(extra)) = (profile.as_object_mut(), fields.as_object()) {
            for (k, v) in extra {
                if !matches!(
                    k.as_str(),
                    "password" | "connection" | "verify_email" | "email"
                ) {
                    target.insert(k.clone(), v.clone());
                }
            }
        }
        Self {
            profile,
            password: Some(password),
            roles: Vec::new(),
        }
    }

    pub fn id(&self) -> &str {
        self.profile["user_id"].as_str().unwrap_or("")
    }
    pub fn email(&self) -> &str {
        self.profile["email"].as_str().unwrap_or("")
    }
}

/// Users and roles, persisted with the other tenant objects.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Directory {
    pub roles: Vec<Role>,
    pub users: Vec<User>,
}

impl Directory {
    /// What a fresh tenant starts with (see the module doc).
    pub fn seeded() -> Self {
        // The seed password is published, so its salt protects nothing: it is hashed once
        // per process and shared, which keeps every fresh tenant (tests make many) cheap.
        static SEED_HASH: std::sync::OnceLock<PasswordHash> = std::sync::OnceLock::new();
        let hash = SEED_HASH.get_or_init(|| PasswordHash::new(SEED_PASSWORD));
        let seed = |email: &str, roles: Vec<String>| {
            let mut user = User::new(email, hash.clone(), &json!({}));
            user.roles = roles;
            user
        };
        let reader_role = Role::new("pets-reader", Some("Reads pets"));
        let writer_role = Role::new("pets-writer", Some("Adds pets"));
        let reader = seed("reader@authgate.test", vec![reader_role.id.clone()]);
        let writer = seed(
            "writer@authgate.test",
            vec![reader_role.id.clone(), writer_role.id.clone()],
        );
        Self {
            roles: vec![reader_role, writer_role],
            users: vec![reader, writer],
        }
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }
    pub fn role_mut(&mut self, id: &str) -> Option<&mut Role> {
        self.roles.iter_mut().find(|r| r.id == id)
    }
    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id() == id)
    }
    pub fn user_mut(&mut self, id: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.id() == id)
    }
    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.email().eq_ignore_ascii_case(email))
    }

    /// The user's effective permissions on `audience`, through their roles (sorted, unique).
    pub fn user_permissions(&self, user_id: &str, audience: &str) -> Vec<String> {
        let Some(user) = self.user(user_id) else {
            return Vec::new();
        };
        let mut names: Vec<String> = user
            .roles
            .iter()
            .filter_map(|id| self.role(id))
            .flat_map(|r| &r.permissions)
            .filter(|p| p.resource_server_identifier == audience)
            .map(|p| p.permission_name.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The id and password hash of the user with `email`, to check outside the store's lock.
    pub fn credentials(&self, email: &str) -> Option<(UserId, PasswordHash)> {
        let user = self.user_by_email(email.trim())?;
        Some((UserId(user.id().to_owned()), user.password.clone()?))
    }

    /// Forgets the permissions of an API that no longer exists (Auth0 does the same).
    pub fn forget_api(&mut self, identifier: &str) {
        for role in &mut self.roles {
            role.permissions
                .retain(|p| p.resource_server_identifier != identifier);
        }
    }

    /// Removes a role and its assignments.
    pub fn remove_role(&mut self, id: &str) -> bool {
        let before = self.roles.len();
        self.roles.retain(|r| r.id != id);
        for user in &mut self.users {
            user.roles.retain(|r| r != id);
        }
        self.roles.len() != before
    }
}

#[cfg(test)]
mod tests;
