//! `$context`: what API Gateway knows about one request, as the variables its mapping
//! templates, gateway responses and parameter mappings read (`context.requestId`,
//! `context.authorizer.principalId`, …) and as the proxy event's `requestContext`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

/// What the authorizer said about the caller, as the backend receives it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthorizerFacts {
    pub principal_id: String,
    /// The authorizer's context, every value stringified (`1` → `"1"`, `true` → `"true"`).
    pub context: BTreeMap<String, String>,
    /// How long the authorizer took, in ms (0 when its policy came from the cache).
    pub integration_latency: u64,
}

impl AuthorizerFacts {
    /// `requestContext.authorizer` of a REST proxy event: `principalId`, the context keys
    /// (strings) and `integrationLatency` (a number, as AWS sends it).
    pub fn to_json(&self) -> Value {
        let mut map: Map<String, Value> = self
            .context
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        map.insert("principalId".into(), json!(self.principal_id));
        map.insert("integrationLatency".into(), json!(self.integration_latency));
        Value::Object(map)
    }
}

/// An authorizer context value as REST APIs pass it on: strings as they are, numbers and
/// booleans as their JSON text. `None` for objects, arrays and null, which API Gateway refuses.
pub fn stringify(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The error a gateway response describes (`$context.error.*`).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorFacts {
    /// `None` renders as JSON `null` in `messageString` (the authorizer errors' body).
    pub message: Option<String>,
    pub response_type: &'static str,
}

/// One request's `$context`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestContext {
    pub api_id: String,
    pub stage: String,
    pub account_id: String,
    pub request_id: String,
    pub extended_request_id: String,
    pub http_method: String,
    /// The matched resource's template (`/pets/{petId}`); empty before a route matched.
    pub resource_path: String,
    pub resource_id: String,
    /// The request path as the client sent it, stage included (`/test/pets/1`).
    pub path: String,
    pub domain_name: String,
    /// `09/Apr/2015:12:34:56 +0000`.
    pub request_time: String,
    /// Milliseconds since the epoch.
    pub request_time_epoch: i64,
    pub source_ip: String,
    pub user_agent: Option<String>,
    pub authorizer: Option<AuthorizerFacts>,
    pub error: Option<ErrorFacts>,
}

impl RequestContext {
    /// A `$context` stamped now, for a request to `api`/`stage`.
    pub fn now(api_id: &str, stage: &str, request_id: &str) -> Self {
        let now = jiff::Timestamp::now();
        let compact = request_id.replace('-', "");
        Self {
            api_id: api_id.to_owned(),
            stage: stage.to_owned(),
            request_id: request_id.to_owned(),
            extended_request_id: compact[..16.min(compact.len())].to_owned(),
            request_time: now.strftime("%d/%b/%Y:%H:%M:%S +0000").to_string(),
            request_time_epoch: now.as_millisecond(),
            source_ip: "127.0.0.1".to_owned(),
            ..Self::default()
        }
    }

