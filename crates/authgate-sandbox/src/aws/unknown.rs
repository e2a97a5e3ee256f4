//! The AWS routes' fallback: a call the sandbox does not implement answers in AWS's error
//! shape, naming the service and the call, so a client sees what is missing.

use axum::http::Uri;
use axum::response::{IntoResponse, Response};

use crate::aws::wire::{self, Fault};

/// What AWS calls the sandbox lacks answer with an AWS-shaped error naming them; a
/// request is AWS's when it is SigV4-signed or under an AWS path.
pub(crate) async fn unknown(
    method: axum::http::Method,
    uri: Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    let path = uri.path();
    let service = wire::service(&headers).or_else(|| {
        if path.starts_with("/restapis") {
            Some("apigateway".to_owned())
        } else if path.starts_with("/2015-03-31") {
            Some("lambda".to_owned())
        } else {
            None
        }
    });
    let Some(service) = service else {
        return (
            axum::http::StatusCode::NOT_FOUND,
            format!(
                "authgate sandbox: nothing at {method} {path} (Auth0: /oauth/token, /api/v2/…, \
                 /.well-known/…; AWS: /restapis…, /2015-03-31/functions…, POST / for IAM/STS)"
            ),
        )
            .into_response();
    };
    Fault::unsupported(&format!("{service}: {method} {path}")).into_response()
}
