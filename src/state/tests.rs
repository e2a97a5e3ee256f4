use super::*;
use authgate_core::hint::Hint;

fn sample() -> State {
    let mut state = State::new();
    state.target = Some(Target::Sandbox);
    state.verifier = Some(VerifierSettings {
        issuer: "http://127.0.0.1:4566/".into(),
        audience: "https://petstore.authgate.example".into(),
        jwks_uri: "http://127.0.0.1:4566/.well-known/jwks.json".into(),
        required_permissions: None,
    });
    state.resources.test_client = Some(Record {
        id: "abc123".into(),
        created: true,
        details: TestClientDetails {
            name: "authgate PetStore (test client)".into(),
        },
    });
    state.actions.insert(
        "ensure_test_client".into(),
        ActionRecord {
            summary: "created".into(),
            at: "2026-11-23T20:00:00Z".into(),
        },
    );
    state
}

#[test]
fn a_missing_file_is_an_empty_state() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(State::load(dir.path()).unwrap(), State::new());
}

#[test]
fn save_then_load_round_trips_with_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    let state = sample();
    state.save(dir.path()).unwrap();
    assert_eq!(State::load(dir.path()).unwrap(), state);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(State::path(dir.path()))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        [std::ffi::OsString::from(STATE_FILE)],
        "no temporary file left behind"
    );
}

#[test]
fn a_newer_version_is_refused_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(State::path(dir.path()), "version = 99\n").unwrap();
    let err = State::load(dir.path()).unwrap_err();
    assert!(matches!(err, StateError::TooNew { found: 99, .. }), "{err}");
    assert!(err.fix().contains("upgrade"));
    assert_eq!(
        std::fs::read_to_string(State::path(dir.path())).unwrap(),
        "version = 99\n"
    );
}

#[test]
fn an_unversioned_state_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        State::path(dir.path()),
        "[actions.import_api]\nsummary = \"x\"\nat = \"t\"\n",
    )
    .unwrap();
    let state = State::load(dir.path()).unwrap();
    assert_eq!(state.version, STATE_VERSION);
    assert_eq!(state.actions["import_api"].summary, "x");
}

#[test]
fn unknown_fields_such_as_a_secret_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        State::path(dir.path()),
        "version = 1\nclient_secret = \"s3cret\"\n",
    )
    .unwrap();
    let err = State::load(dir.path()).unwrap_err();
    assert!(err.to_string().contains("client_secret"), "{err}");
}

#[test]
fn a_version_1_state_gains_the_version_2_inputs_table_with_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        State::path(dir.path()),
        "version = 1\ntarget = \"sandbox\"\n[resources.\"aws.role\"]\nid = \"Auth0Integration\"\ncreated = true\ndetails = { arn = \"arn:aws:iam::000000000000:role/Auth0Integration\" }\n",
    )
    .unwrap();
    let mut state = State::load(dir.path()).unwrap();
    assert_eq!(state.version, STATE_VERSION);
    assert!(state.resources.role.as_ref().unwrap().created);
    assert_eq!(state.inputs, None);
    let inputs = crate::state::Inputs {
        ttl_secs: 0,
        ..crate::state::Inputs::default()
    };
    state.inputs = Some(inputs.clone());
    state.save(dir.path()).unwrap();
    assert_eq!(State::load(dir.path()).unwrap().inputs, Some(inputs));
}

/// A version-2 file as the wizard wrote it after all five steps: every kind of resource
/// there was then.
const V2: &str = include_str!("../../tests/fixtures/state-v2.toml");

/// The kinds a version-2 (and 3) file could hold: all but step 1's writer client and roles.
const V2_KINDS: [ResourceKey; 9] = [
    ResourceKey::ResourceServer,
    ResourceKey::TestClient,
    ResourceKey::ClientGrant,
    ResourceKey::RestApi,
    ResourceKey::Stage,
    ResourceKey::Role,
    ResourceKey::Function,
    ResourceKey::Authorizer,
    ResourceKey::SecuredMethods,
];

/// Version 4's kinds, as the wizard writes them after step 1's writer client and roles.
const V4_AUTH0: &str = r#"
[resources."auth0.writer_client"]
id = "wc1"
created = true
details = { name = "authgate PetStore (writer client)" }

[resources."auth0.writer_grant"]
id = "cgr_w"
created = true
details = { audience = "https://petstore.authgate.example", client_id = "wc1" }

[resources."auth0.reader_role"]
id = "rol_r"
created = false
details = { name = "pets-reader", permissions = "read:pets" }

