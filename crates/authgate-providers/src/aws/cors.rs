//! Step 4 for a browser app at one origin: what the console's "Enable CORS" does (an
//! `OPTIONS` method per secured resource with no authorizer and a `MOCK` integration that
//! answers the preflight; `Access-Control-Allow-Origin` on the secured methods' answers), and
//! gateway responses that put the CORS headers on API Gateway's own 4XX and 5XX, so a page can
//! read a 401 or 403 instead of seeing "Failed to fetch". Each call finds, compares and fixes
//! only what differs; the caller redeploys when anything changed. `read` and `live` read a
//! browser setup back (for `check` and the drift check).

mod gateway;
pub mod live;
mod preflight;
pub mod read;
pub mod verdict;

use serde::{Deserialize, Serialize};

pub use gateway::{
    CORS_RESPONSE_TYPES, GatewayCorsRecord, ensure_gateway_responses, remove_gateway_responses,
    set_allow_origin,
};
pub use preflight::{PreflightRecord, ensure_preflights, remove_preflights};

use super::secure::SecureScope;

/// Where `authgate web` serves its page unless told otherwise.
pub const DEFAULT_WEB_PORT: u16 = 5180;

/// The page's origin step 4 allows by default: `authgate web`'s.
pub fn default_origin() -> String {
    format!("http://127.0.0.1:{DEFAULT_WEB_PORT}")
}

/// The console's default `Access-Control-Allow-Headers`; `Authorization` carries the token.
pub const ALLOW_HEADERS: &str =
    "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token";

/// The template API Gateway's default responses have.
pub const DEFAULT_TEMPLATE: &str = "{\"message\":$context.error.messageString}";

/// What to make reachable from which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsSpec<'a> {
    pub api_id: &'a str,
    /// The page's origin (`http://127.0.0.1:5180`), or `*`.
    pub origin: &'a str,
    /// The methods step 4 secures: their resources get a preflight.
    pub scope: SecureScope,
}

/// An origin as a browser sends it: `scheme://host[:port]`, no path; or `*`.
pub fn valid_origin(origin: &str) -> bool {
    if origin == "*" {
        return true;
    }
    let Ok(url) = url::Url::parse(origin) else {
        return false;
    };
    matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some()
        && url.path() == "/"
        && !origin.ends_with('/')
        && url.query().is_none()
        && url.username().is_empty()
}

/// `'value'`: a static value in a mapping.
pub(crate) fn quoted(value: &str) -> String {
    format!("'{value}'")
}

/// A record of step 4's browser actions, for the state file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorsRecord {
    pub origin: String,
    /// Resource paths whose `OPTIONS` method authgate created (teardown deletes those).
    pub created_preflights: Vec<String>,
    /// Gateway response types authgate customised (teardown resets those).
    pub gateway_responses: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::valid_origin;

    #[test]
    fn origins_are_scheme_host_and_port() {
        for ok in ["http://127.0.0.1:5180", "https://app.example.com", "*"] {
            assert!(valid_origin(ok), "{ok}");
        }
        for bad in [
            "127.0.0.1:5180",
            "http://a/b",
            "http://a/",
            "ftp://a",
            "",
            "http://u@a",
        ] {
            assert!(!valid_origin(bad), "{bad}");
        }
    }
}
