//! The wizard's AWS steps in order, and the checks made on them through the SDK.

use std::sync::Mutex;

use authgate_providers::aws::apigateway::{
    MethodTest, RestApiRecord, StageRecord, StageSpec, TEST_PET, ensure_rest_api, ensure_stage,
    resources, test_post_pets,
};
use authgate_providers::aws::authorizer::{
    AuthorizerRecord, AuthorizerSpec, AuthorizerTest, DEFAULT_AUTHORIZER_NAME, ensure_authorizer,
    test_authorizer,
};
use authgate_providers::aws::iam::{
    BASIC_EXECUTION_POLICY, DEFAULT_ROLE_NAME, LAMBDA_ROLE_POLICY, RoleRecord, attached_policies,
    ensure_role,
};
use authgate_providers::aws::lambda::invoke::{Invocation, invoke, method_arn, token_event};
use authgate_providers::aws::lambda::{
    DEFAULT_FUNCTION_NAME, DEFAULT_RUNTIME, FunctionRecord, FunctionSpec, authorizer_env,
    ensure_function,
};
use authgate_providers::aws::secure::{SecureRecord, SecureScope, SecureSpec, secure};
use authgate_providers::aws::{Aws, CallerIdentity};

use super::FAST;
use super::backend::Backend;
use super::harness::zip_with;

/// Behaves as moto's stand-in answers: an Allow policy for a `Bearer` token, "Unauthorized"
/// otherwise (the sandbox runs it; moto records the call instead).
pub const SOURCE: &str = r"export const handler = async (event) => {
  console.log('authgate test handler', event.type);
  const token = event.authorizationToken ?? '';
  if (event.type !== 'TOKEN' || !token.startsWith('Bearer ') || token.length <= 7) {
    throw new Error('Unauthorized');
  }
  return { principalId: 'test', policyDocument: { Version: '2012-10-17', Statement: [
    { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] } };
};
";
const TOKEN: &str = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2ln";

/// Everything one run returned (some fields are only read through `Debug` on failure).
#[derive(Debug)]
#[allow(dead_code)]
pub struct Run {
    pub identity: CallerIdentity,
    pub api: RestApiRecord,
    pub stage: StageRecord,
    pub method_test: MethodTest,
    pub role: RoleRecord,
    pub function: FunctionRecord,
    pub invocation: Invocation,
    pub authorizer: AuthorizerRecord,
    pub authorizer_test: AuthorizerTest,
    pub secured: SecureRecord,
}

impl Run {
    pub fn all_created(&self) -> bool {
        self.api.created
            && self.stage.created
            && self.role.created
            && self.function.created
            && self.authorizer.created
            && self.secured.redeployed
    }
}

pub fn env() -> std::collections::BTreeMap<String, String> {
    authorizer_env(
        "https://tenant.example/",
        "https://tenant.example/.well-known/jwks.json",
        "https://petstore.example",
        Some("stage"),
    )
}

