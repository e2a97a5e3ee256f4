//! The activation page's HTML: plain server-rendered forms, no script, labelled fields.
//! Everything that came from a request or the store passes through [`escape`].

use std::fmt::Write as _;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Text made safe for HTML content and double- or single-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A page with headers that keep it out of frames, caches and other origins' forms.
pub fn respond(status: StatusCode, title: &str, body: &str, note: &str) -> Response {
    respond_to(status, title, body, note, "'self'")
}

/// [`respond`] whose forms may also end at `form_action` (CSP sources, space-separated): the
/// sign-in form of `/authorize` redirects to the application's callback.
pub fn respond_to(
    status: StatusCode,
    title: &str,
    body: &str,
    note: &str,
    form_action: &str,
) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · authgate sandbox</title><style>{STYLE}</style></head>\
         <body><main><h1>{title}</h1>{body}</main>{note}</body></html>\n",
        title = escape(title),
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_FRAME_OPTIONS, "DENY"),
            // Not `no-referrer`: with it Chromium sends `Origin: null` on the page's own form
            // posts, and the guard refuses those as cross-origin.
            (header::REFERRER_POLICY, "same-origin"),
            (
                header::CONTENT_SECURITY_POLICY,
                format!(
                    "default-src 'none'; style-src 'unsafe-inline'; form-action {form_action}; \
                     frame-ancestors 'none'; base-uri 'none'"
                )
                .as_str(),
            ),
        ],
        html,
    )
        .into_response()
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;\
padding:0 1rem;line-height:1.5}label{display:block;margin-top:1rem;font-weight:600}\
input{font-size:1.1rem;padding:.4rem;width:100%;box-sizing:border-box}\
button{font-size:1rem;margin:1rem .5rem 0 0;padding:.5rem 1.2rem}\
.error{color:#a00;font-weight:600}.code{font-family:monospace;font-size:1.4rem;letter-spacing:.1em}\
aside{margin-top:2rem;padding:.5rem 1rem;border:2px dashed #b60;background:#fff8e8}";

/// The "sandbox only" note: who can sign in, and the seeded users' password.
pub fn sandbox_note(users: &[(String, Vec<String>)], password: &str) -> String {
    sandbox_note_for("device activation", users, password)
}

/// [`sandbox_note`] for the page that imitates Auth0's `what`.
pub fn sandbox_note_for(what: &str, users: &[(String, Vec<String>)], password: &str) -> String {
    let mut items = String::new();
    for (email, roles) in users {
        let _ = write!(
            items,
            "<li><code>{}</code> (roles: {})</li>",
            escape(email),
            escape(&roles.join(", "))
        );
    }
    format!(
        "<aside role=\"note\" aria-label=\"Sandbox only\"><p><strong>Sandbox only.</strong> \
         This page imitates Auth0's {what} on your machine; it is not Auth0. \
         The tenant's users (the seeded <code>reader@authgate.test</code> and \
         <code>writer@authgate.test</code> sign in with the password <code>{}</code>):</p>\
         <ul>{items}</ul></aside>",
        escape(password),
        what = escape(what),
    )
}

fn error_line(error: Option<&str>) -> String {
    error.map_or_else(String::new, |e| {
        format!("<p class=\"error\" role=\"alert\">{}</p>", escape(e))
    })
}

/// Step 1: the code shown on the device (prefilled from `?user_code=`).
pub fn code_form(prefill: &str, error: Option<&str>) -> String {
    format!(
        "<p>Enter the code displayed on your device.</p>{error}\
         <form method=\"post\" action=\"/activate\">\
         <input type=\"hidden\" name=\"step\" value=\"code\">\
         <label for=\"user_code\">Device code</label>\
         <input id=\"user_code\" name=\"user_code\" value=\"{value}\" required \
         autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\">\
         <button type=\"submit\">Continue</button></form>",
        error = error_line(error),
        value = escape(prefill),
    )
}

/// Step 2: sign in as one of the tenant's users.
pub fn login_form(user_code: &str, email: &str, error: Option<&str>) -> String {
    format!(
        "<p>Device code <span class=\"code\">{code}</span></p>\
         <p>Sign in to continue.</p>{error}\
         <form method=\"post\" action=\"/activate\">\
         <input type=\"hidden\" name=\"step\" value=\"login\">\
         <input type=\"hidden\" name=\"user_code\" value=\"{code}\">\
         <label for=\"email\">Email address</label>\
         <input id=\"email\" name=\"email\" type=\"email\" value=\"{email}\" required autocomplete=\"username\">\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" required autocomplete=\"current-password\">\
         <button type=\"submit\">Continue</button></form>",
        code = escape(user_code),
        email = escape(email),
        error = error_line(error),
    )
}

pub struct Consent<'a> {
    pub user_code: &'a str,
    pub ticket: &'a str,
    pub email: &'a str,
    pub client_name: &'a str,
    pub audience: &'a str,
    pub scopes: &'a [String],
    pub permissions: &'a [String],
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "<li>(none)</li>".to_owned();
    }
    items.iter().fold(String::new(), |mut html, item| {
        let _ = write!(html, "<li><code>{}</code></li>", escape(item));
        html
    })
}

/// Step 3: confirm or deny the device's access.
pub fn consent_form(c: &Consent<'_>) -> String {
    format!(
        "<p>Signed in as <strong>{email}</strong>.</p>\
         <p><strong>{client}</strong> (device code <span class=\"code\">{code}</span>) \
         asks for access to <code>{audience}</code>.</p>\
         <p>Requested scopes:</p><ul>{scopes}</ul>\
         <p>Your roles grant on this API:</p><ul>{permissions}</ul>\
         <form method=\"post\" action=\"/activate\">\
         <input type=\"hidden\" name=\"step\" value=\"consent\">\
         <input type=\"hidden\" name=\"user_code\" value=\"{code}\">\
         <input type=\"hidden\" name=\"ticket\" value=\"{ticket}\">\
         <button type=\"submit\" name=\"decision\" value=\"accept\">Confirm</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>",
        email = escape(c.email),
        client = escape(c.client_name),
        code = escape(c.user_code),
        audience = escape(c.audience),
        scopes = list(c.scopes),
        permissions = list(c.permissions),
        ticket = escape(c.ticket),
    )
}
