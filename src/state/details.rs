//! What the state file records about each kind of resource beside its id: the values a rerun,
//! the drift check or teardown needs without asking the provider again. Nothing secret.

use serde::{Deserialize, Serialize};

/// A resource's details as `(name, value)` pairs in name order, for `status`.
pub trait Details {
    fn pairs(&self) -> Vec<(&'static str, String)>;
}

macro_rules! details {
    ($(#[$doc:meta])* $name:ident { $($field:ident: $ty:ty),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $(pub $field: $ty,)+
        }

        impl Details for $name {
            fn pairs(&self) -> Vec<(&'static str, String)> {
                vec![$((stringify!($field), self.$field.to_string())),+]
            }
        }
    };
}

// Fields in name order: `pairs` lists them as declared.
details!(
    /// The Auth0 API (resource server).
    ResourceServerDetails { identifier: String, name: String }
);
details!(
    /// A machine-to-machine application (the test client or the writer client).
    TestClientDetails { name: String }
);
details!(
    /// A client grant for the API (the test client's or the writer client's).
    ClientGrantDetails { audience: String, client_id: String }
);
details!(
    /// An Auth0 role for user logins, with its permissions on the API (space-separated).
    Auth0RoleDetails { name: String, permissions: String }
);
details!(
    /// The Native application of the device login.
    LoginAppDetails { name: String }
);
/// The web-page application of `authgate web`: its name and the page origins whose callback
/// and web origin it was given (comma-separated; empty in a state file from before they were
/// recorded).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpaAppDetails {
    pub name: String,
    #[serde(default)]
    pub origins: String,
}

impl Details for SpaAppDetails {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("origins", self.origins.clone()),
        ]
    }
}

details!(
    /// The imported `PetStore` REST API, with where it lives (for method ARNs).
    RestApiDetails { account: String, name: String, region: String }
);
details!(
    /// The stage, with the deployment it served when authgate last looked.
    StageDetails { api_id: String, deployment_id: String, invoke_url: String }
);
details!(
    /// The IAM role the authorizer and the Lambda function assume.
    RoleDetails { arn: String }
);
details!(
    /// The authorizer's Lambda function and the code it runs.
    FunctionDetails { arn: String, code_sha256: String }
);
details!(
    /// The API Gateway TOKEN authorizer.
    AuthorizerDetails { api_id: String, name: String, ttl_secs: i32 }
);
details!(
    /// The methods secured with the authorizer (the id lists them).
    SecuredMethodsDetails { api_id: String, authorizer_id: String }
);
details!(
    /// Step 4's browser actions: the origin (the id), the `OPTIONS` methods authgate created
    /// (resource paths, comma-separated) and the gateway responses it customised.
    CorsDetails { api_id: String, gateway_responses: String, preflights_created: String }
);
