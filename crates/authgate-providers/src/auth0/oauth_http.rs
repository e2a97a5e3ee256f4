//! The `oauth2` crate's requests, sent with our reqwest client: each answer's status and body
//! (or the transport error) goes to an observer first, since `oauth2` reports neither the
//! status nor the polls it makes.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What one request met.
pub enum Seen<'a> {
    Answer { status: u16, body: &'a [u8] },
    Failed(&'a reqwest::Error),
}

pub type Observer = Arc<dyn Fn(Seen<'_>) + Send + Sync>;

type Sent = Pin<Box<dyn Future<Output = Result<oauth2::HttpResponse, reqwest::Error>> + Send>>;

/// An `oauth2` async HTTP client. The closure owns what its future uses (a clone of the
/// client and the observer), so the future is `Send` and runs inside the task runner.
pub fn sender(
    http: &reqwest::Client,
    observe: Observer,
) -> impl Fn(oauth2::HttpRequest) -> Sent + Send + Sync + use<> {
    let http = http.clone();
    move |request: oauth2::HttpRequest| {
        let (http, observe) = (http.clone(), Arc::clone(&observe));
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let sent = http
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await;
            let response = match sent {
                Ok(response) => response,
                Err(e) => {
                    observe(Seen::Failed(&e));
                    return Err(e);
                }
            };
            let status = response.status();
            let mut builder = oauth2::http::Response::builder().status(status);
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let bytes = match response.bytes().await {
                Ok(bytes) => bytes,
                Err(e) => {
                    observe(Seen::Failed(&e));
                    return Err(e);
                }
            };
            observe(Seen::Answer {
                status: status.as_u16(),
                body: &bytes,
            });
            // Status and headers copied from a response reqwest accepted: valid by construction.
            #[allow(clippy::expect_used)]
            let response = builder
                .body(bytes.to_vec())
                .expect("a copied response is valid");
            Ok(response)
        }) as Sent
    }
}
