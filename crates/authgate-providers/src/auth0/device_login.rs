//! A user token by the device authorization flow (RFC 8628), through the `oauth2` crate:
//! `POST /oauth/device/code` for the API's audience (Auth0's extra `audience` parameter),
//! then `POST /oauth/token` with the device-code grant until the user has signed in on the
//! verification page. The crate waits `interval` between polls and adds 5 s on `slow_down`;
//! the poll ends on approval, denial or expiry, whichever comes first.

mod error;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse,
    BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    ClientId, DeviceAuthorizationUrl, DeviceCodeErrorResponseType, EndpointNotSet, EndpointSet,
    RequestTokenError, Scope, StandardDeviceAuthorizationResponse, StandardRevocableToken,
    StandardTokenResponse, TokenResponse as _, TokenUrl,
};
use serde::{Deserialize, Serialize};

pub use error::DeviceLoginError;

use super::oauth_http::{Seen, sender};
use super::{Secret, TenantUrl};

/// What a user token asks for besides the API: who the user is.
pub const USER_SCOPES: [&str; 3] = ["openid", "profile", "email"];

/// What the user needs to sign in, for the screen (never the device code itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginPrompt {
    pub verification_uri: String,
    /// The URI with the code filled in (for the QR code), when the server gives one.
    pub verification_uri_complete: Option<String>,
    pub user_code: String,
    pub expires_in: Duration,
    pub interval: Duration,
}

impl LoginPrompt {
    /// The address to encode as a QR code: the one that needs no typing, if there is one.
    pub fn qr_target(&self) -> &str {
        self.verification_uri_complete
            .as_deref()
            .unwrap_or(&self.verification_uri)
    }
}

/// A login in progress: the prompt and what polling needs.
pub struct DeviceLogin {
    pub prompt: LoginPrompt,
    client_id: String,
    tenant: TenantUrl,
    response: StandardDeviceAuthorizationResponse,
}

/// The poll's progress, for a waiting screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollEvent {
    /// The token endpoint answered `count` polls so far; none approved yet.
    Polled { count: u32 },
    /// The server asked to slow down; polls are now `interval` apart.
    SlowedDown { interval: Duration },
    /// A poll did not reach the server; the next one waits longer.
    Unreachable { detail: String },
}

/// What a waiting screen hears: the prompt once, then every poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceLoginEvent {
    Prompt(LoginPrompt),
    Poll(PollEvent),
}

impl std::fmt::Display for DeviceLoginEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Prompt(p) => write!(
                f,
                "Open {} and enter the code {} (it expires in {} minutes)",
                p.verification_uri,
                p.user_code,
                p.expires_in.as_secs().div_ceil(60)
            ),
            Self::Poll(PollEvent::Polled { count }) => {
                write!(f, "waiting for the sign-in… (polled {count} times)")
            }
            Self::Poll(PollEvent::SlowedDown { interval }) => write!(
                f,
                "the server asked to slow down: polling every {} s",
                interval.as_secs()
            ),
            Self::Poll(PollEvent::Unreachable { detail }) => {
                write!(f, "a poll did not get through ({detail}); trying again")
            }
        }
    }
}

/// The token response of an approved login (no refresh token: `offline_access` is not
/// asked for). `Serialize` writes the tokens out, for `authgate token --user --json` only.
#[derive(Debug, Clone, Serialize)]
pub struct UserToken {
    #[serde(serialize_with = "expose")]
    pub access_token: Secret,
    #[serde(
        serialize_with = "expose_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub id_token: Option<Secret>,
    pub token_type: String,
    pub expires_in: Option<u64>,
    pub scope: Option<String>,
}

fn expose<S: serde::Serializer>(secret: &Secret, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose())
}

#[expect(
    clippy::ref_option,
    reason = "serde's serialize_with hands over a reference to the field"
)]
fn expose_option<S: serde::Serializer>(secret: &Option<Secret>, s: S) -> Result<S::Ok, S::Error> {
    match secret {
        Some(secret) => s.serialize_str(secret.expose()),
        None => s.serialize_none(),
    }
}

/// Auth0 adds the ID token to the response when `openid` was asked for.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct IdTokenField {
    #[serde(default)]
    id_token: Option<String>,
}

impl oauth2::ExtraTokenFields for IdTokenField {}

type UserTokenResponse = StandardTokenResponse<IdTokenField, BasicTokenType>;

type DeviceClient = oauth2::Client<
    BasicErrorResponse,
    UserTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

fn client(tenant: &TenantUrl, client_id: &str) -> Result<DeviceClient, DeviceLoginError> {
    let invalid = |url: String, e: url::ParseError| DeviceLoginError::Unexpected {
        detail: e.to_string(),
        url,
    };
    let device = tenant.device_code_endpoint();
    let token = tenant.token_endpoint();
    Ok(oauth2::Client::new(ClientId::new(client_id.to_owned()))
        .set_device_authorization_url(
            DeviceAuthorizationUrl::new(device.clone()).map_err(|e| invalid(device, e))?,
        )
        .set_token_uri(TokenUrl::new(token.clone()).map_err(|e| invalid(token, e))?))
}

/// The HTTP status of the last answer, kept by the sender's observer.
#[derive(Default)]
struct LastStatus(Mutex<u16>);