[resources."auth0.writer_role"]
id = "rol_w"
created = true
details = { name = "pets-writer", permissions = "read:pets write:pets" }
"#;

/// The fixture's inputs: the defaults of their day, whose `access_token` dialect is kept.
fn v3_inputs() -> crate::state::Inputs {
    crate::state::Inputs {
        token_dialect: authgate_providers::auth0::TokenDialect::AccessToken,
        ..crate::state::Inputs::default()
    }
}

#[test]
fn a_version_3_state_loads_as_version_4_and_the_new_kinds_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let v3 = V2
        .replace("version = 2", "version = 3")
        .replace("ttl_secs = \"300\"", "ttl_secs = 300");
    std::fs::write(State::path(dir.path()), &v3).unwrap();
    let state = State::load(dir.path()).unwrap();
    assert_eq!(state.version, 4);
    assert_eq!(state.inputs, Some(v3_inputs()));
    std::fs::write(State::path(dir.path()), format!("{v3}{V4_AUTH0}")).unwrap();
    let state = State::load(dir.path()).unwrap();
    // Every kind but the login application and the web page's, which only the interactive
    // login and `authgate web` make, and step 4's browser record, which version 4 files
    // before it lack.
    assert_eq!(state.resources.iter().count(), ResourceKey::ALL.len() - 3);
    let reader = state.resources.reader_role.as_ref().unwrap();
    assert!(!reader.created);
    assert_eq!(reader.details.permissions, "read:pets");
    state.save(dir.path()).unwrap();
    assert_eq!(State::load(dir.path()).unwrap(), state);
}

#[test]
fn a_version_2_state_is_migrated_to_typed_records_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(State::path(dir.path()), V2).unwrap();
    let state = State::load(dir.path()).unwrap();
    assert_eq!(state.version, STATE_VERSION);
    assert_eq!(state.target, Some(Target::Sandbox));
    let r = &state.resources;
    assert_eq!(r.iter().count(), V2_KINDS.len(), "every kind kept");
    assert_eq!(r.authorizer.as_ref().unwrap().details.ttl_secs, 300);
    assert_eq!(r.stage.as_ref().unwrap().details.deployment_id, "d9x8w7");
    assert_eq!(r.rest_api.as_ref().unwrap().details.region, "us-east-1");
    assert!(!r.role.as_ref().unwrap().created);
    assert_eq!(r.secured_methods.as_ref().unwrap().id, "GET /pets");
    assert_eq!(state.inputs, Some(v3_inputs()));
    assert_eq!(state.actions.len(), 10);

    state.save(dir.path()).unwrap();
    let text = std::fs::read_to_string(State::path(dir.path())).unwrap();
    assert_eq!(State::load(dir.path()).unwrap(), state);
    assert!(text.starts_with("version = 4\n"), "{text}");
    assert!(text.contains("ttl_secs = 300\n"), "an integer now: {text}");
    for key in V2_KINDS {
        assert!(
            text.contains(&format!("[resources.\"{key}\"]")),
            "{key}: {text}"
        );
    }
}

#[test]
fn resource_keys_serialise_as_their_table_names() {
    let v4 = V2
        .replace("version = 2", "version = 4")
        .replace("ttl_secs = \"300\"", "ttl_secs = 300");
    let state: State = toml::from_str(&format!("{v4}{V4_AUTH0}")).unwrap();
    let table = toml::Table::try_from(&state.resources).unwrap();
    let names: Vec<&str> = table.keys().map(String::as_str).collect();
    let mut want: Vec<&str> = ResourceKey::ALL
        .iter()
        .filter(|k| {
            ![
                ResourceKey::LoginApp,
                ResourceKey::Cors,
                ResourceKey::SpaApp,
            ]
            .contains(k)
        })
        .map(|k| k.as_str())
        .collect();
    want.sort_unstable();
    assert_eq!(names, want);
    for key in ResourceKey::ALL {
        let json = serde_json::to_value(key).unwrap();
        assert_eq!(json, key.as_str());
        assert_eq!(serde_json::from_value::<ResourceKey>(json).unwrap(), key);
    }
}

#[test]
fn a_detail_the_kind_does_not_have_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = V2.replace(
        "arn = \"arn:aws:iam::000000000000:role/Auth0Integration\"",
        "arn = \"arn:aws:iam::000000000000:role/Auth0Integration\"\nclient_secret = \"s3cret\"",
    );
    std::fs::write(State::path(dir.path()), damaged).unwrap();
    let err = State::load(dir.path()).unwrap_err();
    assert!(err.to_string().contains("client_secret"), "{err}");
}
