//! The page's server on 127.0.0.1: the page and its script (embedded), `/config.json`, and
//! `/probe`. It answers only its own address (no DNS rebinding) and takes probes only from
//! its own page (same `Origin`, JSON), so another site cannot make it call the API.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use super::probe;
use crate::flow::web::WebPage;

const INDEX: &str = include_str!("../../../assets/web/index.html");
const SCRIPT: &str = include_str!("../../../assets/web/app.js");
const STYLE: &str = include_str!("../../../assets/web/app.css");

/// The page's Content-Security-Policy: its own script and style, fetches to itself, the
/// tenant and the API only.
fn policy(page: &WebPage) -> String {
    let api = url::Url::parse(&page.invoke_url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' {} {api}; \
         form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        page.tenant
    )
}

fn asset(page: &WebPage, content_type: &'static str, body: &'static str) -> Response {
    let mut response = (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        body,
    )
        .into_response();
    if let Ok(csp) = HeaderValue::from_str(&policy(page)) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

/// Every route, for the page at `page.origin`.
pub fn router(page: WebPage) -> Router {
    let page = Arc::new(page);
    Router::new()
        .route(
            "/",
            get(|State(p): State<Arc<WebPage>>| async move {
                asset(&p, "text/html; charset=utf-8", INDEX)
            }),
        )
        .route(
            "/app.js",
            get(|State(p): State<Arc<WebPage>>| async move {
                asset(&p, "text/javascript; charset=utf-8", SCRIPT)
            }),
        )
        .route(
            "/app.css",
            get(|State(p): State<Arc<WebPage>>| async move {
                asset(&p, "text/css; charset=utf-8", STYLE)
            }),
        )
        .route(
            "/config.json",
            get(|State(p): State<Arc<WebPage>>| async move { Json(p.as_ref().clone()) }),
        )
        .route(
            "/probe",
            post(
                |State(p): State<Arc<WebPage>>,
                 headers: HeaderMap,
                 Json(probe): Json<probe::Probe>| async move {
                    if !from_own_page(&p, &headers) {
                        return (StatusCode::FORBIDDEN, "probes come from this page only")
                            .into_response();
                    }
                    probe::run(&p, probe).await.into_response()
                },
            ),
        )
        .layer(axum::middleware::from_fn_with_state(page.clone(), own_host))
        .with_state(page)
}

fn from_own_page(page: &WebPage, headers: &HeaderMap) -> bool {
    headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|o| o == page.origin)
}

/// Refuses a request whose `Host` is not this server's address.
async fn own_host(State(page): State<Arc<WebPage>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let own = page
        .origin
        .strip_prefix("http://")
        .is_some_and(|authority| authority == host);
    if own {
        next.run(request).await
    } else {
        (
            StatusCode::FORBIDDEN,
            format!("authgate web answers {} only", page.origin),
        )
            .into_response()
    }
}
