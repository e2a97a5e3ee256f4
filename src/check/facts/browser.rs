//! The browser side of the API, for step 4's CORS checks: the page's origin and where check
//! got it, each secured resource's `OPTIONS` as configured and as the stage answers it, and
//! the gateway responses that answer a 401 and a 403. Plain data, no secret.

use std::collections::BTreeMap;

pub use authgate_providers::aws::cors::read::{
    PreflightSetup, allows_authorization, allows_origin,
};
use authgate_providers::aws::cors::verdict::Seen;

/// Where the page's origin came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginFrom {
    /// `check --browser-origin`.
    Flag,
    /// Step 4's setting "called from a browser at origin" in the state file.
    Settings,
    /// A customised 4XX gateway response allows it (a setup made by hand).
    GatewayResponse(String),
}

impl OriginFrom {
    /// For `what`: "(from step 4's settings)".
    pub fn said(&self) -> String {
        match self {
            Self::Flag => "from --browser-origin".to_owned(),
            Self::Settings => "step 4's browser origin in the state file".to_owned(),
            Self::GatewayResponse(kind) => format!("allowed by the {kind} gateway response"),
        }
    }
}

/// A resource the page calls with a token: it has a method with an authorizer, or one step 4
/// secures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorsResource {
    pub path: String,
    pub id: String,
    /// Its methods other than `OPTIONS`, with their authorization type.
    pub methods: BTreeMap<String, String>,
    /// `OPTIONS` as configured; `None`: the resource has no `OPTIONS` method.
    pub options: Option<PreflightSetup>,
    /// The preflight the stage answered, when the target serves invoke URLs.
    pub live: Option<Result<Seen, String>>,
}

impl CorsResource {
    /// An `ANY` method with an authorizer answers `OPTIONS` when there is no `OPTIONS` method.
    pub fn authorized_any(&self) -> Option<&str> {
        self.methods
            .get("ANY")
            .map(String::as_str)
            .filter(|auth| *auth != "NONE")
    }

    /// The verb a page's call would preflight for (`GET` when it has one).
    pub fn verb(&self) -> &str {
        if self.methods.contains_key("GET") || self.methods.contains_key("ANY") {
            "GET"
        } else {
            self.methods.keys().next().map_or("GET", String::as_str)
        }
    }
}

/// Whether the API is set up for a browser, and the setup when it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Browser {
    /// No page calls it: why check thinks so.
    NotSet(String),
    Set(Box<BrowserFacts>),
}

impl Default for Browser {
    fn default() -> Self {
        Self::NotSet(String::new())
    }
}

/// The browser setup `check` grades.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserFacts {
    /// The page's origin (`http://127.0.0.1:5180`), or `*`.
    pub origin: String,
    pub from: OriginFrom,
    pub resources: Vec<CorsResource>,
    /// The customised gateway responses: type → its `Access-Control-Allow-Origin`; `Err`: why
    /// they could not be read.
    pub responses: Result<BTreeMap<String, Option<String>>, String>,
    /// `GET /pets` without a token from the origin, as the stage answered it.
    pub no_token: Option<Result<Seen, String>>,
}

/// The origin a probe sends: the page's, or a sample one when any origin is allowed.
pub fn probe_origin(origin: &str) -> String {
    if origin == "*" {
        authgate_providers::aws::cors::default_origin()
    } else {
        origin.to_owned()
    }
}
