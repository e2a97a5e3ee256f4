//! Client credentials at `/oauth/token`, through the `oauth2` crate. A small adapter runs
//! the request on reqwest and keeps the HTTP status, which `oauth2` does not report.

use std::sync::{Arc, Mutex, PoisonError};

use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, RequestTokenError, TokenResponse as _, TokenUrl};
use serde::Serialize;

use super::{Auth0Error, ClientCredentials, Secret, TenantUrl, TokenFor};

/// A token response. `access_token` is a [`Secret`] (`Debug` prints `***`), but `Serialize`
/// writes it out, because `authgate token --json` prints it on purpose: never serialise a
/// `TokenGrant` (or a `TestToken`) into state or logs.
#[derive(Debug, Clone, Serialize)]
pub struct TokenGrant {
    #[serde(serialize_with = "expose")]
    pub access_token: Secret,
    pub token_type: String,
    pub expires_in: Option<u64>,
    pub scope: Option<String>,
}

fn expose<S: serde::Serializer>(secret: &Secret, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose())
}

/// `POST {tenant}/oauth/token` with `grant_type=client_credentials`, the credentials in the
/// form body (`client_secret_post`), and `audience`.
pub async fn client_credentials(
    http: &reqwest::Client,
    tenant: &TenantUrl,
    credentials: &ClientCredentials,
    audience: &str,
    for_app: TokenFor,
) -> Result<TokenGrant, Auth0Error> {
    let endpoint = tenant.token_endpoint();
    let token_url = TokenUrl::new(endpoint.clone()).map_err(|e| Auth0Error::Unexpected {
        what: endpoint.clone(),
        detail: e.to_string(),
    })?;
    let client = BasicClient::new(ClientId::new(credentials.client_id.clone()))
        .set_client_secret(ClientSecret::new(
            credentials.client_secret.expose().to_owned(),
        ))
        .set_token_uri(token_url)
        .set_auth_type(AuthType::RequestBody);
    // The closure owns what its future uses (a clone of the client, a shared status): a
    // future borrowing from this frame is not `Send` for every lifetime, so a caller running
    // inside `tokio::spawn` (the wizard's task runner) would not compile.
    let status = Arc::new(Mutex::new(0u16));
    let send = {
        let (http, status) = (http.clone(), Arc::clone(&status));
        move |request: oauth2::HttpRequest| {
            let (http, status) = (http.clone(), Arc::clone(&status));
            async move {
                let (parts, body) = request.into_parts();
                let response = http
                    .request(parts.method, parts.uri.to_string())
                    .headers(parts.headers)
                    .body(body)
                    .send()
                    .await?;
                *status.lock().unwrap_or_else(PoisonError::into_inner) = response.status().as_u16();
                let mut builder = oauth2::http::Response::builder().status(response.status());
                for (name, value) in response.headers() {
                    builder = builder.header(name, value);
                }
                let bytes = response.bytes().await?;
                // Status and headers copied from a response reqwest accepted: valid by construction.
                #[allow(clippy::expect_used)]
                let copied = builder
                    .body(bytes.to_vec())
                    .expect("a copied response is valid");
                Ok::<_, reqwest::Error>(copied)
            }
        }
    };
    let result = client
        .exchange_client_credentials()
        .add_extra_param("audience", audience)
        .request_async(&send)
        .await;
    let status = *status.lock().unwrap_or_else(PoisonError::into_inner);
    match result {
        Ok(response) => Ok(TokenGrant {
            access_token: Secret::new(response.access_token().secret().clone()),
            token_type: response.token_type().as_ref().to_owned(),
            expires_in: response.expires_in().map(|d| d.as_secs()),
            scope: response
                .scopes()
                .map(|s| s.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")),
        }),
        Err(RequestTokenError::ServerResponse(body)) => Err(Auth0Error::TokenRefused {
            for_app,
            audience: audience.to_owned(),
            status,
            error: body.error().as_ref().to_owned(),
            description: body.error_description().cloned().unwrap_or_default(),
        }),
        Err(RequestTokenError::Request(e)) => Err(Auth0Error::Transport {
            url: endpoint,
            detail: e.to_string(),
        }),
        Err(RequestTokenError::Parse(e, _)) => Err(Auth0Error::Unexpected {
            what: endpoint,
            detail: format!("HTTP {status}: {e}"),
        }),
        Err(RequestTokenError::Other(e)) => Err(Auth0Error::Unexpected {
            what: endpoint,
            detail: e,
        }),
    }
}
