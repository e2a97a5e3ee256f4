//! Why an integration cannot run as configured: the sandbox's explanation in the 500's
//! `sandboxDetail`.

#[derive(Debug, thiserror::Error)]
pub(crate) enum IntegrationError {
    #[error("the MOCK request template is not JSON after substitution ({source}): {rendered}")]
    TemplateNotJson {
        source: serde_json::Error,
        rendered: String,
    },
    /// `shown` is the `statusCode` value as the template wrote it (a string in quotes).
    #[error("statusCode {shown} is not an HTTP status")]
    NotAStatus { shown: String },
    #[error("the HTTP integration has no URI")]
    NoUri,
    #[error("unclosed {{ in the integration URI {template}")]
    UnclosedBrace { template: String },
    #[error(
        "the integration URI {template} uses {{{name}}}, and no integration.request.path.{name} is mapped to a value of this request"
    )]
    UnmappedParameter { template: String, name: String },
    #[error("the integration URI {uri} is not a URL: {source}")]
    NotAUrl {
        uri: String,
        source: url::ParseError,
    },
}

impl authgate_core::hint::Hint for IntegrationError {
    fn fix(&self) -> String {
        match self {
            Self::TemplateNotJson { .. } | Self::NotAStatus { .. } => {
                "give the MOCK integration a JSON request template with an HTTP status, e.g. {\"statusCode\": 200}, and redeploy the stage".to_owned()
            }
            Self::NoUri | Self::UnclosedBrace { .. } | Self::NotAUrl { .. } => {
                "fix the integration's URI (put-integration --uri) and redeploy the stage".to_owned()
            }
            Self::UnmappedParameter { name, .. } => format!(
                "map integration.request.path.{name} to a method.request.path parameter (put-integration --request-parameters) and redeploy the stage"
            ),
        }
    }
}
