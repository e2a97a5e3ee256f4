//! The method request as an integration and a mapping template see it: what the pipeline
//! hands the integration, and what `$input`, `$context` and `$stageVariables` read.

use std::collections::BTreeMap;

use super::context::RequestContext;

/// The parts of a method request an integration can use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IntegrationRequest {
    /// The client's method in upper case.
    pub method: String,
    /// The matched resource's path template, e.g. `/pets/{petId}` (`$context.resourcePath`).
    pub resource_path: String,
    /// Path parameters by name, decoded (`petId` → `1`).
    pub path_params: BTreeMap<String, String>,
    /// Query string parameters in request order, decoded.
    pub query: Vec<(String, String)>,
    /// Request headers (names in any case).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The stage name (`$context.stage`); `test-invoke-stage` for `TestInvokeMethod`.
    pub stage: String,
    /// `$context.requestId`.
    pub request_id: String,
    /// Everything else `$context` holds, the authorizer's answer included.
    pub context: RequestContext,
    /// The stage's variables (`$stageVariables`).
    pub stage_variables: BTreeMap<String, String>,
}

impl IntegrationRequest {
    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first query parameter with this name.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
