//! Every error the flow meets becomes an [`ActionFailure`]: what we were doing, what went
//! wrong (the error's `what()`), the fix (its `fix()`) and, behind `r`, its `raw()` detail.

use super::outcome::ActionFailure;
use authgate_core::hint::Hint;

/// `result.or_fail("registering the API")?`
pub trait OrFail<T> {
    fn or_fail(self, what: &str) -> Result<T, ActionFailure>;
}

impl<T, E: Hint> OrFail<T> for Result<T, E> {
    fn or_fail(self, what: &str) -> Result<T, ActionFailure> {
        self.map_err(|e| failure(what, &e))
    }
}

pub fn failure(what: &str, error: &impl Hint) -> ActionFailure {
    let failure = ActionFailure::new(format!("{what} failed"), error.what(), error.fix());
    match error.raw() {
        Some(raw) => failure.with_raw(raw),
        None => failure,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{StatusCode, header};

    use super::failure;
    use authgate_providers::aws::apigateway::flush_authorizer_cache;
    use authgate_providers::aws::{Aws, AwsSettings};

    /// A proxy's or an emulator's HTML page where AWS's JSON was expected: the wizard shows a
    /// short line, the whole page stays behind `r`.
    #[tokio::test]
    async fn an_html_404_is_one_short_line_and_the_page_stays_raw() {
        let page = format!(
            "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>{}</body></html>",
            "<p>The requested URL was not found on this server.</p>\n".repeat(80)
        );
        let app = axum::Router::new().fallback(move || {
            let page = page.clone();
            async move {
                (
                    StatusCode::NOT_FOUND,
                    [(header::CONTENT_TYPE, "text/html")],
                    page,
                )
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        let aws = Aws::connect(&AwsSettings {
            profile: None,
            region: Some("us-east-1".into()),
            endpoint: Some(url),
        })
        .await
        .unwrap();

        let error = flush_authorizer_cache(&aws, "abc123", "dev")
            .await
            .unwrap_err();
        server.abort();
        let shown = failure("flushing the authorizer cache", &error);

        assert!(shown.cause.chars().count() < 300, "{}", shown.cause);
        for debug in [
            "Unhandled {",
            "DeserializeError {",
            "ServiceError {",
            "SdkBody",
        ] {
            assert!(!shown.cause.contains(debug), "{}", shown.cause);
        }
        assert!(shown.cause.contains("HTTP 404"), "{}", shown.cause);
        assert!(shown.cause.contains("Not Found"), "{}", shown.cause);
        assert!(!shown.fix.is_empty());
        let raw = shown.raw.expect("the page stays behind r");
        assert!(raw.contains("<h1>Not Found</h1>"), "{raw}");
        assert!(!raw.contains("Unhandled {"), "{raw}");
    }
}
