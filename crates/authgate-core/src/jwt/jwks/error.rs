//! Why a JWKS fetch gave no keys: the words go to the log and, while no keys were ever
//! fetched, into the `jwks_unavailable` failure.

use std::path::PathBuf;

use super::fetch::MAX_JWKS_BYTES;

#[derive(Debug, thiserror::Error)]
pub enum JwksError {
    #[error("the JWKS has no `keys` array")]
    NoKeys,
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no answer within {secs} s")]
    NoAnswer { secs: u64 },
    #[error("timed out")]
    TimedOut,
    #[error("connection failed")]
    ConnectFailed,
    #[error("{0}")]
    Request(reqwest::Error),
    #[error("HTTP {0}")]
    Status(reqwest::StatusCode),
    #[error("the JWKS is over {MAX_JWKS_BYTES} bytes")]
    TooLarge,
    #[error("not JSON ({0})")]
    NotJson(serde_json::Error),
}

impl From<reqwest::Error> for JwksError {
    fn from(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::TimedOut
        } else if error.is_connect() {
            Self::ConnectFailed
        } else {
            Self::Request(error)
        }
    }
}

impl crate::hint::Hint for JwksError {
    fn fix(&self) -> String {
        match self {
            Self::Read { path, .. } => format!("check that {} exists and is readable", path.display()),
            Self::NoAnswer { .. } | Self::TimedOut | Self::ConnectFailed | Self::Request(_) => {
                "check the network and that JWKS_URI's host answers".to_owned()
            }
            Self::NoKeys | Self::Status(_) | Self::TooLarge | Self::NotJson(_) => {
                "check JWKS_URI (--jwks-uri): Auth0 serves it at https://TENANT/.well-known/jwks.json"
                    .to_owned()
            }
        }
    }
}
