//! The form's fields: their labels and, for choices, the values Enter cycles through.

/// One editable field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    ApiName,
    ApiIdentifier,
    TokenDialect,
    Rbac,
    ApiPermissions,
    TestClientPermissions,
    StageName,
    StageDescription,
    DeploymentDescription,
    RoleName,
    FunctionName,
    AuthorizerName,
    Ttl,
    PolicyScope,
    SecureScope,
    BrowserOrigin,
    ReadPermission,
    WritePermission,
    AuthorizerCode,
    AuthorizerHandler,
    AuthorizerRuntime,
}

/// What the code field shows (and accepts) for the bundled authorizer.
pub const BUNDLED: &str = "bundled";
/// What the handler and runtime fields show (and accept) when they are detected.
pub const DETECT: &str = "detect";
const RUNTIME_CHOICES: &[&str] = &[
    DETECT,
    "nodejs22.x",
    "nodejs20.x",
    "nodejs18.x",
    "nodejs24.x",
    "python3.13",
    "python3.12",
    "python3.11",
    "python3.10",
    "provided.al2023",
    "provided.al2",
];

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Self::ApiName => "API name",
            Self::ApiIdentifier => "API identifier (audience)",
            Self::TokenDialect => "token dialect",
            Self::Rbac => "RBAC (enforce policies)",
            Self::ApiPermissions => "API permissions",
            Self::TestClientPermissions => "test client's permissions",
            Self::StageName => "stage name",
            Self::StageDescription => "stage description",
            Self::DeploymentDescription => "deployment description",
            Self::RoleName => "IAM role name",
            Self::FunctionName => "Lambda function name",
            Self::AuthorizerName => "authorizer name",
            Self::Ttl => "authorizer TTL (s)",
            Self::PolicyScope => "policy scope",
            Self::SecureScope => "methods to secure",
            Self::BrowserOrigin => "called from a browser at origin",
            Self::ReadPermission => "read permission (GET)",
            Self::WritePermission => "write permission (POST…)",
            Self::AuthorizerCode => "authorizer code (dir/zip)",
            Self::AuthorizerHandler => "  handler",
            Self::AuthorizerRuntime => "  runtime",
        }
    }

    /// The values a choice field cycles through (empty for free text).
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            // `_authz`: "add permissions in the access token".
            Self::TokenDialect => &[
                "access_token_authz",
                "access_token",
                "rfc9068_profile_authz",
                "rfc9068_profile",
            ],
            Self::Rbac => &["on", "off"],
            Self::PolicyScope => &["stage", "method", "api"],
            Self::SecureScope => &["pets", "all-but-options"],
            Self::AuthorizerRuntime => RUNTIME_CHOICES,
            _ => &[],
        }
    }
}
