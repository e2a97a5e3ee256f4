//! The JWKS endpoint of one case, on 127.0.0.1:0: serves `jwks_responses[serve]` at
//! `/.well-known/jwks.json`, counts those requests, and counts every other request (a `jku`
//! or `x5u` URL followed by mistake) separately.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Response, StatusCode, header};
use axum::routing::get;
use serde_json::Value;

const JWKS_PATH: &str = "/.well-known/jwks.json";

struct Shared {
    responses: Vec<Value>,
    serve: AtomicU64,
    jwks_fetches: AtomicUsize,
    other_fetches: AtomicUsize,
}

pub struct JwksServer {
    shared: Arc<Shared>,
    port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl JwksServer {
    pub async fn start(responses: Vec<Value>) -> Self {
        let shared = Arc::new(Shared {
            responses,
            serve: AtomicU64::new(0),
            jwks_fetches: AtomicUsize::new(0),
            other_fetches: AtomicUsize::new(0),
        });
        let app = Router::new()
            .route(JWKS_PATH, get(jwks))
            .fallback(other)
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("JWKS server");
        });
        Self { shared, port, task }
    }

    pub fn jwks_uri(&self) -> String {
        format!("http://127.0.0.1:{}{JWKS_PATH}", self.port)
    }

    pub fn serve(&self, index: u64) {
        self.shared.serve.store(index, Ordering::SeqCst);
    }

    pub fn jwks_fetches(&self) -> usize {
        self.shared.jwks_fetches.load(Ordering::SeqCst)
    }

    pub fn other_fetches(&self) -> usize {
        self.shared.other_fetches.load(Ordering::SeqCst)
    }
}

impl Drop for JwksServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn other(State(shared): State<Arc<Shared>>) -> Response<Body> {
    shared.other_fetches.fetch_add(1, Ordering::SeqCst);
    reply(StatusCode::NOT_FOUND, "text/plain", Body::from("not here"))
}

async fn jwks(State(shared): State<Arc<Shared>>) -> Response<Body> {
    shared.jwks_fetches.fetch_add(1, Ordering::SeqCst);
    let index = usize::try_from(shared.serve.load(Ordering::SeqCst)).unwrap();
    let spec = shared.responses.get(index).cloned().unwrap_or(Value::Null);
    if spec["hang"] == true {
        std::future::pending::<()>().await;
    }
    if spec["oversize"] == true {
        return reply(StatusCode::OK, "application/json", oversize_body());
    }
    // Not a corpus form: the same size, sent whole, so it carries a Content-Length.
    if spec["oversize_with_length"] == true {
        let body = format!(
            r#"{{"keys":[],"padding":"{}"}}"#,
            "x".repeat(1024 * 1024 + 1)
        );
        return reply(StatusCode::OK, "application/json", Body::from(body));
    }
    let status = spec["status"]
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(500);
    let status = StatusCode::from_u16(status).expect("a valid status in the corpus");
    if let Some(raw) = spec["raw"].as_str() {
        return reply(status, "text/plain", Body::from(raw.to_owned()));
    }
    reply(
        status,
        "application/json",
        Body::from(spec["body"].to_string()),
    )
}

/// A JSON key set padded past 1 MiB, streamed in chunks without a Content-Length, so the
/// authorizer's cap on the streamed size is what has to stop it.
fn oversize_body() -> Body {
    let head = r#"{"keys":[],"padding":""#.as_bytes().to_vec();
    let filler = vec![b'x'; 64 * 1024];
    let mut chunks = vec![head];
    chunks.extend(std::iter::repeat_n(filler, 17));
    chunks.push(br#""}"#.to_vec());
    Body::from_stream(futures::stream::iter(
        chunks.into_iter().map(Ok::<_, std::convert::Infallible>),
    ))
}

/// `Connection: close`: no keep-alive sockets survive a step (the harness moves the
/// authorizer's clock between steps, and idle-socket timers should not see that).
fn reply(status: StatusCode, content_type: &str, body: Body) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONNECTION, "close")
        .body(body)
        .unwrap()
}
