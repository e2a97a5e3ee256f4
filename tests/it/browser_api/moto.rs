//! Step 4's browser actions (preflights, CORS gateway responses, their teardown) against moto
//! and against the sandbox: the same SDK calls the real account gets, converging on a rerun.

use std::sync::Mutex;

use authgate_providers::aws::apigateway::{ensure_rest_api, resources};
use authgate_providers::aws::cors::{
    CORS_RESPONSE_TYPES, CorsSpec, ensure_gateway_responses, ensure_preflights,
    remove_gateway_responses, remove_preflights,
};
use authgate_providers::aws::secure::SecureScope;
use aws_sdk_apigateway::types::GatewayResponseType;

use super::stack::ORIGIN;
use crate::aws_moto::backend::{Backend, Sandbox};
use crate::aws_moto::harness::Moto;

const ACAO: &str = "method.response.header.Access-Control-Allow-Origin";

async fn the_cors_actions_converge_and_come_off_again(backend: &Backend) {
    let aws = backend.aws().await;
    let report = Mutex::new(Vec::new());
    let api = ensure_rest_api(&aws, None, &report).await.unwrap().id;
    let pets = resources(&aws, &api).await.unwrap()["/pets"]
        .id
        .clone()
        .unwrap();
    // The PetStore brings an OPTIONS of its own; without it, step 4 makes one.
    aws.apigateway
        .delete_method()
        .rest_api_id(&api)
        .resource_id(&pets)
        .http_method("OPTIONS")
        .send()
        .await
        .unwrap();
    let spec = CorsSpec {
        api_id: &api,
        origin: ORIGIN,
        scope: SecureScope::Pets,
    };
    let first = ensure_preflights(&aws, &spec, &report).await.unwrap();
    assert_eq!(first.created, ["/pets"], "{first:?}");
    assert!(
        first.changed.iter().any(|c| c.starts_with("GET /pets")),
        "{first:?}"
    );
    let again = ensure_preflights(&aws, &spec, &report).await.unwrap();
    assert!(
        again.changed.is_empty() && again.created.is_empty(),
        "{again:?}"
    );
    let options = aws
        .apigateway
        .get_method()
        .rest_api_id(&api)
        .resource_id(&pets)
        .http_method("OPTIONS")
        .send()
        .await
        .unwrap();
    assert_eq!(options.authorization_type(), Some("NONE"));
    let mapped = options
        .method_integration()
        .unwrap()
        .integration_responses()
        .unwrap()["200"]
        .response_parameters()
        .unwrap()
        .clone();
    assert_eq!(mapped[ACAO], format!("'{ORIGIN}'"));
    assert!(
        mapped["method.response.header.Access-Control-Allow-Headers"].contains("Authorization")
    );
    assert_eq!(
        mapped["method.response.header.Access-Control-Allow-Methods"],
        "'GET,OPTIONS,POST'"
    );
    gateway_responses_converge_and_come_off(&aws, &api, &pets).await;
}

/// Then the gateway responses; last, teardown takes both off again.
async fn gateway_responses_converge_and_come_off(
    aws: &authgate_providers::aws::Aws,
    api: &str,
    pets: &str,
) {
    let report = Mutex::new(Vec::new());
    let first = ensure_gateway_responses(aws, api, ORIGIN, &report)
        .await
        .unwrap();
    assert_eq!(first.changed, CORS_RESPONSE_TYPES);
    let again = ensure_gateway_responses(aws, api, ORIGIN, &report)
        .await
        .unwrap();
    assert!(again.changed.is_empty(), "{again:?}");
    let put = aws
        .apigateway
        .get_gateway_response()
        .rest_api_id(api)
        .response_type(GatewayResponseType::Default4Xx)
        .send()
        .await
        .unwrap();
    assert_eq!(
        put.response_parameters().unwrap()["gatewayresponse.header.Access-Control-Allow-Origin"],
        format!("'{ORIGIN}'")
    );

    // Teardown on an API authgate did not create: what it added comes off.
    let kinds: Vec<String> = CORS_RESPONSE_TYPES.map(str::to_owned).to_vec();
    remove_gateway_responses(aws, api, &kinds, &report)
        .await
        .unwrap();
    remove_preflights(aws, api, &["/pets".to_owned()], &report)
        .await
        .unwrap();
    let gone = aws
        .apigateway
        .get_method()
        .rest_api_id(api)
        .resource_id(pets)
        .http_method("OPTIONS")
        .send()
        .await;
    assert!(
        gone.unwrap_err()
            .into_service_error()
            .is_not_found_exception()
    );
    let reset = aws
        .apigateway
        .get_gateway_response()
        .rest_api_id(api)
        .response_type(GatewayResponseType::Default4Xx)
        .send()
        .await;
    match reset {
        // AWS and the sandbox list the default again; moto forgets the type.
        Ok(r) => assert!(r.default_response(), "{r:?}"),
        Err(e) => assert!(e.into_service_error().is_not_found_exception()),
    }
    // A second teardown has nothing to do.
    remove_gateway_responses(aws, api, &kinds, &report)
        .await
        .unwrap();
    remove_preflights(aws, api, &["/pets".to_owned()], &report)
        .await
        .unwrap();
}

#[tokio::test]
async fn step_4s_cors_actions_against_moto() {
    let Some(moto) = Moto::start().await else {
        return;
    };
    the_cors_actions_converge_and_come_off_again(&Backend::Moto(moto)).await;
}

#[tokio::test]
async fn step_4s_cors_actions_against_the_sandbox() {
    let backend = Backend::Sandbox(Sandbox::start().await);
    the_cors_actions_converge_and_come_off_again(&backend).await;
}
