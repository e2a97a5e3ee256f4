//! Test fixtures: the example API as a deployment snapshot, and a fake control plane that
//! records every function invocation.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use serde_json::Value;

use super::{
    ControlPlane, DeployedApi, DeployedAuthorizer, DeployedIntegration, DeployedMethod,
    DeployedResource, FunctionError, FunctionResult,
};

pub const API: &str = "a1b2c3d4e5";
pub const STAGE: &str = "test";
pub const FUNCTION: &str = "arn:aws:lambda:us-east-1:123456789012:function:jwtRsaCustomAuthorizer";
const DEMO: &str = "http://petstore-demo-endpoint.execute-api.com/petstore/pets";

pub fn authorizer(ttl_secs: u32) -> DeployedAuthorizer {
    DeployedAuthorizer {
        id: "auth01".into(),
        name: "jwt-rsa-custom-authorizer".into(),
        kind: "TOKEN".into(),
        function_arn: FUNCTION.into(),
        identity_source: "method.request.header.Authorization".into(),
        validation_expression: Some(r"^Bearer [-0-9a-zA-Z\._]*$".into()),
        ttl_secs,
    }
}

pub fn mock(status: u16) -> DeployedIntegration {
    DeployedIntegration {
        kind: "MOCK".into(),
        http_method: None,
        uri: None,
        request_parameters: BTreeMap::new(),
        request_templates: BTreeMap::from([(
            "application/json".into(),
            format!("{{\"statusCode\": {status}}}"),
        )]),
        responses: BTreeMap::from([(
            status.to_string(),
            BTreeMap::from([("text/html".into(), "<h1>$context.stage</h1>".into())]),
        )]),
        response_headers: BTreeMap::new(),
    }
}

fn http(method: &str, uri: &str, params: &[(&str, &str)]) -> DeployedIntegration {
    DeployedIntegration {
        kind: "HTTP".into(),
        http_method: Some(method.into()),
        uri: Some(uri.into()),
        request_parameters: params
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
        request_templates: BTreeMap::new(),
        responses: BTreeMap::from([("200".into(), BTreeMap::new())]),
        response_headers: BTreeMap::new(),
    }
}

pub fn open_method(integration: DeployedIntegration) -> DeployedMethod {
    DeployedMethod {
        authorization_type: "NONE".into(),
        authorizer_id: None,
        api_key_required: false,
        integration: Some(integration),
    }
}

/// The example API; with an authorizer, every method except `GET /` uses it (`CUSTOM`).
pub fn petstore_api(authorizer: Option<DeployedAuthorizer>) -> DeployedApi {
    let secured = |integration| match &authorizer {
        Some(a) => DeployedMethod {
            authorization_type: "CUSTOM".into(),
            authorizer_id: Some(a.id.clone()),
            ..open_method(integration)
        },
        None => open_method(integration),
    };
    let query = [
        (
            "integration.request.querystring.type",
            "method.request.querystring.type",
        ),
        (
            "integration.request.querystring.page",
            "method.request.querystring.page",
        ),
    ];
    let pet = [(
        "integration.request.path.petId",
        "method.request.path.petId",
    )];
    let resource = |id: &str, path: &str, methods: Vec<(&str, DeployedMethod)>| DeployedResource {
        id: id.into(),
        path: path.into(),
        methods: methods
            .into_iter()
            .map(|(m, d)| (m.to_owned(), d))
            .collect(),
    };
    DeployedApi {
        api_id: API.into(),
        stage: STAGE.into(),
        deployment_id: "dep001".into(),
        region: "us-east-1".into(),
        account_id: "123456789012".into(),
        resources: vec![
            resource("root", "/", vec![("GET", open_method(mock(200)))]),
            resource(
                "pets",
                "/pets",
                vec![
                    ("GET", secured(http("GET", DEMO, &query))),
                    ("POST", secured(http("POST", DEMO, &[]))),
                ],
            ),
            resource(
                "pet",
                "/pets/{petId}",
                vec![(
                    "GET",
                    secured(http("GET", &format!("{DEMO}/{{petId}}"), &pet)),
                )],
            ),
        ],
        authorizers: authorizer.map(|a| (a.id.clone(), a)).into_iter().collect(),
        stage_variables: BTreeMap::new(),
        gateway_responses: BTreeMap::new(),
    }
}

type Behaviour = dyn Fn(&Value) -> Result<FunctionResult, FunctionError> + Send + Sync;

/// Serves one deployment and answers invocations with `behaviour`, recording each event.
pub struct FakeControlPlane {
    pub api: Arc<DeployedApi>,
    pub invocations: Mutex<Vec<(String, Value)>>,
    behaviour: Box<Behaviour>,
}

impl FakeControlPlane {
    pub fn new(
        api: DeployedApi,
        behaviour: impl Fn(&Value) -> Result<FunctionResult, FunctionError> + Send + Sync + 'static,
    ) -> Arc<Self> {
        Arc::new(Self {
            api: Arc::new(api),
            invocations: Mutex::new(Vec::new()),
            behaviour: Box::new(behaviour),
        })
    }

    pub fn invocation_count(&self) -> usize {
        self.invocations.lock().unwrap().len()
    }
}

/// A function result with this payload and an empty log.
// The fake function's return type, so a behaviour can `return returns(…)` in any arm.
#[allow(clippy::unnecessary_wraps)]
pub fn returns(payload: Value) -> Result<FunctionResult, FunctionError> {
    Ok(FunctionResult {
        payload,
        log: String::new(),
    })
}

impl ControlPlane for FakeControlPlane {
    fn deployed(&self, api_id: &str, stage: &str) -> Option<Arc<DeployedApi>> {
        (api_id == self.api.api_id && stage == self.api.stage).then(|| self.api.clone())
    }

    fn invoke<'a>(
        &'a self,
        function_arn: &'a str,
        event: Value,
    ) -> BoxFuture<'a, Result<FunctionResult, FunctionError>> {
        let result = (self.behaviour)(&event);
        self.invocations
            .lock()
            .unwrap()
            .push((function_arn.to_owned(), event));
        Box::pin(async move { result })
    }
}
