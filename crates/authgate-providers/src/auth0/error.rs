//! Everything that can go wrong talking to Auth0, each with the fix.

use authgate_core::hint::Hint;
use authgate_core::tutorial::REQUIRED_MANAGEMENT_SCOPES;

/// Which application a `/oauth/token` request was for (the fix differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFor {
    /// The user's management M2M app (`AUTH0_CLIENT_ID` / `AUTH0_CLIENT_SECRET`).
    Management,
    /// authgate's test client for the `PetStore` API.
    TestClient,
}

#[derive(Debug, thiserror::Error)]
pub enum Auth0Error {
    #[error("`{input}` is not a usable Auth0 domain: {reason}")]
    InvalidDomain { input: String, reason: &'static str },
    #[error("API identifier `{identifier}` is not valid: {reason}")]
    InvalidIdentifier {
        identifier: String,
        reason: &'static str,
    },
    #[error("cannot reach {url}: {detail}")]
    Transport { url: String, detail: String },
    #[error("the management application lacks the scope `{scope}` (needed for {method} {path})")]
    InsufficientScope {
        scope: String,
        method: String,
        path: String,
    },
    #[error("the Management API rejected the management token: {message}")]
    ManagementUnauthorized { message: String },
    #[error("Management API {method} {path} answered {status} ({}): {message}", error_code.as_deref().unwrap_or("no errorCode"))]
    Management {
        method: String,
        path: String,
        status: u16,
        error_code: Option<String>,
        message: String,
    },
    #[error("Auth0 still answered 429 Too Many Requests after {attempts} attempts")]
    RateLimited { attempts: u32 },
    #[error("Auth0 answered {status} (server error) {attempts} times in a row")]
    ServerError { status: u16, attempts: u32 },
    #[error("Auth0 refused the {} token for `{audience}` ({status} {error}): {description}", token_for_name(*for_app))]
    TokenRefused {
        for_app: TokenFor,
        audience: String,
        status: u16,
        error: String,
        description: String,
    },
    #[error("unexpected response from {what}: {detail}")]
    Unexpected { what: String, detail: String },
}

fn token_for_name(f: TokenFor) -> &'static str {
    match f {
        TokenFor::Management => "Management API",
        TokenFor::TestClient => "test client's",
    }
}

const MGMT_PATH: &str = "Auth0 Dashboard → Applications → APIs → Auth0 Management API → Machine to Machine Applications";

impl Auth0Error {
    /// The HTTP status, for Management API answers.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Management { status, .. } | Self::TokenRefused { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl Hint for Auth0Error {
    fn fix(&self) -> String {
        match self {
            Self::InvalidDomain { .. } => {
                "set AUTH0_DOMAIN to your tenant's domain, e.g. `your-tenant.eu.auth0.com` (https is implied)".into()
            }
            Self::InvalidIdentifier { .. } => {
                "use a URL-like identifier such as `https://petstore.authgate.example`; it need not resolve".into()
            }
            Self::Transport { .. } => "check the domain and your network (Auth0 is reached over https)".into(),
            Self::InsufficientScope { scope, .. } => format!(
                "grant `{scope}` to your management application: {MGMT_PATH} → expand the app \
                 (AUTH0_CLIENT_ID) → tick `{scope}` → Update. authgate uses: {}",
                REQUIRED_MANAGEMENT_SCOPES.join(", ")
            ),
            // Auth0's words for a token whose `exp` had passed when it arrived: just issued, so
            // the issuer's clock and the API's disagree (the sandbox's clock was moved).
            Self::ManagementUnauthorized { message } if message.contains("Expired token") => {
                "the management token was already expired when it arrived, so the token's clock \
                 and the API's disagree: on the sandbox, set its clock back to real time (`x` → \
                 `0` in the wizard, or `POST /sandbox/clock-skew` with `{\"skew_secs\": 0}`), \
                 then rerun; on a real tenant, check this machine's clock"
                    .into()
            }
            Self::ManagementUnauthorized { .. } => {
                "the management token was not accepted; check AUTH0_DOMAIN is the tenant the app belongs to".into()
            }
            Self::Management { status: 404, .. } => "the object is gone; rerun to recreate it".into(),
            Self::Management { .. } => "see Auth0's message above; rerunning is safe (every step is idempotent)".into(),
            Self::RateLimited { .. } => "the tenant's Management API rate limit is exhausted; wait a minute and rerun".into(),
            Self::ServerError { .. } => "Auth0 is having trouble; check https://status.auth0.com and rerun".into(),
            Self::TokenRefused { for_app, error, status, audience, .. } => token_hint(*for_app, error, *status, audience),
            Self::Unexpected { .. } => "is the domain really an Auth0 tenant? Check AUTH0_DOMAIN".into(),
        }
    }
}

/// Branches on `(error, status)` of `/oauth/token`, never on the description text.
fn token_hint(for_app: TokenFor, error: &str, status: u16, audience: &str) -> String {
    match (for_app, error, status) {
        (_, _, 429) => "Auth0's token endpoint is rate limited; wait a few seconds and rerun".into(),
        (TokenFor::Management, "access_denied" | "invalid_client", 401) => {
            "the client id or secret is wrong: copy them again from Dashboard → Applications → \
             Applications → your M2M app → Settings into AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET"
                .into()
        }
        (TokenFor::TestClient, "access_denied" | "invalid_client", 401) => {
            "the test client's secret was rotated or the client deleted; rerun step 1 to re-read it".into()
        }
        (_, "unauthorized_client", _) => {
            "enable the Client Credentials grant: Dashboard → Applications → Applications → the app → \
             Settings → Advanced Settings → Grant Types → Client Credentials → Save"
                .into()
        }
        (TokenFor::Management, "access_denied", _) => format!(
            "authorize the app for the Management API: {MGMT_PATH} → toggle your app on → select the \
             scopes authgate uses: {}",
            REQUIRED_MANAGEMENT_SCOPES.join(", ")
        ),
        (TokenFor::TestClient, "access_denied", _) => format!(
            "the test client may not get tokens for `{audience}`: either it has no client grant for \
             that API, it asked for scopes the grant lacks, or no API has that identifier \
             (\"Service not found\"). Rerun step 1: it ensures the API, the client and the grant"
        ),
        _ => "see Auth0's error_description above".into(),
    }
}