    /// The value of `context.NAME` (`requestId`, `identity.sourceIp`, `authorizer.role`,
    /// `error.messageString`, …); `None` for a variable this request does not have.
    pub fn variable(&self, name: &str) -> Option<String> {
        if let Some(key) = name.strip_prefix("authorizer.") {
            let facts = self.authorizer.as_ref()?;
            return match key {
                "principalId" => Some(facts.principal_id.clone()),
                "integrationLatency" => Some(facts.integration_latency.to_string()),
                other => facts.context.get(other).cloned(),
            };
        }
        if let Some(key) = name.strip_prefix("error.") {
            let error = self.error.as_ref()?;
            return match key {
                "message" => Some(error.message.clone().unwrap_or_default()),
                "messageString" => Some(
                    error
                        .message
                        .as_ref()
                        .map_or_else(|| "null".to_owned(), |m| json!(m).to_string()),
                ),
                "responseType" => Some(error.response_type.to_owned()),
                "validationErrorString" => Some(String::new()),
                _ => None,
            };
        }
        let text = |s: &str| Some(s.to_owned());
        match name {
            "apiId" => text(&self.api_id),
            "stage" => text(&self.stage),
            "accountId" => text(&self.account_id),
            "requestId" => text(&self.request_id),
            "extendedRequestId" => text(&self.extended_request_id),
            "httpMethod" => text(&self.http_method),
            "resourcePath" => text(&self.resource_path),
            "resourceId" => text(&self.resource_id),
            "path" => text(&self.path),
            "domainName" => text(&self.domain_name),
            "domainPrefix" => text(self.domain_name.split('.').next().unwrap_or_default()),
            "protocol" => text("HTTP/1.1"),
            "requestTime" => text(&self.request_time),
            "requestTimeEpoch" => Some(self.request_time_epoch.to_string()),
            "identity.sourceIp" => text(&self.source_ip),
            "identity.userAgent" => self.user_agent.clone(),
            _ => None,
        }
    }

    /// The proxy event's `requestContext` (REST API, payload version 1.0).
    pub fn to_json(&self) -> Value {
        let mut value = json!({
            "resourceId": self.resource_id,
            "resourcePath": self.resource_path,
            "httpMethod": self.http_method,
            "extendedRequestId": self.extended_request_id,
            "requestTime": self.request_time,
            "path": self.path,
            "accountId": self.account_id,
            "protocol": "HTTP/1.1",
            "stage": self.stage,
            "domainPrefix": self.domain_name.split('.').next().unwrap_or_default(),
            "requestTimeEpoch": self.request_time_epoch,
            "requestId": self.request_id,
            "identity": {
                "cognitoIdentityPoolId": null, "accountId": null, "cognitoIdentityId": null,
                "caller": null, "sourceIp": self.source_ip, "principalOrgId": null,
                "accessKey": null, "cognitoAuthenticationType": null,
                "cognitoAuthenticationProvider": null, "userArn": null,
                "userAgent": self.user_agent, "user": null,
            },
            "domainName": self.domain_name,
            "apiId": self.api_id,
        });
        if let Some(authorizer) = &self.authorizer {
            value["authorizer"] = authorizer.to_json();
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorizer_values_arrive_as_strings_and_objects_are_refused() {
        assert_eq!(stringify(&json!(1)).as_deref(), Some("1"));
        assert_eq!(stringify(&json!(true)).as_deref(), Some("true"));
        assert_eq!(stringify(&json!(2.5)).as_deref(), Some("2.5"));
        assert_eq!(stringify(&json!("x")).as_deref(), Some("x"));
        assert_eq!(stringify(&json!({"a": 1})), None);
        assert_eq!(stringify(&json!([1])), None);
        assert_eq!(stringify(&Value::Null), None);
    }

    #[test]
    fn variables_resolve_by_name() {
        let mut context = RequestContext::now("api1", "test", "abc-def");
        context.authorizer = Some(AuthorizerFacts {
            principal_id: "auth0|1".into(),
            context: BTreeMap::from([("scope".into(), "read:pets".into())]),
            integration_latency: 7,
        });
        context.error = Some(ErrorFacts {
            message: Some("Unauthorized".into()),
            response_type: "UNAUTHORIZED",
        });
        assert_eq!(context.variable("stage").as_deref(), Some("test"));
        assert_eq!(
            context.variable("authorizer.principalId").as_deref(),
            Some("auth0|1")
        );
        assert_eq!(
            context.variable("authorizer.scope").as_deref(),
            Some("read:pets")
        );
        assert_eq!(
            context.variable("error.messageString").as_deref(),
            Some("\"Unauthorized\"")
        );
        assert_eq!(context.variable("nope"), None);
        let json = context.to_json();
        assert_eq!(json["authorizer"]["integrationLatency"], 7);
        assert_eq!(json["authorizer"]["scope"], "read:pets");
    }
}
