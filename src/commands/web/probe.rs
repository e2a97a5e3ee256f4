//! `POST /probe`: the page's call made again from here, with the page's `Origin`, its
//! preflight first when a browser would send one, so the page can show the
//! `Access-Control-*` headers a browser keeps from it, and say why a call was blocked. The
//! token a call carries passes through memory only.

use axum::Json;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};

use crate::flow::web::WebPage;
use authgate_providers::aws::cors::verdict::{Call, Seen, blocked_because};

#[derive(Debug, Deserialize)]
pub struct Probe {
    method: String,
    path: String,
    authorization: Option<String>,
    #[serde(default)]
    json: bool,
}

#[derive(Debug, Serialize)]
pub struct Probed {
    preflight: Option<Seen>,
    answer: Option<Seen>,
    blocked: Option<String>,
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn seen(response: &reqwest::Response) -> Seen {
    let headers = response.headers();
    Seen {
        status: response.status().as_u16(),
        allow_origin: header(headers, "access-control-allow-origin"),
        allow_headers: header(headers, "access-control-allow-headers"),
        allow_methods: header(headers, "access-control-allow-methods"),
        error_type: header(headers, "x-amzn-errortype"),
    }
}

/// Makes the call (and its preflight) against the page's API.
pub async fn run(page: &WebPage, probe: Probe) -> Json<Probed> {
    let unreachable = |why: String| {
        Json(Probed {
            preflight: None,
            answer: None,
            blocked: Some(why),
        })
    };
    let Ok(method) = Method::from_bytes(probe.method.to_ascii_uppercase().as_bytes()) else {
        return unreachable(format!("{} is not an HTTP method", probe.method));
    };
    if !probe.path.starts_with('/') {
        return unreachable("the path must start with /".to_owned());
    }
    let url = format!("{}{}", page.invoke_url, probe.path);
    let call = Call {
        origin: &page.origin,
        method: method.as_str(),
        with_token: probe.authorization.is_some(),
        with_json: probe.json,
    };
    let http = authgate_core::http::client();
    let mut preflight = None;
    if call.needs_preflight() {
        let mut asked: Vec<&str> = Vec::new();
        if call.with_token {
            asked.push("authorization");
        }
        if call.with_json {
            asked.push("content-type");
        }
        let sent = http
            .request(Method::OPTIONS, &url)
            .header("Origin", &page.origin)
            .header("Access-Control-Request-Method", method.as_str())
            .header("Access-Control-Request-Headers", asked.join(","))
            .send()
            .await;
        match sent {
            Ok(response) => preflight = Some(seen(&response)),
            Err(e) => return unreachable(format!("the API did not answer: {e}")),
        }
    }
    let mut request = http
        .request(method.clone(), &url)
        .header("Origin", &page.origin);
    if let Some(authorization) = &probe.authorization {
        request = request.header("Authorization", authorization);
    }
    if probe.json {
        request = request
            .header("Content-Type", "application/json")
            .body(r#"{"type":"dog","price":249.99}"#);
    }
    let answer = match request.send().await {
        Ok(response) => seen(&response),
        Err(e) => return unreachable(format!("the API did not answer: {e}")),
    };
    let blocked = blocked_because(&call, preflight.as_ref(), &answer);
    Json(Probed {
        preflight,
        answer: Some(answer),
        blocked,
    })
}