#[allow(clippy::too_many_lines)]
/// Steps 2–4 as the wizard runs them; `previous` is what the state file would remember.
pub async fn run_all(backend: &Backend, aws: &Aws, previous: Option<&Run>) -> Run {
    let report = Mutex::new(Vec::new());
    let identity = aws.caller_identity().await.unwrap();
    assert_eq!(identity.account, backend.account());
    assert_eq!(
        identity.summary(),
        format!("account {}, region eu-west-1", backend.account())
    );

    let api = ensure_rest_api(aws, previous.map(|p| p.api.id.as_str()), &report)
        .await
        .unwrap();
    let method_test = test_post_pets(aws, &api.id).await.unwrap();
    assert_eq!(method_test.status, 200);
    assert!(method_test.body.contains("dog"), "{}", method_test.body);
    if let Some(sent) = backend.recorded("TestInvokeMethod").await {
        assert_eq!(sent.last().unwrap()["body"], TEST_PET);
        assert_eq!(sent.last().unwrap()["httpMethod"], "POST");
    }

    let stage_spec = StageSpec::default();
    let stage = ensure_stage(aws, &api.id, &stage_spec, &report)
        .await
        .unwrap();
    assert_eq!(
        stage.invoke_url,
        format!(
            "{}/restapis/{}/test/_user_request_",
            backend.endpoint(),
            api.id
        )
    );

    let role = ensure_role(aws, DEFAULT_ROLE_NAME, &report).await.unwrap();
    let policies = attached_policies(aws, DEFAULT_ROLE_NAME).await.unwrap();
    assert!(
        policies.iter().any(|p| p == LAMBDA_ROLE_POLICY),
        "{policies:?}"
    );
    assert!(
        policies.iter().any(|p| p == BASIC_EXECUTION_POLICY),
        "{policies:?}"
    );

    let (zip, sha) = zip_with(SOURCE);
    let spec = FunctionSpec {
        name: DEFAULT_FUNCTION_NAME,
        runtime: DEFAULT_RUNTIME,
        handler: "index.handler",
        role_arn: &role.arn,
        zip: &zip,
        zip_sha256_b64: &sha,
        env: env(),
    };
    let function = ensure_function(aws, &spec, FAST, &report).await.unwrap();

    // moto's stand-in answers Invoke without running the code; the sandbox runs SOURCE.
    let arn = method_arn(
        &aws.region,
        &identity.account,
        &api.id,
        "test",
        "GET",
        "/pets",
    );
    let invocation = invoke(aws, &function.name, &token_event(TOKEN, &arn))
        .await
        .unwrap();
    assert_eq!(invocation.status_code, 200);
    assert_eq!(invocation.function_error, None);
    let payload: serde_json::Value = serde_json::from_str(&invocation.payload).unwrap();
    assert_eq!(payload["policyDocument"]["Statement"][0]["Resource"], arn);
    assert!(
        invocation
            .log_tail
            .as_deref()
            .unwrap()
            .contains(backend.log_marker()),
        "{:?}",
        invocation.log_tail
    );
    if let Some(sent) = backend.recorded("Invoke").await {
        assert_eq!(sent.last().unwrap()["logType"], "Tail");
        assert_eq!(sent.last().unwrap()["event"]["authorizationToken"], TOKEN);
    }
    let refused = invoke(aws, &function.name, &token_event("Basic abc", &arn))
        .await
        .unwrap();
    assert_eq!(refused.function_error.as_deref(), Some("Unhandled"));
    assert!(
        refused.payload.contains("Unauthorized"),
        "{}",
        refused.payload
    );

    let authorizer_spec = AuthorizerSpec {
        api_id: &api.id,
        name: DEFAULT_AUTHORIZER_NAME,
        function_arn: &function.arn,
        role_arn: &role.arn,
        ttl_secs: authgate_core::tutorial::AUTHORIZER_TTL_DEFAULT_SECS,
    };
    let authorizer = ensure_authorizer(aws, &authorizer_spec, &report)
        .await
        .unwrap();
    let authorizer_test = test_authorizer(aws, &api.id, &authorizer.id, TOKEN)
        .await
        .unwrap();
    assert_eq!(authorizer_test.client_status, 200);
    let policy: serde_json::Value =
        serde_json::from_str(authorizer_test.policy.as_deref().unwrap()).unwrap();
    assert_eq!(policy["Statement"][0]["Effect"], "Allow");
    if let Some(sent) = backend.recorded("TestInvokeAuthorizer").await {
        assert_eq!(sent.last().unwrap()["headers"]["Authorization"], TOKEN);
    }

    let secured = secure(
        aws,
        &SecureSpec {
            api_id: &api.id,
            authorizer_id: &authorizer.id,
            scope: SecureScope::Pets,
            stage: &stage_spec,
            authorizer_changed: authorizer.changed(),
            remembered_deployment: previous.map(|p| p.secured.deployment_id.as_str()),
        },
        &report,
    )
    .await
    .unwrap();
    assert_eq!(secured.methods, ["GET /pets", "POST /pets"]);
    assert_pets_get_is_custom(aws, &api.id, &authorizer.id).await;
    Run {
        identity,
        api,
        stage,
        method_test,
        role,
        function,
        invocation,
        authorizer,
        authorizer_test,
        secured,
    }
}

async fn assert_pets_get_is_custom(aws: &Aws, api_id: &str, authorizer_id: &str) {
    let by_path = resources(aws, api_id).await.unwrap();
    let pets = by_path["/pets"].id.clone().unwrap();
    let method = aws
        .apigateway
        .get_method()
        .rest_api_id(api_id)
        .resource_id(pets)
        .http_method("GET")
        .send()
        .await
        .unwrap();
    assert_eq!(method.authorization_type(), Some("CUSTOM"));
    assert_eq!(method.authorizer_id(), Some(authorizer_id));
    assert_eq!(method.api_key_required(), Some(false));
}

pub fn assert_rerun_changed_nothing(first: &Run, second: &Run) {
    assert_eq!(first.api.id, second.api.id);
    // The stage now serves step 4's deployment; the rerun made no new one.
    assert_eq!(second.stage.deployment_id, first.secured.deployment_id);
    assert_eq!(first.role.arn, second.role.arn);
    assert_eq!(first.function.arn, second.function.arn);
    assert_eq!(first.authorizer.id, second.authorizer.id);
    assert_eq!(first.secured.deployment_id, second.secured.deployment_id);
    assert!(!second.api.created && !second.stage.created && !second.role.created);
    assert!(!second.function.created && !second.authorizer.created);
    assert!(second.role.attached.is_empty() && !second.role.trust_updated);
    assert!(!second.function.code_updated && !second.function.config_updated);
    assert!(!second.authorizer.updated);
    assert!(second.secured.changed.is_empty(), "{:?}", second.secured);
    assert!(!second.secured.redeployed && !second.secured.cache_flushed);
}
