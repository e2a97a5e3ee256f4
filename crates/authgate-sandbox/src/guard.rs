//! The one guard in front of every sandbox route: a request that a web page could have
//! sent is refused before any handler sees it, so a browser tab cannot use the sandbox to
//! create or run code on this machine.
//!
//! - **Host** must be the sandbox's own loopback address with its port (blocks DNS
//!   rebinding: a foreign name that resolves to 127.0.0.1).
//! - **Cross-origin** requests (a foreign `Origin`, `Origin: null`, or `Sec-Fetch-Site`
//!   `cross-site`/`same-site`) are refused everywhere but the data plane, whose CORS is
//!   what the deployed API defines, as on API Gateway, and a web app's sign-in (`GET
//!   /authorize`, the code exchange at `POST /oauth/token`). This is also what protects the
//!   device login page (`/activate`) from CSRF: its own forms post with the sandbox's
//!   origin, another site's cannot (a cross-site link to the page is refused as well; the
//!   terminal's link arrives with `Sec-Fetch-Site: none`).
//! - **AWS control plane** calls must carry a `SigV4` `Authorization` header, which SDKs and
//!   the CLI always send and a browser cannot send without a preflight (answered by none).
//! - **Teaching hooks** (`/sandbox/…`) that change something need a JSON content type,
//!   which a form or a `text/plain` post cannot have without a preflight either.
//!
//! The Management API keeps needing its bearer token (checked by its handlers).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::Response;

mod refusal;
#[cfg(test)]
mod tests;

pub use refusal::Surface;

/// What the guard knows: the port the sandbox listens on.
#[derive(Debug, Clone, Copy)]
pub struct Guard {
    port: u16,
}

/// Why a request was refused; the text is what the caller reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error(
        "request refused: Host \"{0}\" is not this sandbox's loopback address (127.0.0.1, localhost or [::1] with its port); a web page reached it through another name (DNS rebinding)"
    )]
    ForeignHost(String),
    #[error(
        "cross-origin request refused: the sandbox only takes control-plane calls from SDKs and CLIs on this machine (request from {0})"
    )]
    CrossOrigin(String),
    #[error(
        "request refused: AWS control-plane calls need a SigV4 Authorization header (AWS4-HMAC-SHA256 …), as every AWS SDK and the AWS CLI send; any credentials are accepted"
    )]
    Unsigned,
    #[error(
        "request refused: the sandbox's teaching hooks take only Content-Type: application/json (e.g. curl -H 'content-type: application/json' -d '{{}}')"
    )]
    NotJson,
}

impl authgate_core::hint::Hint for Refused {
    fn fix(&self) -> String {
        match self {
            Self::ForeignHost(_) => {
                "call the sandbox at the address `authgate sandbox` printed (http://127.0.0.1:PORT)"
                    .to_owned()
            }
            Self::CrossOrigin(_) => {
                "call it from an AWS SDK, the AWS CLI or curl on this machine, not from a web page"
                    .to_owned()
            }
            Self::Unsigned => {
                "send it through an AWS SDK or the AWS CLI (any credentials are accepted)"
                    .to_owned()
            }
            Self::NotJson => "send the body with Content-Type: application/json".to_owned(),
        }
    }
}

impl Guard {
    pub fn new(port: u16) -> Self {
        Self { port }
    }

    /// Checks one request against the rules above.
    pub fn check(self, method: &Method, path: &str, headers: &HeaderMap) -> Result<(), Refused> {
        let surface = Surface::of(path);
        if surface == Surface::DataPlane || opens_to_web_apps(method, path) {
            self.check_host(headers)?;
        } else {
            self.check_local(headers)?;
        }
        match surface {
            Surface::AwsRestJson | Surface::AwsQuery if !sigv4_signed(headers) => {
                Err(Refused::Unsigned)
            }
            Surface::Hooks if changes_state(method) && !is_json(headers) => Err(Refused::NotJson),
            _ => Ok(()),
        }
    }

    /// The host and origin rules alone: for the Lambda Runtime API, which runtimes call
    /// unsigned, but which a web page must not reach either.
    pub fn check_local(self, headers: &HeaderMap) -> Result<(), Refused> {
        self.check_host(headers)?;
        match self.foreign_origin(headers) {
            Some(from) => Err(Refused::CrossOrigin(from)),
            None => Ok(()),
        }
    }

    fn check_host(self, headers: &HeaderMap) -> Result<(), Refused> {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        if self.is_own_authority(host) {
            Ok(())
        } else {
            Err(Refused::ForeignHost(host.to_owned()))
        }
    }

    /// `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` (the port may be left out only
    /// when it is 80, as HTTP clients do).
    fn is_own_authority(self, authority: &str) -> bool {
        let (name, port) = match authority.rsplit_once(':') {
            Some((name, port)) if !port.contains(']') => (name, port.parse::<u16>().ok()),
            _ => (authority, Some(80)),
        };
        port == Some(self.port)
            && (name == "127.0.0.1" || name == "[::1]" || name.eq_ignore_ascii_case("localhost"))
    }

    /// The foreign origin a request came from, if it says so.
    fn foreign_origin(self, headers: &HeaderMap) -> Option<String> {
        if let Some(origin) = headers.get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or("a non-text Origin");
            let own = origin
                .strip_prefix("http://")
                .is_some_and(|authority| self.is_own_authority(authority));
            if !own {
                return Some(format!("origin {origin}"));
            }
        }
        let site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        // Another port on 127.0.0.1 is `same-site` but a different origin: refused too.
        matches!(site, "cross-site" | "same-site").then(|| format!("a {site} page"))
    }
}

/// What a web application on another origin must reach, as on Auth0: its sign-in page by a
/// navigation (`GET /authorize`; the form it shows still posts only to its own origin), and
/// the code exchange (`POST /oauth/token`, whose handler answers a page only for the
/// authorization-code grant, with CORS for the client's allowed origins).
fn opens_to_web_apps(method: &Method, path: &str) -> bool {
    matches!(
        (method, path),
        (&Method::GET | &Method::HEAD, "/authorize") | (&Method::POST, "/oauth/token")
    )
}

fn sigv4_signed(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("AWS4-HMAC-SHA256 ") && v.contains("Credential="))
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD)
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

/// The tower layer's function: refuses in the shape of the provider the path imitates.
pub async fn layer(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    match guard.check(request.method(), path, request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refused) => {
            tracing::warn!(
                method = %request.method(),
                path,
                reason = %refused,
                "sandbox request refused"
            );
            Surface::of(path).refuse(&refused)
        }
    }
}
