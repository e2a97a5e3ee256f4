//! `/authorize`: the Authorization Code flow with PKCE as Auth0's Universal Login answers a
//! single-page application. `GET` checks the request (client, callback URL, S256 challenge,
//! audience) and shows the sign-in form; `POST` (the form, same origin only: the guard
//! refuses other origins' posts) signs a seeded user in and redirects to the callback with a
//! one-time code, which `POST /oauth/token` exchanges with the `code_verifier` ([`grant`]).
//! No cookies and no script; the request travels in the form's hidden fields. No consent
//! step (Auth0 shows one for localhost callbacks; the sandbox's users consent by signing in).

pub mod codes;
pub mod grant;

use axum::Router;
use std::fmt::Write as _;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;

use super::TenantState;
use super::accounts;
use super::activate::page::{escape, respond_to, sandbox_note_for};
use codes::Pending;

const TITLE: &str = "Log in";
const WRONG_LOGIN: &str = "Wrong email or password.";

pub fn routes() -> Router<TenantState> {
    Router::new().route("/authorize", get(show).post(submit))
}

/// The authorization request's parameters (and, posted, the user's credentials).
#[derive(Default)]
struct Request {
    fields: Vec<(String, String)>,
}

impl Request {
    fn parse(raw: &[u8]) -> Self {
        Self {
            fields: url::form_urlencoded::parse(raw).into_owned().collect(),
        }
    }
    fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// The request parameters carried through the sign-in form.
const CARRIED: [&str; 8] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "audience",
    "state",
    "code_challenge",
    "code_challenge_method",
];

