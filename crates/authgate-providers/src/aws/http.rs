//! The data plane: the stage's invoke URL and plain HTTP calls to it (https only, except
//! to loopback addresses, where the sandbox lives).

use std::time::{Duration, Instant};

use super::error::AwsError;

pub use authgate_core::loopback::is_loopback_url;

/// The base URL a stage answers on. AWS: `https://{api}.execute-api.{region}.amazonaws.com/{stage}`;
/// a custom endpoint (the sandbox, LocalStack-style emulators):
/// `{endpoint}/restapis/{api}/{stage}/_user_request_`.
pub fn invoke_url(endpoint: Option<&str>, region: &str, api_id: &str, stage: &str) -> String {
    match endpoint {
        None => format!("https://{api_id}.execute-api.{region}.amazonaws.com/{stage}"),
        Some(base) => format!(
            "{}/restapis/{api_id}/{stage}/_user_request_",
            base.trim_end_matches('/')
        ),
    }
}

/// One request and its answer, for the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub method: String,
    pub url: String,
    pub status: u16,
    pub content_type: Option<String>,
    /// `x-amzn-ErrorType`, which tells a 401/403/500 from the gateway apart.
    pub error_type: Option<String>,
    pub body: String,
    pub latency: Duration,
}

/// `GET {base}{path}`, with an optional `Authorization` header (never logged).
pub async fn get(
    http: &reqwest::Client,
    base: &str,
    path: &str,
    authorization: Option<&str>,
) -> Result<Exchange, AwsError> {
    send(http, "GET", base, path, authorization, None).await
}

/// `POST {base}{path}` with a JSON body, as step 5's write calls send it.
pub async fn post_json(
    http: &reqwest::Client,
    base: &str,
    path: &str,
    authorization: Option<&str>,
    body: &str,
) -> Result<Exchange, AwsError> {
    send(http, "POST", base, path, authorization, Some(body)).await
}

async fn send(
    http: &reqwest::Client,
    method: &'static str,
    base: &str,
    path: &str,
    authorization: Option<&str>,
    json_body: Option<&str>,
) -> Result<Exchange, AwsError> {
    let url = format!("{}{path}", base.trim_end_matches('/'));
    if !url.starts_with("https://") && !is_loopback_url(&url) {
        return Err(AwsError::Http {
            url,
            detail: "refusing plain http to a non-loopback host".to_owned(),
        });
    }
    let mut request = match json_body {
        None => http.get(&url),
        Some(body) => http
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_owned()),
    }
    .timeout(Duration::from_secs(30));
    if let Some(value) = authorization {
        request = request.header(reqwest::header::AUTHORIZATION, value);
    }
    let started = Instant::now();
    let response = request.send().await.map_err(|e| AwsError::Http {
        url: url.clone(),
        detail: e.to_string(),
    })?;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type");
    let error_type = header("x-amzn-errortype");
    let body = response.text().await.map_err(|e| AwsError::Http {
        url: url.clone(),
        detail: e.to_string(),
    })?;
    Ok(Exchange {
        method: method.to_owned(),
        url,
        status,
        content_type,
        error_type,
        body,
        latency: started.elapsed(),
    })
}

/// The tutorial's check after deploying: `GET /` (the welcome page) and `GET /pets/1`.
pub async fn check_deployment(
    http: &reqwest::Client,
    invoke_url: &str,
) -> Result<Vec<Exchange>, AwsError> {
    let mut exchanges = Vec::with_capacity(2);
    for path in ["/", "/pets/1"] {
        exchanges.push(get(http, invoke_url, path, None).await?);
    }
    Ok(exchanges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoke_url_for_aws_and_for_a_custom_endpoint() {
        assert_eq!(
            invoke_url(None, "eu-west-1", "abc123", "test"),
            "https://abc123.execute-api.eu-west-1.amazonaws.com/test"
        );
        assert_eq!(
            invoke_url(
                Some("http://127.0.0.1:4566/"),
                "us-east-1",
                "abc123",
                "test"
            ),
            "http://127.0.0.1:4566/restapis/abc123/test/_user_request_"
        );
    }

    #[test]
    fn loopback_detection() {
        assert!(is_loopback_url("http://127.0.0.1:1/x"));
        assert!(is_loopback_url("http://127.9.9.9/"));
        assert!(is_loopback_url("http://[::1]:80/"));
        assert!(is_loopback_url("http://LOCALHOST:5/"));
        assert!(!is_loopback_url("http://10.0.0.1/"));
        assert!(!is_loopback_url("http://localhost.evil.com/"));
        assert!(!is_loopback_url("not a url"));
    }

    #[tokio::test]
    async fn plain_http_to_a_remote_host_is_refused_before_sending() {
        let client = authgate_core::http::client();
        let err = get(&client, "http://example.com/test", "/pets/1", None)
            .await
            .unwrap_err();
        assert!(matches!(err, AwsError::Http { .. }), "{err}");
    }

    #[tokio::test]
    async fn get_reads_status_headers_and_body_from_a_loopback_server() {
        use axum::{Router, routing::get as route};
        let app = Router::new()
            .route(
                "/restapis/a/s/_user_request_/pets/1",
                route(|| async {
                    (
                        [("x-amzn-ErrorType", "AccessDeniedException")],
                        "{\"id\":1}",
                    )
                }),
            )
            .route(
                "/restapis/a/s/_user_request_/",
                route(|| async { "<h1>PetStore</h1>" }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        let base = invoke_url(Some(&format!("http://{addr}")), "us-east-1", "a", "s");
        let exchange = get(
            &authgate_core::http::client(),
            &base,
            "/pets/1",
            Some("Bearer x"),
        )
        .await
        .unwrap();
        let both = check_deployment(&authgate_core::http::client(), &base)
            .await
            .unwrap();
        server.abort();
        assert_eq!(both[0].body, "<h1>PetStore</h1>");
        assert_eq!(both[1].url, format!("{base}/pets/1"));
        assert_eq!(exchange.status, 200);
        assert_eq!(exchange.body, "{\"id\":1}");
        assert_eq!(
            exchange.error_type.as_deref(),
            Some("AccessDeniedException")
        );
    }
}
