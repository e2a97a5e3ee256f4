//! `/api/v2/users`: database users of `Username-Password-Authentication` (`auth0|…`), shaped
//! as Auth0 returns them (go-auth0's recorded tests): create 201, delete 204. Passwords are
//! hashed at once and never shown.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::Value;

use super::error::{Answer, MgmtError};
use super::schema::{USER_CREATE, USER_UPDATE};
use super::validate::{check, missing_property};
use super::{Query, page, saved};
use crate::tenant::TenantState;
use crate::tenant::directory::{DATABASE_CONNECTION, User};
use crate::tenant::password::PasswordHash;

pub fn missing() -> MgmtError {
    MgmtError::not_found("inexistent_user", "The user does not exist.")
}

pub async fn list(State(s): State<TenantState>, q: Query) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    let items = store
        .objects
        .directory
        .users
        .iter()
        .map(|u| u.profile.clone())
        .collect();
    Ok(Json(page(items, &q, "users")).into_response())
}

pub async fn get(State(s): State<TenantState>, Path(id): Path<String>) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    store
        .objects
        .directory
        .user(&id)
        .ok_or_else(missing)
        .map(|u| Json(u.profile.clone()).into_response())
}

pub async fn create(State(s): State<TenantState>, Json(body): Json<Value>) -> Answer {
    check(&USER_CREATE, &body)?;
    if body["connection"] != DATABASE_CONNECTION {
        let status = StatusCode::BAD_REQUEST;
        return Err(MgmtError::new(
            status,
            "inexistent_connection",
            "The connection does not exist.",
        ));
    }
    let Some(email) = body["email"].as_str() else {
        return Err(missing_property("email"));
    };
    let Some(password) = body["password"].as_str() else {
        return Err(missing_property("password"));
    };
    // Hashed before the lock: PBKDF2 takes a while.
    let user = User::new(email, PasswordHash::new(password), &body);
    let mut store = crate::sync::lock(&s.0.store);
    if store.objects.directory.user_by_email(email).is_some() {
        let status = StatusCode::CONFLICT;
        return Err(MgmtError::new(
            status,
            "auth0_idp_error",
            "The user already exists.",
        ));
    }
    let shown = user.profile.clone();
    store.objects.directory.users.push(user);
    saved(&store)?;
    Ok((StatusCode::CREATED, Json(shown)).into_response())
}

pub async fn patch(
    State(s): State<TenantState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Answer {
    check(&USER_UPDATE, &body)?;
    // Hashed before the lock: PBKDF2 takes a while.
    let password = body["password"].as_str().map(PasswordHash::new);
    let mut store = crate::sync::lock(&s.0.store);
    let Some(user) = store.objects.directory.user_mut(&id) else {
        return Err(missing());
    };
    if password.is_some() {
        user.password = password;
    }
    let now = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S%.3fZ");
    if let (Some(profile), Some(fields)) = (user.profile.as_object_mut(), body.as_object()) {
        for (k, v) in fields {
            match k.as_str() {
                "password"
                | "connection"
                | "client_id"
                | "verify_email"
                | "verify_phone_number" => {}
                "email" => {
                    let email = v.as_str().map(str::to_lowercase);
                    profile.insert(k.clone(), email.map_or(Value::Null, Value::String));
                }
                _ if v.is_null() => {
                    profile.remove(k);
                }
                _ => {
                    profile.insert(k.clone(), v.clone());
                }
            }
        }
        profile.insert("updated_at".into(), Value::String(now.to_string()));
    }
    let shown = user.profile.clone();
    saved(&store)?;
    Ok(Json(shown).into_response())
}

pub async fn delete(State(s): State<TenantState>, Path(id): Path<String>) -> Answer {
    let mut store = crate::sync::lock(&s.0.store);
    let before = store.objects.directory.users.len();
    store.objects.directory.users.retain(|u| u.id() != id);
    if store.objects.directory.users.len() != before {
        saved(&store)?;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
