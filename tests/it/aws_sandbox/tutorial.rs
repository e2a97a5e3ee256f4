//! The tutorial against one sandbox: an Auth0 token from the tenant, the bundled authorizer
//! as a Lambda function that fetches the tenant's JWKS over loopback, the console's
//! authorizer test, and the deployed snapshot the data plane serves.

use std::sync::{Arc, Mutex};

use authgate_core::bundle::Bundle;
use authgate_providers::Silent;
use authgate_providers::auth0::{
    ClientCredentials, Management, ProvisionSpec, Secret, TenantUrl, fetch_test_token, provision,
};
use authgate_providers::aws::Aws;
use authgate_providers::aws::apigateway::{StageSpec, ensure_rest_api, ensure_stage};
use authgate_providers::aws::authorizer::{AuthorizerSpec, ensure_authorizer, test_authorizer};
use authgate_providers::aws::iam::ensure_role;
use authgate_providers::aws::lambda::{FunctionSpec, authorizer_env, ensure_function};
use authgate_providers::aws::secure::{SecureScope, SecureSpec, secure};
use authgate_sandbox::gateway::ControlPlane as _;
use authgate_sandbox::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET};

use super::FAST;
use super::backend::{Backend, Sandbox};

/// The tutorial's stack up to step 3 in a fresh sandbox, with the bundled authorizer.
pub struct Deployed {
    pub backend: Backend,
    pub aws: Aws,
    pub base: String,
    pub bearer: String,
    pub client_id: String,
    pub api_id: String,
    pub stage: StageSpec,
    pub function_arn: String,
    pub authorizer_id: String,
}

/// Steps 1 to 3 with the authorizer's result cached for `ttl_secs` (0: every request runs it).
pub async fn deploy(ttl_secs: i32) -> Deployed {
    let sandbox = Sandbox::start().await;
    let base = sandbox.handle.base_url().to_owned();
    let spec = ProvisionSpec::default();
    let (bearer, client_id) = test_token(&base, &spec).await;

    let backend = Backend::Sandbox(sandbox);
    let aws = backend.aws().await;
    let report = Mutex::new(Vec::new());
    let api = ensure_rest_api(&aws, None, &report).await.unwrap();
    let stage = StageSpec::default();
    ensure_stage(&aws, &api.id, &stage, &report).await.unwrap();
    let role = ensure_role(&aws, "Auth0Integration", &report)
        .await
        .unwrap();
    let bundle = Bundle::build().unwrap();
    let env = authorizer_env(
        &format!("{base}/"),
        &format!("{base}/.well-known/jwks.json"),
        &spec.api.identifier,
        None,
    );
    let function = FunctionSpec {
        name: "jwtRsaCustomAuthorizer",
        runtime: "nodejs24.x",
        handler: "index.handler",
        role_arn: &role.arn,
        zip: &bundle.bytes,
        zip_sha256_b64: &bundle.code_sha256(),
        env,
    };
    let function = ensure_function(&aws, &function, FAST, &report)
        .await
        .unwrap();
    let authorizer = AuthorizerSpec {
        api_id: &api.id,
        name: "jwt-rsa-custom-authorizer",
        function_arn: &function.arn,
        role_arn: &role.arn,
        ttl_secs,
    };
    let authorizer = ensure_authorizer(&aws, &authorizer, &report).await.unwrap();
    Deployed {
        backend,
        aws,
        base,
        bearer,
        client_id,
        api_id: api.id,
        stage,
        function_arn: function.arn,
        authorizer_id: authorizer.id,
    }
}

/// Step 4: GET and POST /pets secured by the authorizer and deployed to the stage.
pub async fn secure_get_pets(d: &Deployed) -> authgate_providers::aws::secure::SecureRecord {
    let secure_spec = SecureSpec {
        api_id: &d.api_id,
        authorizer_id: &d.authorizer_id,
        scope: SecureScope::Pets,
        stage: &d.stage,
        authorizer_changed: true,
        remembered_deployment: None,
    };
    secure(&d.aws, &secure_spec, &Mutex::new(Vec::new()))
        .await
        .unwrap()
}

