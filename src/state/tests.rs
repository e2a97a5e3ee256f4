use super::*;
use crate::hint::Hint;

fn sample() -> State {
    let mut state = State::new();
    state.target = Some("sandbox".into());
    state.verifier = Some(VerifierSettings {
        issuer: "http://127.0.0.1:4566/".into(),
        audience: "https://petstore.authgate.example".into(),
        jwks_uri: "http://127.0.0.1:4566/.well-known/jwks.json".into(),
    });
    state.resources.insert(
        "auth0.test_client".into(),
        Resource {
            id: "abc123".into(),
            created: true,
            details: BTreeMap::new(),
        },
    );
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
        "version = 1\ntarget = \"sandbox\"\n[resources.\"aws.role\"]\nid = \"Auth0Integration\"\ncreated = true\n",
    )
    .unwrap();
    let mut state = State::load(dir.path()).unwrap();
    assert_eq!(state.version, 2);
    assert!(state.resources["aws.role"].created);
    assert_eq!(state.inputs, None);
    let inputs = crate::flow::Inputs {
        ttl_secs: 0,
        ..crate::flow::Inputs::default()
    };
    state.inputs = Some(inputs.clone());
    state.save(dir.path()).unwrap();
    assert_eq!(State::load(dir.path()).unwrap().inputs, Some(inputs));
}
