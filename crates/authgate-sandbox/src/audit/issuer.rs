//! The audit's own issuer on 127.0.0.1:0: the JWKS at [`JWKS_PATH`] in a switchable mode
//! (normal, down, slow, huge), and an attacker's key set at [`ATTACKER_JWKS_PATH`] for the
//! `jku` cases. It counts JWKS fetches, and requests to any other path (a `jku`/`x5u` URL an
//! authorizer followed).

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Response, StatusCode, header};
use axum::routing::get;
use serde_json::Value;

use super::AuditError;

pub const JWKS_PATH: &str = "/.well-known/jwks.json";
pub const ATTACKER_JWKS_PATH: &str = "/attacker/jwks.json";
pub const ATTACKER_CERT_PATH: &str = "/attacker/cert.pem";
/// The `huge` body's size: several times the 1 MiB a JWKS reader should accept.
pub const HUGE_BYTES: usize = 4 * 1024 * 1024;

/// What the JWKS path answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Mode {
    Normal = 0,
    /// 503, as an issuer outage looks.
    Down = 1,
    /// Accepts and answers nothing for [`Issuer::slow_for`].
    Slow = 2,
    /// A valid key set padded to [`HUGE_BYTES`].
    Huge = 3,
}

struct Shared {
    jwks: Value,
    attacker_jwks: Value,
    mode: AtomicU8,
    slow_for: Duration,
    jwks_fetches: AtomicUsize,
    other_fetches: AtomicUsize,
}

pub struct Issuer {
    shared: Arc<Shared>,
    base_url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Issuer {
    /// Serves `jwks` (and `attacker_jwks` at the attacker's path); a `slow` JWKS holds each
    /// request for `slow_for` before it drops it.
    pub async fn start(
        jwks: Value,
        attacker_jwks: Value,
        mode: Mode,
        slow_for: Duration,
    ) -> Result<Self, AuditError> {
        let shared = Arc::new(Shared {
            jwks,
            attacker_jwks,
            mode: AtomicU8::new(mode as u8),
            slow_for,
            jwks_fetches: AtomicUsize::new(0),
            other_fetches: AtomicUsize::new(0),
        });
        let app = Router::new()
            .route(JWKS_PATH, get(serve_jwks))
            .route(ATTACKER_JWKS_PATH, get(serve_attacker))
            .fallback(other)
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(AuditError::Bind)?;
        let port = listener.local_addr().map_err(AuditError::Bind)?.port();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            shared,
            base_url: format!("http://127.0.0.1:{port}"),
            task,
        })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn jwks_uri(&self) -> String {
        format!("{}{JWKS_PATH}", self.base_url)
    }

    pub fn jwks_fetches(&self) -> usize {
        self.shared.jwks_fetches.load(Ordering::SeqCst)
    }

    /// Requests to any path but the JWKS (the attacker's key set included).
    pub fn other_fetches(&self) -> usize {
        self.shared.other_fetches.load(Ordering::SeqCst)
    }
}

impl Drop for Issuer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_jwks(State(shared): State<Arc<Shared>>) -> Response<Body> {
    shared.jwks_fetches.fetch_add(1, Ordering::SeqCst);
    match shared.mode.load(Ordering::SeqCst) {
        1 => reply(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/plain",
            "issuer down".into(),
        ),
        2 => {
            // Bounded: the connection is dropped after `slow_for`, never answered.
            tokio::time::sleep(shared.slow_for).await;
            reply(
                StatusCode::SERVICE_UNAVAILABLE,
                "text/plain",
                "too late".into(),
            )
        }
        3 => reply(
            StatusCode::OK,
            "application/json",
            huge(&shared.jwks).into(),
        ),
        _ => reply(
            StatusCode::OK,
            "application/json",
            shared.jwks.to_string().into(),
        ),
    }
}

async fn serve_attacker(State(shared): State<Arc<Shared>>) -> Response<Body> {
    shared.other_fetches.fetch_add(1, Ordering::SeqCst);
    reply(
        StatusCode::OK,
        "application/json",
        shared.attacker_jwks.to_string().into(),
    )
}

async fn other(State(shared): State<Arc<Shared>>) -> Response<Body> {
    shared.other_fetches.fetch_add(1, Ordering::SeqCst);
    reply(StatusCode::NOT_FOUND, "text/plain", "not here".into())
}

/// The key set with a padding member that takes it to [`HUGE_BYTES`].
fn huge(jwks: &Value) -> String {
    let mut body = jwks.clone();
    body["padding"] = Value::String("x".repeat(HUGE_BYTES));
    body.to_string()
}

fn reply(status: StatusCode, content_type: &str, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    if let Ok(value) = content_type.parse() {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}
