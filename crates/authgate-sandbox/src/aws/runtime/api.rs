//! The Lambda Runtime API (2018-06-01) of one execution environment, on its own loopback
//! port, as AWS's runtime interface emulator serves it: the runtime long-polls
//! `invocation/next`, then posts the invocation's `response` or `error`; during init it
//! may post `init/error`. Everything the runtime posts reaches the environment as an
//! [`ApiEvent`]; the environment decides what it means.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use tokio::sync::mpsc;

use crate::guard::Guard;

/// Lambda's limit on a synchronous response (6 MB), as the emulator counts it.
pub const MAX_RESPONSE_BYTES: usize = 6_291_556;
const ERROR_TYPE_HEADER: &str = "lambda-runtime-function-error-type";

/// One invocation handed to the runtime by `invocation/next`.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub id: String,
    pub event: Bytes,
    pub deadline_ms: i64,
    pub function_arn: String,
    pub trace_id: String,
}

/// What the runtime told the Runtime API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiEvent {
    /// The first `invocation/next`: init is over.
    Ready,
    InitError(Posted),
    Response {
        id: String,
        body: Bytes,
    },
    Error {
        id: String,
        posted: Posted,
    },
}

/// An error as posted: the optional `Lambda-Runtime-Function-Error-Type` header and the
/// body exactly as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    pub error_type: Option<String>,
    pub body: Bytes,
}

#[derive(Debug, Default)]
enum Phase {
    #[default]
    Init,
    Idle,
    Busy(String),
}

struct Shared {
    guard: Guard,
    phase: Mutex<Phase>,
    /// The request id answered last: posting for it again is a state error (403), not an
    /// unknown id (400).
    answered: Mutex<Option<String>>,
    queue: tokio::sync::Mutex<mpsc::Receiver<Invocation>>,
    events: mpsc::UnboundedSender<ApiEvent>,
}

/// A running Runtime API; the server stops when this is dropped.
pub struct RuntimeApi {
    pub addr: SocketAddr,
    pub queue: mpsc::Sender<Invocation>,
    pub events: mpsc::UnboundedReceiver<ApiEvent>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl RuntimeApi {
    /// Binds 127.0.0.1 on a free port and serves the API there.
    pub async fn start() -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let (queue, receiver) = mpsc::channel(1);
        let (events_tx, events) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            guard: Guard::new(addr.port()),
            phase: Mutex::new(Phase::Init),
            answered: Mutex::new(None),
            queue: tokio::sync::Mutex::new(receiver),
            events: events_tx,
        });
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .fallback(not_found)
            .layer(axum::middleware::from_fn_with_state(shared.clone(), local))
            // Above the 6 MB limit, so an oversize response gets the API's own 413.
            .layer(axum::extract::DefaultBodyLimit::max(MAX_RESPONSE_BYTES * 2))
            .with_state(shared);
        let server = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::warn!(error = %e, "a Runtime API server stopped");
            }
        });
        Ok(Self {
            addr,
            queue,
            events,
            server,
        })
    }
}

fn api_error(status: StatusCode, error_type: &str, message: &str) -> Response {
    (
        status,
        axum::Json(json!({ "errorMessage": message, "errorType": error_type })),
    )
        .into_response()
}

fn accepted() -> Response {
    (StatusCode::ACCEPTED, axum::Json(json!({ "status": "OK" }))).into_response()
}

async fn local(
    State(shared): State<Arc<Shared>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    match shared.guard.check_local(request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refused) => api_error(StatusCode::FORBIDDEN, "Forbidden", &refused.to_string()),
    }
}

async fn not_found() -> Response {
    api_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        "the Runtime API has invocation/next, invocation/{id}/response, invocation/{id}/error \
         and init/error under /2018-06-01/runtime",
    )
}

async fn next(State(shared): State<Arc<Shared>>) -> Response {
    {
        let mut phase = crate::sync::lock(&shared.phase);
        match &*phase {
            Phase::Busy(id) => {
                return api_error(
                    StatusCode::FORBIDDEN,
                    "InvalidStateTransition",
                    &format!("invocation {id} has no response or error yet"),
                );
            }
            Phase::Init => {
                let _ = shared.events.send(ApiEvent::Ready);
                *phase = Phase::Idle;
            }
            Phase::Idle => {}
        }
    }
    let Some(invocation) = shared.queue.lock().await.recv().await else {
        return api_error(
            StatusCode::GONE,
            "EnvironmentShutDown",
            "this execution environment was shut down",
        );
    };
    *crate::sync::lock(&shared.phase) = Phase::Busy(invocation.id.clone());
    let header = |value: &str| HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static(""));
    let mut response = (StatusCode::OK, invocation.event).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert("lambda-runtime-aws-request-id", header(&invocation.id));
    headers.insert(
        "lambda-runtime-deadline-ms",
        header(&invocation.deadline_ms.to_string()),
    );
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        header(&invocation.function_arn),
    );
    headers.insert("lambda-runtime-trace-id", header(&invocation.trace_id));
    response
}

/// Checks that `id` is the invocation in flight and ends it; the refusal otherwise.
fn finish(shared: &Shared, id: &str, size: usize) -> Result<(), Box<Response>> {
    let mut phase = crate::sync::lock(&shared.phase);
    match &*phase {
        Phase::Busy(current) if current == id => {}
        _ if crate::sync::lock(&shared.answered).as_deref() == Some(id) => {
            return Err(Box::new(api_error(
                StatusCode::FORBIDDEN,
                "InvalidStateTransition",
                &format!("invocation {id} was already answered"),
            )));
        }
        _ => {
            return Err(Box::new(api_error(
                StatusCode::BAD_REQUEST,
                "InvalidRequestID",
                "Invalid request ID",
            )));
        }
    }
    if size > MAX_RESPONSE_BYTES {
        // The invocation still ends: Lambda reports the oversize response as its error.
        *phase = Phase::Idle;
        *crate::sync::lock(&shared.answered) = Some(id.to_owned());
        let message =
            format!("Exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes).");
        let body = json!({ "errorMessage": message, "errorType": "Function.ResponseSizeTooLarge" });
        let _ = shared.events.send(ApiEvent::Error {
            id: id.to_owned(),
            posted: Posted {
                error_type: Some("Function.ResponseSizeTooLarge".to_owned()),
                body: Bytes::from(body.to_string()),
            },
        });
        return Err(Box::new(api_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            &message,
        )));
    }
    *phase = Phase::Idle;
    *crate::sync::lock(&shared.answered) = Some(id.to_owned());
    Ok(())
}

fn error_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(ERROR_TYPE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

async fn response(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    if let Err(refused) = finish(&shared, &id, body.len()) {
        return *refused;
    }
    let _ = shared.events.send(ApiEvent::Response { id, body });
    accepted()
}

async fn error(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refused) = finish(&shared, &id, 0) {
        return *refused;
    }
    let posted = Posted {
        error_type: error_type(&headers),
        body,
    };
    let _ = shared.events.send(ApiEvent::Error { id, posted });
    accepted()
}

async fn init_error(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !matches!(*crate::sync::lock(&shared.phase), Phase::Init) {
        return api_error(
            StatusCode::FORBIDDEN,
            "InvalidStateTransition",
            "init/error is only accepted before the first invocation/next",
        );
    }
    let posted = Posted {
        error_type: error_type(&headers),
        body,
    };
    let _ = shared.events.send(ApiEvent::InitError(posted));
    accepted()
}
