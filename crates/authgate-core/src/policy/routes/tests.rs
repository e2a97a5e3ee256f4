use super::*;

const ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets";
const MAP: &str =
    r#"{"GET /pets":"read:pets","GET /pets/*":"read:pets","POST /pets":"write:pets"}"#;

fn arn(route: &str) -> String {
    format!("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/{route}")
}

#[test]
fn parses_and_finds_the_permission_of_a_route() {
    let map = RoutePermissions::parse(MAP).unwrap();
    assert_eq!(map.rules().len(), 3);
    assert_eq!(map.required_for(ARN), Some("read:pets"));
    assert_eq!(map.required_for(&arn("GET/pets/1")), Some("read:pets"));
    assert_eq!(map.required_for(&arn("POST/pets")), Some("write:pets"));
    assert_eq!(
        map.required_for(&arn("GET/pets/1/photos")),
        None,
        "one segment"
    );
    assert_eq!(
        map.required_for(&arn("GET/pets/")),
        None,
        "an empty segment"
    );
    assert_eq!(map.required_for(&arn("DELETE/pets/1")), None);
    assert_eq!(map.required_for(&arn("GET/")), None);
    assert_eq!(map.required_for("not-an-arn"), None);
    assert_eq!(map.to_env_json(), MAP, "keys in byte order, compact");
    assert_eq!(RoutePermissions::parse(&map.to_env_json()).unwrap(), map);
}

#[test]
fn the_most_specific_rule_wins_and_any_verb_and_root_work() {
    let map =
        RoutePermissions::parse(r#"{"* /pets/*":"any","GET /pets/mine":"mine","GET /":"root"}"#)
            .unwrap();
    assert_eq!(map.required_for(&arn("GET/pets/mine")), Some("mine"));
    assert_eq!(map.required_for(&arn("PATCH/pets/1")), Some("any"));
    assert_eq!(map.required_for(&arn("GET/")), Some("root"));
    assert_eq!(map.rule_for(&arn("GET/")).unwrap().key(), "GET /");
}

#[test]
fn the_builder_turns_path_parameters_into_wildcards() {
    let map = RoutePermissions::from_routes([
        ("POST", "/pets", "write:pets"),
        ("GET", "/pets/{petId}", "read:pets"),
        ("GET", "/pets", "read:pets"),
    ])
    .unwrap();
    assert_eq!(map.to_env_json(), MAP);
    let twice = RoutePermissions::from_routes([("GET", "/pets", "a"), ("GET", "/pets", "b")]);
    assert!(matches!(twice, Err(RoutePermissionsError::Key { .. })));
    let same = RoutePermissions::from_routes([("GET", "/pets", "a"), ("GET", "/pets", "a")]);
    assert_eq!(same.unwrap().rules().len(), 1);
}

#[test]
fn refuses_what_the_authorizer_refuses() {
    use RoutePermissionsError as E;
    let cases: [(&str, fn(&E) -> bool); 14] = [
        ("{", |e| matches!(e, E::NotJson(_))),
        ("", |e| matches!(e, E::NotJson(_))),
        (r#"["GET /pets"]"#, |e| matches!(e, E::NotAnObject)),
        ("null", |e| matches!(e, E::NotAnObject)),
        ("{}", |e| matches!(e, E::Empty)),
        (r#"{"GET /pets":["read:pets"]}"#, |e| {
            matches!(e, E::Value { .. })
        }),
        (r#"{"GET /pets":""}"#, |e| matches!(e, E::Value { .. })),
        (r#"{"GET /pets":"read pets"}"#, |e| {
            matches!(e, E::Value { .. })
        }),
        (r#"{"GET  /pets":"r"}"#, |e| matches!(e, E::Key { .. })),
        (r#"{"get /pets":"r"}"#, |e| matches!(e, E::Key { .. })),
        (r#"{"GET pets":"r"}"#, |e| matches!(e, E::Key { .. })),
        (r#"{"GET /pets/":"r"}"#, |e| matches!(e, E::Key { .. })),
        (r#"{"GET /pe*":"r"}"#, |e| matches!(e, E::Key { .. })),
        (r#"{"GET /pets/{id}":"r"}"#, |e| matches!(e, E::Key { .. })),
    ];
    for (json, expected) in cases {
        let error = RoutePermissions::parse(json).unwrap_err();
        assert!(expected(&error), "{json}: {error:?}");
        assert!(!crate::hint::Hint::fix(&error).is_empty());
    }
}
