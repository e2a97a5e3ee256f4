use super::*;
use crate::flow::status::Status;
use crate::state::Target;

/// Today's format before version 3, as the wizard wrote it after all five steps.
const V2: &str = include_str!("../../../tests/fixtures/state-v2.toml");

fn migrated_v2() -> State {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(State::path(dir.path()), V2).unwrap();
    State::load(dir.path()).unwrap()
}

fn keys(state: &State, include_reused: bool) -> Vec<ResourceKey> {
    plan(state, include_reused).iter().map(|d| d.key).collect()
}

#[test]
fn dependency_order_and_reused_objects_are_kept() {
    let mut state = migrated_v2();
    let r = &mut state.resources;
    r.test_client = None;
    r.secured_methods = None;
    r.rest_api.as_mut().unwrap().created = false;
    r.role.as_mut().unwrap().created = false;
    assert_eq!(
        keys(&state, false),
        [
            ResourceKey::Stage,
            ResourceKey::Authorizer,
            ResourceKey::Function,
            ResourceKey::ClientGrant,
            ResourceKey::ResourceServer
        ]
    );
    assert_eq!(
        keys(&state, true),
        [
            ResourceKey::RestApi,
            ResourceKey::Function,
            ResourceKey::Role,
            ResourceKey::ClientGrant,
            ResourceKey::ResourceServer
        ],
        "the API takes its stage and authorizer with it"
    );
    assert!(plan(&State::new(), true).is_empty());
}

#[test]
fn a_migrated_version_2_state_plans_the_same_teardown() {
    let state = migrated_v2();
    let doomed = plan(&state, false);
    let labels: Vec<_> = doomed.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "API Gateway REST API (with its stages and authorizer) a1b2c3d4e5",
            "Lambda function jwtRsaCustomAuthorizer",
            "Auth0 client grant cgr_2HkQ9wRbT4mXcV7e",
            "Auth0 test application Wq3kTz8sNf1bLm0vYc6xRj2hGd5pAe7u",
            "Auth0 API 67b0f4c2e1d3a5f6b7c8d9e0",
        ],
        "the role was reused: kept"
    );
    assert_eq!(
        serde_json::to_value(&doomed[0]).unwrap()["key"],
        "aws.rest_api"
    );
    assert_eq!(
        state.resources.api_id(ResourceKey::Stage),
        Some("a1b2c3d4e5")
    );
}

#[test]
fn a_migrated_version_2_state_has_the_same_status() {
    let state = migrated_v2();
    let status = Status::of(&state);
    assert_eq!(status.target, Some(Target::Sandbox));
    assert_eq!(
        (status.done, status.total),
        (10, crate::steps::ActionId::ALL.len())
    );
    assert_eq!(
        status.invoke_url(),
        Some("http://127.0.0.1:41877/restapis/a1b2c3d4e5/test/_user_request_")
    );
    // Every kind a version-2 file knew is there; step 1's writer client, roles and login
    // application are not, nor step 4's browser (CORS) record.
    let missing: Vec<ResourceKey> = status
        .rows
        .iter()
        .filter(|r| r.id.is_none())
        .map(|r| r.key)
        .collect();
    assert_eq!(
        missing,
        [
            ResourceKey::WriterClient,
            ResourceKey::WriterGrant,
            ResourceKey::ReaderRole,
            ResourceKey::WriterRole,
            ResourceKey::Cors,
            ResourceKey::LoginApp,
            ResourceKey::SpaApp
        ]
    );
    let authorizer = &status.rows[11];
    assert_eq!(authorizer.key, ResourceKey::Authorizer);
    assert_eq!(
        authorizer.details,
        [
            ("api_id".to_owned(), "a1b2c3d4e5".to_owned()),
            ("name".to_owned(), "jwt-rsa-custom-authorizer".to_owned()),
            ("ttl_secs".to_owned(), "300".to_owned()),
        ],
        "details in name order, as strings, as before"
    );
    let lines = status.lines();
    assert_eq!(
        lines[9],
        "• IAM role                 Auth0Integration  (reused)"
    );
    assert_eq!(
        lines[12],
        "• secured methods          GET /pets  (set by authgate)"
    );
}

#[test]
fn the_writer_client_its_grant_and_created_roles_go_before_the_api() {
    let mut state = migrated_v2();
    let client = |id: &str, created| crate::state::Record {
        id: id.into(),
        created,
        details: crate::state::TestClientDetails { name: "w".into() },
    };
    let role = |id: &str, created| crate::state::Record {
        id: id.into(),
        created,
        details: crate::state::Auth0RoleDetails {
            name: "r".into(),
            permissions: "read:pets".into(),
        },
    };
    let r = &mut state.resources;
    r.writer_client = Some(client("wc1", true));
    r.writer_grant = Some(crate::state::Record {
        id: "cgr_w".into(),
        created: true,
        details: crate::state::ClientGrantDetails::default(),
    });
    r.reader_role = Some(role("rol_r", false));
    r.writer_role = Some(role("rol_w", true));
    let doomed = plan(&state, false);
    let labels: Vec<_> = doomed.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(
        labels[2..],
        [
            "Auth0 role rol_w",
            "Auth0 writer client grant cgr_w",
            "Auth0 writer application wc1",
            "Auth0 client grant cgr_2HkQ9wRbT4mXcV7e",
            "Auth0 test application Wq3kTz8sNf1bLm0vYc6xRj2hGd5pAe7u",
            "Auth0 API 67b0f4c2e1d3a5f6b7c8d9e0",
        ],
        "the reader role existed before authgate (the sandbox seeds it): kept"
    );
}

#[test]
fn a_reset_from_a_step_keeps_the_earlier_steps_and_opens_the_methods_first_where_the_api_stays() {
    let state = migrated_v2();
    let from = |step| -> Vec<ResourceKey> {
        plan_from(&state, false, step)
            .iter()
            .map(|d| d.key)
            .collect()
    };
    assert_eq!(from(4), [ResourceKey::SecuredMethods]);
    assert_eq!(
        from(3),
        [
            ResourceKey::SecuredMethods,
            ResourceKey::Authorizer,
            ResourceKey::Function
        ],
        "the API stays, so its authorizer goes by itself, once no method uses it"
    );
    assert_eq!(
        from(2),
        [ResourceKey::RestApi, ResourceKey::Function],
        "the API takes its methods, stage and authorizer with it"
    );
    assert_eq!(
        from(1),
        keys(&state, false),
        "from step 1 is the whole teardown"
    );
}
