//! Why a `REQUIRED_PERMISSIONS` value is refused.

/// A `REQUIRED_PERMISSIONS` value the authorizer refuses to load with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoutePermissionsError {
    #[error("REQUIRED_PERMISSIONS is not JSON: {0}")]
    NotJson(String),
    #[error("REQUIRED_PERMISSIONS is not a JSON object")]
    NotAnObject,
    #[error("REQUIRED_PERMISSIONS maps no route")]
    Empty,
    #[error("REQUIRED_PERMISSIONS key `{key}`: {why}")]
    Key { key: String, why: &'static str },
    #[error("REQUIRED_PERMISSIONS `{key}` maps to {found}, not a permission name")]
    Value { key: String, found: String },
}

const EXAMPLE: &str =
    r#"{"GET /pets":"read:pets","GET /pets/*":"read:pets","POST /pets":"write:pets"}"#;

impl crate::hint::Hint for RoutePermissionsError {
    fn fix(&self) -> String {
        match self {
            Self::NotJson(_) | Self::NotAnObject => {
                format!("set it to a JSON object \"METHOD /path\" → permission, e.g. {EXAMPLE}")
            }
            Self::Empty => "map at least one route, or unset REQUIRED_PERMISSIONS to allow every \
                            route to any valid token"
                .to_owned(),
            Self::Key { .. } => {
                format!("write each key as METHOD, one space, then a path from / (e.g. {EXAMPLE})")
            }
            Self::Value { .. } => "each value is one permission as the API defines it (e.g. \
                                   \"read:pets\"): a non-empty string without spaces"
                .to_owned(),
        }
    }
}
