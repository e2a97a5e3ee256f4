use std::collections::BTreeMap;

use super::*;

fn ops(list: &[(&str, &str, Option<&str>)]) -> Vec<PatchOp> {
    list.iter()
        .map(|(op, path, value)| PatchOp {
            op: (*op).to_owned(),
            path: (*path).to_owned(),
            value: value.map(str::to_owned),
        })
        .collect()
}

fn open_method() -> Method {
    Method {
        http_method: "GET".into(),
        authorization_type: "NONE".into(),
        authorizer_id: None,
        api_key_required: true,
        request_parameters: BTreeMap::new(),
        method_responses: BTreeMap::new(),
        integration: None,
    }
}

fn authorizer() -> Authorizer {
    Authorizer {
        id: "abc123".into(),
        name: "jwt".into(),
        kind: "TOKEN".into(),
        authorizer_uri: Some("arn:uri".into()),
        authorizer_credentials: None,
        identity_source: Some("method.request.header.Authorization".into()),
        identity_validation_expression: None,
        authorizer_result_ttl_in_seconds: 300,
    }
}

#[test]
fn step_four_secures_a_method() {
    let authorizers = BTreeMap::from([("abc123".to_owned(), authorizer())]);
    let patched = method(
        &open_method(),
        &ops(&[
            ("replace", "/authorizationType", Some("CUSTOM")),
            ("replace", "/authorizerId", Some("abc123")),
            ("replace", "/apiKeyRequired", Some("false")),
        ]),
        &authorizers,
    )
    .unwrap();
    assert_eq!(patched.authorization_type, "CUSTOM");
    assert_eq!(patched.authorizer_id.as_deref(), Some("abc123"));
    assert!(!patched.api_key_required);

    let reopened = method(
        &patched,
        &ops(&[("replace", "/authorizationType", Some("NONE"))]),
        &authorizers,
    )
    .unwrap();
    assert_eq!(reopened.authorizer_id, None, "NONE drops the authorizer");
}

#[test]
fn refused_method_patches_say_why() {
    let none = BTreeMap::new();
    let custom_alone = ops(&[("replace", "/authorizationType", Some("CUSTOM"))]);
    let err = method(&open_method(), &custom_alone, &none).unwrap_err();
    assert!(
        err.message.contains("requires a valid authorizer"),
        "{}",
        err.message
    );
    let unknown_id = ops(&[("replace", "/authorizerId", Some("nope"))]);
    assert!(
        method(&open_method(), &unknown_id, &none)
            .unwrap_err()
            .message
            .contains("nope")
    );
    let odd_path = ops(&[("replace", "/operationName", Some("x"))]);
    let err = method(&open_method(), &odd_path, &none).unwrap_err();
    assert!(
        err.message.contains("/authorizationType"),
        "{}",
        err.message
    );
    let odd_op = ops(&[("copy", "/apiKeyRequired", Some("true"))]);
    assert!(
        method(&open_method(), &odd_op, &none)
            .unwrap_err()
            .message
            .contains("copy")
    );
    let not_bool = ops(&[("replace", "/apiKeyRequired", Some("yes"))]);
    assert_eq!(
        method(&open_method(), &not_bool, &none).unwrap_err().code,
        "BadRequestException"
    );
}

#[test]
fn authorizer_patches_are_validated() {
    let ttl = ops(&[("replace", "/authorizerResultTtlInSeconds", Some("3600"))]);
    assert_eq!(
        authorizer_patch(&ttl)
            .unwrap()
            .authorizer_result_ttl_in_seconds,
        3600
    );
    let too_long = ops(&[("replace", "/authorizerResultTtlInSeconds", Some("3601"))]);
    assert!(
        authorizer_patch(&too_long)
            .unwrap_err()
            .message
            .contains("3601")
    );
    let bad_regex = ops(&[("replace", "/identityValidationExpression", Some("^(Bearer"))]);
    assert!(authorizer_patch(&bad_regex).is_err());
}

fn authorizer_patch(list: &[PatchOp]) -> Result<Authorizer, Fault> {
    super::authorizer(&authorizer(), list)
}

#[test]
fn stage_patches_move_the_deployment_and_set_variables() {
    let current = Stage {
        stage_name: "test".into(),
        deployment_id: "d1".into(),
        description: None,
        variables: BTreeMap::from([("old".to_owned(), "1".to_owned())]),
        created_date: 0,
        last_updated_date: 0,
    };
    let deployments = BTreeMap::from([(
        "d2".to_owned(),
        Deployment {
            id: "d2".into(),
            description: None,
            created_date: 0,
            resources: vec![],
            authorizers: BTreeMap::new(),
            gateway_responses: BTreeMap::new(),
        },
    )]);
    let patched = stage(
        &current,
        &ops(&[
            ("replace", "/deploymentId", Some("d2")),
            ("replace", "/variables/env", Some("dev")),
            ("remove", "/variables/old", None),
        ]),
        &deployments,
    )
    .unwrap();
    assert_eq!(patched.deployment_id, "d2");
    assert_eq!(
        patched.variables,
        BTreeMap::from([("env".to_owned(), "dev".to_owned())])
    );
    let missing = ops(&[("replace", "/deploymentId", Some("d9"))]);
    assert!(stage(&current, &missing, &deployments).is_err());
}
