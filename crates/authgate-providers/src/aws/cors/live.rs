//! What the stage answers a page, live: a preflight (`OPTIONS` with `Origin`,
//! `Access-Control-Request-Method` and `-Headers: authorization`, as a browser sends it before
//! a call with a token) and a call without a token from that origin (API Gateway's own 401).
//! Read-only; https only, except to loopback addresses (the sandbox).

use std::time::Duration;

use reqwest::Method;

use super::verdict::Seen;
use crate::aws::AwsError;
use crate::aws::http::is_loopback_url;

async fn send(
    http: &reqwest::Client,
    method: Method,
    url: String,
    headers: &[(&str, &str)],
) -> Result<Seen, AwsError> {
    if !url.starts_with("https://") && !is_loopback_url(&url) {
        return Err(AwsError::Http {
            url,
            detail: "refusing plain http to a non-loopback host".to_owned(),
        });
    }
    let mut request = http.request(method, &url).timeout(Duration::from_secs(30));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.map_err(|e| AwsError::Http {
        url: url.clone(),
        detail: e.to_string(),
    })?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    Ok(Seen {
        status: response.status().as_u16(),
        allow_origin: header("access-control-allow-origin"),
        allow_headers: header("access-control-allow-headers"),
        allow_methods: header("access-control-allow-methods"),
        error_type: header("x-amzn-errortype"),
    })
}

/// The preflight a browser sends before `verb {base}{path}` with an `Authorization` header.
pub async fn preflight(
    http: &reqwest::Client,
    base: &str,
    path: &str,
    origin: &str,
    verb: &str,
) -> Result<Seen, AwsError> {
    let url = format!("{}{path}", base.trim_end_matches('/'));
    let headers = [
        ("Origin", origin),
        ("Access-Control-Request-Method", verb),
        ("Access-Control-Request-Headers", "authorization"),
    ];
    send(http, Method::OPTIONS, url, &headers).await
}

/// `GET {base}{path}` from `origin` without a token.
pub async fn get_without_token(
    http: &reqwest::Client,
    base: &str,
    path: &str,
    origin: &str,
) -> Result<Seen, AwsError> {
    let url = format!("{}{path}", base.trim_end_matches('/'));
    send(http, Method::GET, url, &[("Origin", origin)]).await
}
