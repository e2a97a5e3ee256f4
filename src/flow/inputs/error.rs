//! Why a value typed into the settings form was refused, with the fix.

use authgate_core::hint::Hint;
use authgate_core::tutorial::{AUTHORIZER_TTL_MAX_SECS, TtlError};

/// Why a value typed into the form was refused (the field keeps its old value).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("must not be empty")]
    Empty,
    #[error("at most {max} characters")]
    TooLong { max: usize },
    #[error("`{bad}` is not allowed (letters, digits and {extra})")]
    Character { bad: char, extra: &'static str },
    #[error("choose {0}")]
    Choose(&'static str),
    #[error("a whole number of seconds, 0 to {AUTHORIZER_TTL_MAX_SECS}")]
    Ttl,
    /// Said apart: a negative TTL is not "cache off" (that is 0).
    #[error("{0}")]
    TtlNegative(TtlError),
    #[error("{message}")]
    Identifier { message: String, fix: String },
    #[error("the bundled authorizer runs index.handler on nodejs24.x")]
    NeedsCode,
    #[error("FILE.FUNCTION, e.g. index.handler or lambda_function.lambda_handler")]
    Handler,
    #[error("{0}")]
    Permission(String),
    #[error(
        "the API does not define `{name}` (it defines {defined}); a client can only be granted those"
    )]
    NotDefined { name: String, defined: String },
    #[error(
        "`{name}` is granted to the test client; take it out of the test client's permissions first"
    )]
    StillGranted { name: String },
    #[error("{dialect} adds permissions to tokens, which Auth0 does only with RBAC on")]
    DialectNeedsRbac { dialect: &'static str },
    #[error("an origin is scheme://host[:port] with no path, e.g. http://127.0.0.1:5180")]
    Origin,
}

impl Hint for InputError {
    fn fix(&self) -> String {
        match self {
            Self::Identifier { fix, .. } => fix.clone(),
            Self::NeedsCode => {
                "set `authorizer code` to your directory or zip first (Esc keeps the old value)"
                    .to_owned()
            }
            Self::NotDefined { name, .. } => format!(
                "add `{name}` to the API's permissions first (name=description), or grant one \
                 the API defines"
            ),
            Self::StillGranted { name } => {
                format!("remove `{name}` from the test client's permissions, then from the API's")
            }
            Self::DialectNeedsRbac { .. } => {
                "turn RBAC on, or choose access_token or rfc9068_profile (no permissions claim)"
                    .to_owned()
            }
            Self::Origin => "type the page's origin as the browser shows it in the address bar \
                (no trailing slash), * for any page, or none for no browser"
                .to_owned(),
            _ => "edit the value and press Enter again, or Esc to keep the old one".to_owned(),
        }
    }
}
