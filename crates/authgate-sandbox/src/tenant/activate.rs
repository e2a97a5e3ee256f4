//! `/activate`: the sandbox's device activation page, like Auth0's Universal Login device
//! flow. `GET` shows the code form (prefilled from `?user_code=`); each `POST` is one step:
//! `code` (is it a live code?) → `login` (email and password of a seeded user) → `consent`
//! (Confirm or Deny). No cookies and no script: the consent step carries a one-time ticket
//! the login step created, never the password. The sandbox guard refuses cross-origin posts,
//! so another site cannot submit these forms (CSRF).

pub(crate) mod page;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::TenantState;
use super::accounts;
use page::{Consent, code_form, consent_form, login_form};

pub use page::escape;

const TITLE_CODE: &str = "Device activation";
const TITLE_LOGIN: &str = "Sign in";
const TITLE_CONSENT: &str = "Authorize device";
/// Auth0's Universal Login text for a failed sign-in.
const WRONG_LOGIN: &str = "Wrong email or password.";
const BAD_CODE: &str = "That code is invalid or has expired. Check the code on your device, \
                        or start the login on the device again.";

pub fn routes() -> Router<TenantState> {
    Router::new().route("/activate", get(show).post(submit))
}

fn pairs(raw: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    url::form_urlencoded::parse(raw).map(|(k, v)| (k.into_owned(), v.into_owned()))
}

fn respond(s: &TenantState, status: StatusCode, title: &str, body: &str) -> Response {
    let note = page::sandbox_note(&accounts::listed(s), accounts::SEEDED_PASSWORD);
    page::respond(status, title, body, &note)
}

async fn show(State(s): State<TenantState>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let prefill = pairs(query.as_bytes())
        .find(|(k, _)| k == "user_code")
        .map(|(_, v)| v)
        .unwrap_or_default();
    respond(&s, StatusCode::OK, TITLE_CODE, &code_form(&prefill, None))
}

/// The form's fields; absent ones are empty.
#[derive(Default)]
struct Form {
    step: String,
    user_code: String,
    email: String,
    password: String,
    ticket: String,
    decision: String,
}

impl Form {
    fn parse(body: &[u8]) -> Self {
        let mut form = Self::default();
        for (key, value) in pairs(body) {
            let slot = match key.as_str() {
                "step" => &mut form.step,
                "user_code" => &mut form.user_code,
                "email" => &mut form.email,
                "password" => &mut form.password,
                "ticket" => &mut form.ticket,
                "decision" => &mut form.decision,
                _ => continue,
            };
            *slot = value;
        }
        form
    }
}

async fn submit(State(s): State<TenantState>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    let now = s.0.clock.now_millis();
    // The code is checked at every step: it may expire while the user types.
    let live = {
        let devices = crate::sync::lock(&s.0.devices);
        devices
            .by_user_code(&form.user_code)
            .filter(|(_, a)| !a.expired(now))
            .map(|(_, a)| a.clone())
    };
    let Some(authorization) = live else {
        let body = code_form(&form.user_code, Some(BAD_CODE));
        return respond(&s, StatusCode::BAD_REQUEST, TITLE_CODE, &body);
    };
    let user_code = authorization.user_code.clone();
    match form.step.as_str() {
        "login" => login(&s, &form, &authorization, now),
        "consent" => consent(&s, &form, &user_code, now),
        _ => respond(
            &s,
            StatusCode::OK,
            TITLE_LOGIN,
            &login_form(&user_code, "", None),
        ),
    }
}

fn login(
    s: &TenantState,
    form: &Form,
    authorization: &super::device::codes::Authorization,
    now: i64,
) -> Response {
    let user_code = &authorization.user_code;
    let Some(account) = accounts::authenticate(s, &form.email, &form.password) else {
        let body = login_form(user_code, &form.email, Some(WRONG_LOGIN));
        return respond(s, StatusCode::UNAUTHORIZED, TITLE_LOGIN, &body);
    };
    let ticket = crate::sync::lock(&s.0.devices).sign_in(user_code, account.clone(), now);
    let Some(ticket) = ticket else {
        let body = code_form(user_code, Some(BAD_CODE));
        return respond(s, StatusCode::BAD_REQUEST, TITLE_CODE, &body);
    };
    let client_name = {
        let store = crate::sync::lock(&s.0.store);
        store
            .objects
            .clients
            .iter()
            .find(|c| c["client_id"] == authorization.client_id.as_str())
            .and_then(|c| c["name"].as_str().map(str::to_owned))
            .unwrap_or_else(|| authorization.client_id.clone())
    };
    let permissions = accounts::permissions(s, &account.user_id, &authorization.audience);
    let body = consent_form(&Consent {
        user_code,
        ticket: &ticket,
        email: &account.email,
        client_name: &client_name,
        audience: &authorization.audience,
        scopes: &authorization.scopes,
        permissions: &permissions,
    });
    respond(s, StatusCode::OK, TITLE_CONSENT, &body)
}

fn consent(s: &TenantState, form: &Form, user_code: &str, now: i64) -> Response {
    let approve = form.decision == "accept";
    let decided = crate::sync::lock(&s.0.devices).decide(user_code, &form.ticket, approve, now);
    if decided.is_none() {
        let body = login_form(
            user_code,
            "",
            Some("Sign in again to answer for this device."),
        );
        return respond(s, StatusCode::FORBIDDEN, TITLE_LOGIN, &body);
    }
    if approve {
        let body = "<p role=\"status\">Congratulations, you're all set! Your device is now \
                    connected. You can close this window.</p>";
        respond(s, StatusCode::OK, "Device connected", body)
    } else {
        let body = "<p role=\"status\">You denied access. Your device is not connected; it \
                    will be told so the next time it asks.</p>";
        respond(s, StatusCode::OK, "Access denied", body)
    }
}