/// Why a request cannot go on: shown here when the callback cannot be trusted, else sent
/// back to the callback as `error` / `error_description`.
enum Problem {
    Page(String),
    Redirect(&'static str, String),
}

struct Checked {
    client_name: String,
    pending: Pending,
}

fn check(s: &TenantState, r: &Request) -> Result<Checked, Problem> {
    let client: Option<Value> = {
        let store = crate::sync::lock(&s.0.store);
        let clients = &store.objects.clients;
        clients
            .iter()
            .find(|c| c["client_id"] == r.get("client_id"))
            .cloned()
    };
    let Some(client) = client else {
        return Err(Problem::Page(format!(
            "Unknown client: {}. Create the application first (authgate web does).",
            r.get("client_id")
        )));
    };
    let redirect_uri = r.get("redirect_uri");
    let listed = client["callbacks"]
        .as_array()
        .is_some_and(|c| c.iter().any(|u| u == redirect_uri));
    if !listed || url::Url::parse(redirect_uri).is_err() {
        return Err(Problem::Page(format!(
            "Callback URL mismatch. {redirect_uri} is not in the list of allowed callback URLs \
             of the application."
        )));
    }
    if r.get("response_type") != "code" {
        return Err(Problem::Redirect(
            "unsupported_response_type",
            "Unsupported response type: the sandbox answers response_type=code".to_owned(),
        ));
    }
    let allowed = client["grant_types"]
        .as_array()
        .is_some_and(|g| g.iter().any(|t| t == "authorization_code"));
    if !allowed {
        return Err(Problem::Redirect(
            "unauthorized_client",
            "Grant type 'authorization_code' not allowed for the client.".to_owned(),
        ));
    }
    let challenge = r.get("code_challenge");
    if r.get("code_challenge_method") != "S256" || !(43..=128).contains(&challenge.len()) {
        return Err(Problem::Redirect(
            "invalid_request",
            "a code_challenge (S256) is required: the sandbox takes the Authorization Code flow \
             with PKCE"
                .to_owned(),
        ));
    }
    let audience = r.get("audience");
    if super::device::api(s, audience).is_err() {
        return Err(Problem::Redirect(
            "access_denied",
            format!("Service not found: {audience}"),
        ));
    }
    Ok(Checked {
        client_name: client["name"].as_str().unwrap_or_default().to_owned(),
        pending: Pending {
            client_id: r.get("client_id").to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            code_challenge: challenge.to_owned(),
            audience: audience.to_owned(),
            scopes: r
                .get("scope")
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        },
    })
}

/// `redirect_uri` with `pairs` added to its query.
fn back_to(redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    // Only a registered callback reaches here, parsed when it was checked.
    #[allow(clippy::expect_used)]
    let mut url = url::Url::parse(redirect_uri).expect("checked before");
    url.query_pairs_mut().extend_pairs(pairs);
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, url.to_string()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response()
}

fn page(s: &TenantState, status: StatusCode, body: &str, redirect_uri: Option<&str>) -> Response {
    let note = sandbox_note_for(
        "Universal Login",
        &accounts::listed(s),
        accounts::SEEDED_PASSWORD,
    );
    let origin = redirect_uri
        .and_then(|u| url::Url::parse(u).ok())
        .map(|u| u.origin().ascii_serialization());
    let form_action = origin.map_or_else(|| "'self'".to_owned(), |o| format!("'self' {o}"));
    respond_to(status, TITLE, body, &note, &form_action)
}

fn problem(s: &TenantState, r: &Request, problem: Problem) -> Response {
    match problem {
        Problem::Page(text) => {
            let body = format!("<p class=\"error\" role=\"alert\">{}</p>", escape(&text));
            page(s, StatusCode::BAD_REQUEST, &body, None)
        }
        Problem::Redirect(error, description) => back_to(
            r.get("redirect_uri"),
            &[
                ("error", error),
                ("error_description", &description),
                ("state", r.get("state")),
            ],
        ),
    }
}

fn login_form(r: &Request, client_name: &str, email: &str, error: Option<&str>) -> String {
    let hidden = CARRIED.iter().fold(String::new(), |mut html, name| {
        let _ = write!(
            html,
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(r.get(name))
        );
        html
    });
    let error = error.map_or_else(String::new, |e| {
        format!("<p class=\"error\" role=\"alert\">{}</p>", escape(e))
    });
    format!(
        "<p>Log in to continue to <strong>{client}</strong>, which asks for access to \
         <code>{audience}</code>.</p>{error}\
         <form method=\"post\" action=\"/authorize\">{hidden}\
         <label for=\"email\">Email address</label>\
         <input id=\"email\" name=\"email\" type=\"email\" value=\"{email}\" required autocomplete=\"username\">\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" required autocomplete=\"current-password\">\
         <button type=\"submit\">Continue</button></form>",
        client = escape(client_name),
        audience = escape(r.get("audience")),
        email = escape(email),
    )
}

async fn show(State(s): State<TenantState>, RawQuery(query): RawQuery) -> Response {
    let r = Request::parse(query.unwrap_or_default().as_bytes());
    match check(&s, &r) {
        Ok(checked) => {
            let body = login_form(&r, &checked.client_name, "", None);
            page(&s, StatusCode::OK, &body, Some(r.get("redirect_uri")))
        }
        Err(p) => problem(&s, &r, p),
    }
}

async fn submit(State(s): State<TenantState>, body: Bytes) -> Response {
    let r = Request::parse(&body);
    let checked = match check(&s, &r) {
        Ok(checked) => checked,
        Err(p) => return problem(&s, &r, p),
    };
    let Some(account) = accounts::authenticate(&s, r.get("email"), r.get("password")) else {
        let body = login_form(&r, &checked.client_name, r.get("email"), Some(WRONG_LOGIN));
        return page(
            &s,
            StatusCode::UNAUTHORIZED,
            &body,
            Some(r.get("redirect_uri")),
        );
    };
    let now = s.0.clock.now_millis();
    let code = crate::sync::lock(&s.0.codes).issue(checked.pending, account, now);
    let Some(code) = code else {
        let body = "<p class=\"error\" role=\"alert\">Too many sign-ins are waiting for their \
                    exchange; try again in a minute.</p>";
        return page(&s, StatusCode::TOO_MANY_REQUESTS, body, None);
    };
    back_to(
        r.get("redirect_uri"),
        &[("code", &code), ("state", r.get("state"))],
    )
}