#[tokio::test]
async fn the_bundled_authorizer_runs_against_the_tenants_jwks() {
    let d = deploy(authgate_core::tutorial::AUTHORIZER_TTL_DEFAULT_SECS).await;
    console_tests(&d.aws, &d.api_id, &d.authorizer_id, &d.bearer, &d.client_id).await;
    let secured = secure_get_pets(&d).await;
    let (backend, api, bearer, authorizer_id) =
        (&d.backend, &d.api_id, &d.bearer, &d.authorizer_id);
    let Backend::Sandbox(sandbox) = backend else {
        unreachable!("started as the sandbox")
    };
    let control = sandbox.handle.aws();
    let deployed = control.deployed(api, "test").unwrap();
    assert_eq!(deployed.deployment_id, secured.deployment_id);
    assert_eq!(deployed.region, "eu-west-1");
    assert_eq!(deployed.account_id, "000000000000");
    let pets = deployed
        .resources
        .iter()
        .find(|r| r.path == "/pets")
        .unwrap();
    assert_eq!(pets.methods["GET"].authorization_type, "CUSTOM");
    assert_eq!(pets.methods["POST"].authorization_type, "CUSTOM");
    assert_eq!(
        deployed.authorizers[authorizer_id].function_arn,
        d.function_arn
    );
    let method_arn = format!("arn:aws:execute-api:eu-west-1:000000000000:{api}/test/GET/pets");
    let event = serde_json::json!({
        "type": "TOKEN", "authorizationToken": bearer, "methodArn": method_arn,
    });
    let ran = control.invoke(&d.function_arn, event).await.unwrap();
    assert_eq!(
        ran.payload["policyDocument"]["Statement"][0]["Effect"],
        "Allow"
    );
    assert!(control.deployed(api, "prod").is_none());
}

/// Step 1 against the tenant: `Bearer <token>` for the API, and the test client's id.
async fn test_token(base: &str, spec: &ProvisionSpec) -> (String, String) {
    let tenant = TenantUrl::parse(base).unwrap();
    let credentials = ClientCredentials {
        client_id: MANAGEMENT_CLIENT_ID.into(),
        client_secret: Secret::new(MANAGEMENT_CLIENT_SECRET),
    };
    let m = Management::connect(
        authgate_core::http::client(),
        tenant,
        &credentials,
        Arc::new(Silent),
    )
    .await
    .unwrap();
    let auth0 = provision(&m, spec).await.unwrap();
    let client = &auth0.test_client.value;
    let verifier = crate::support::management::tenant_verifier(m.tenant(), &spec.api.identifier);
    let token = fetch_test_token(
        m.http(),
        m.tenant(),
        client,
        &spec.api.identifier,
        &verifier,
    )
    .await
    .unwrap();
    let bearer = format!("Bearer {}", token.response.access_token.expose());
    (bearer, client.client_id.clone())
}

/// The console's authorizer test: the real token passes, a forged or malformed one does not.
async fn console_tests(
    aws: &Aws,
    api_id: &str,
    authorizer_id: &str,
    bearer: &str,
    client_id: &str,
) {
    let allowed = test_authorizer(aws, api_id, authorizer_id, bearer)
        .await
        .unwrap();
    assert_eq!(allowed.client_status, 200, "{}", allowed.log);
    let principal = format!("{client_id}@clients");
    assert_eq!(allowed.principal_id.as_deref(), Some(principal.as_str()));
    let policy: serde_json::Value =
        serde_json::from_str(allowed.policy.as_deref().unwrap()).unwrap();
    assert_eq!(policy["Statement"][0]["Effect"], "Allow");
    assert!(
        !allowed.log.contains(&bearer[7..]),
        "the token is never logged"
    );

    // One signature character changed (not the last, whose low bits are padding).
    let at = bearer.len() - 10;
    let swap = if &bearer[at..=at] == "A" { "z" } else { "A" };
    let forged = format!("{}{swap}{}", &bearer[..at], &bearer[at + 1..]);
    let refused = test_authorizer(aws, api_id, authorizer_id, &forged)
        .await
        .unwrap();
    assert_eq!(refused.client_status, 401, "{}", refused.log);
    let malformed = test_authorizer(aws, api_id, authorizer_id, "Basic abc")
        .await
        .unwrap();
    assert_eq!(
        malformed.client_status, 401,
        "the validation expression refuses it"
    );
}