impl LastStatus {
    fn set(&self, status: u16) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = status;
    }
    fn get(&self) -> u16 {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `POST /oauth/device/code` as `client_id` for `audience`, scope `openid profile email`.
pub async fn start_device_login(
    http: &reqwest::Client,
    tenant: &TenantUrl,
    client_id: &str,
    audience: &str,
) -> Result<DeviceLogin, DeviceLoginError> {
    let url = tenant.device_code_endpoint();
    let status = Arc::new(LastStatus::default());
    let send = sender(http, {
        let status = Arc::clone(&status);
        Arc::new(move |seen| {
            if let Seen::Answer { status: s, .. } = seen {
                status.set(s);
            }
        })
    });
    let result = client(tenant, client_id)?
        .exchange_device_code()
        .add_scopes(USER_SCOPES.map(|s| Scope::new(s.to_owned())))
        .add_extra_param("audience", audience)
        .request_async(&send)
        .await;
    let status = status.get();
    let response: StandardDeviceAuthorizationResponse = match result {
        Ok(response) => response,
        Err(RequestTokenError::ServerResponse(body)) => {
            return Err(match body.error() {
                BasicErrorResponseType::UnauthorizedClient => {
                    DeviceLoginError::UnauthorizedClient { status }
                }
                other => DeviceLoginError::Refused {
                    status,
                    error: other.as_ref().to_owned(),
                    description: body.error_description().cloned().unwrap_or_default(),
                },
            });
        }
        Err(e) => return Err(other_error(url, status, e)),
    };
    let prompt = LoginPrompt {
        verification_uri: response.verification_uri().to_string(),
        verification_uri_complete: response
            .verification_uri_complete()
            .map(|u| u.secret().clone()),
        user_code: response.user_code().secret().clone(),
        expires_in: response.expires_in(),
        interval: response.interval(),
    };
    Ok(DeviceLogin {
        prompt,
        client_id: client_id.to_owned(),
        tenant: tenant.clone(),
        response,
    })
}

fn other_error<T: oauth2::ErrorResponse + std::fmt::Display>(
    url: String,
    status: u16,
    e: RequestTokenError<reqwest::Error, T>,
) -> DeviceLoginError {
    match e {
        RequestTokenError::Request(e) => DeviceLoginError::Transport {
            url,
            detail: e.to_string(),
        },
        RequestTokenError::Parse(e, _) => DeviceLoginError::Unexpected {
            url,
            detail: format!("HTTP {status}: {e}"),
        },
        RequestTokenError::Other(detail) => DeviceLoginError::Unexpected { url, detail },
        RequestTokenError::ServerResponse(body) => DeviceLoginError::Unexpected {
            url,
            detail: format!("HTTP {status}: {body}"),
        },
    }
}

/// Polls until the user approves (the token), denies, or the code expires. `on_event`
/// hears every poll, so a screen can show that it is alive.
pub async fn poll_device_login(
    http: &reqwest::Client,
    login: &DeviceLogin,
    on_event: Arc<dyn Fn(PollEvent) + Send + Sync>,
) -> Result<UserToken, DeviceLoginError> {
    let url = login.tenant.token_endpoint();
    let status = Arc::new(LastStatus::default());
    let observer = {
        let status = Arc::clone(&status);
        let count = Mutex::new(0u32);
        let interval = Mutex::new(login.prompt.interval);
        Arc::new(move |seen: Seen<'_>| match seen {
            Seen::Answer { status: s, body } => {
                status.set(s);
                let error = serde_json::from_slice::<serde_json::Value>(body)
                    .ok()
                    .and_then(|v| v["error"].as_str().map(str::to_owned));
                if error.as_deref() == Some("slow_down") {
                    // The crate adds the same 5 s (RFC 8628 §3.5) before its next poll.
                    let mut interval = interval.lock().unwrap_or_else(PoisonError::into_inner);
                    *interval += Duration::from_secs(5);
                    on_event(PollEvent::SlowedDown {
                        interval: *interval,
                    });
                }
                let mut count = count.lock().unwrap_or_else(PoisonError::into_inner);
                *count += 1;
                on_event(PollEvent::Polled { count: *count });
            }
            Seen::Failed(e) => on_event(PollEvent::Unreachable {
                detail: e.to_string(),
            }),
        })
    };
    let send = sender(http, observer);
    let client = client(&login.tenant, &login.client_id)?;
    let result = client
        .exchange_device_access_token(&login.response)
        .request_async(&send, tokio::time::sleep, Some(login.prompt.expires_in))
        .await;
    let status = status.get();
    let minutes = login.prompt.expires_in.as_secs().div_ceil(60);
    match result {
        Ok(token) => Ok(UserToken {
            access_token: Secret::new(token.access_token().secret().clone()),
            id_token: token.extra_fields().id_token.clone().map(Secret::new),
            token_type: token.token_type().as_ref().to_owned(),
            expires_in: token.expires_in().map(|d| d.as_secs()),
            scope: token
                .scopes()
                .map(|s| s.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")),
        }),
        Err(RequestTokenError::ServerResponse(body)) => Err(match body.error() {
            DeviceCodeErrorResponseType::AccessDenied => DeviceLoginError::Denied,
            DeviceCodeErrorResponseType::ExpiredToken => DeviceLoginError::Expired { minutes },
            DeviceCodeErrorResponseType::Basic(BasicErrorResponseType::UnauthorizedClient) => {
                DeviceLoginError::UnauthorizedClient { status }
            }
            DeviceCodeErrorResponseType::Basic(BasicErrorResponseType::InvalidGrant) => {
                DeviceLoginError::InvalidGrant { status }
            }
            other => DeviceLoginError::Refused {
                status,
                error: other.as_ref().to_owned(),
                description: body.error_description().cloned().unwrap_or_default(),
            },
        }),
        Err(e) => Err(other_error(url, status, e)),
    }
}
