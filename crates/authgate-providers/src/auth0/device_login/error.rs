//! How a device login ends without a token, each with its cause and the fix. The answers
//! are told apart by their OAuth `error` code, never by the description text.

use authgate_core::hint::Hint;

#[derive(Debug, thiserror::Error)]
pub enum DeviceLoginError {
    #[error("the login was denied: the user pressed Deny on the activation page")]
    Denied,
    #[error("the code expired after {minutes} minutes without a sign-in")]
    Expired { minutes: u64 },
    #[error("the login application lacks the device-code grant ({status} unauthorized_client)")]
    UnauthorizedClient { status: u16 },
    #[error("the device code is unknown or was used already ({status} invalid_grant)")]
    InvalidGrant { status: u16 },
    #[error("Auth0 refused the device login ({status} {error}): {description}")]
    Refused {
        status: u16,
        error: String,
        description: String,
    },
    #[error("cannot reach {url}: {detail}")]
    Transport { url: String, detail: String },
    #[error("unexpected answer from {url}: {detail}")]
    Unexpected { url: String, detail: String },
}

const RERUN: &str = "run Log in as a user again (`authgate token --user`)";

impl Hint for DeviceLoginError {
    fn fix(&self) -> String {
        match self {
            Self::Denied => format!(
                "{RERUN} and press Confirm; sign in as a user whose roles grant the API's \
                 permissions (sandbox: writer@authgate.test or reader@authgate.test)"
            ),
            Self::Expired { minutes } => {
                format!("start again: {RERUN}, then sign in within {minutes} minutes")
            }
            Self::UnauthorizedClient { .. } => format!(
                "rerun Log in: {RERUN} turns the grant back on; by hand: Auth0 Dashboard > \
                 Applications > Applications > {} > Settings > Advanced Settings > Grant Types > \
                 Device Code",
                super::super::objects::LOGIN_APP_NAME
            ),
            Self::InvalidGrant { .. } => format!("start a new login: {RERUN}"),
            Self::Refused { status: 401, .. } => {
                format!("the login application is gone or not public; {RERUN} (it recreates it)")
            }
            Self::Refused { error, .. } if error == "access_denied" => format!(
                "check that the API exists (rerun step 1's Register the API) and that the \
                 login application may use it; then {RERUN}"
            ),
            Self::Refused { .. } => format!("see Auth0's description above; then {RERUN}"),
            Self::Transport { .. } => {
                "check the tenant's domain and your network (is the sandbox still running?)".into()
            }
            Self::Unexpected { .. } => {
                "is the domain really an Auth0 tenant? Check AUTH0_DOMAIN".into()
            }
        }
    }
}
