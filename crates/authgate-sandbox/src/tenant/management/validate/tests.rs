use serde_json::json;

use super::super::schema::{
    CLIENT_GRANT_CREATE, CLIENT_UPDATE, RESOURCE_SERVER_CREATE, RESOURCE_SERVER_UPDATE,
    ROLE_PERMISSIONS, USER_UPDATE,
};
use super::message;

#[test]
fn an_unknown_property_is_refused_in_auth0s_words() {
    let body = json!({ "identifier": "https://pets", "bogus": 1 });
    assert_eq!(
        message(&RESOURCE_SERVER_CREATE, &body).unwrap(),
        "Payload validation error: 'Additional properties not allowed: bogus'."
    );
    let two = json!({ "identifier": "https://pets", "b": 1, "a": 2 });
    let text = message(&RESOURCE_SERVER_CREATE, &two).unwrap();
    assert!(
        text.contains("Additional properties not allowed: "),
        "{text}"
    );
    assert!(text.contains('a') && text.contains(','), "{text}");
    // The identifier cannot be changed, so PATCH does not know it (as on Auth0).
    assert_eq!(
        message(&RESOURCE_SERVER_UPDATE, &json!({ "identifier": "x" })).unwrap(),
        "Payload validation error: 'Additional properties not allowed: identifier'."
    );
}

#[test]
fn missing_and_mistyped_properties_name_the_property() {
    assert_eq!(
        message(&RESOURCE_SERVER_CREATE, &json!({ "name": "Pets" })).unwrap(),
        "Payload validation error: 'Missing required property: identifier'."
    );
    let scopes = json!({ "identifier": "https://pets", "scopes": "x" });
    assert_eq!(
        message(&RESOURCE_SERVER_CREATE, &scopes).unwrap(),
        "Payload validation error: 'Expected type array but found type string' on property scopes."
    );
    let nested = json!({ "identifier": "i", "scopes": [{ "value": "a" }, { "value": 1 }] });
    assert_eq!(
        message(&RESOURCE_SERVER_CREATE, &nested).unwrap(),
        "Payload validation error: 'Expected type string but found type integer' on property scopes[1].value."
    );
    let extra = json!({ "identifier": "i", "scopes": [{ "value": "a", "x": true }] });
    assert_eq!(
        message(&RESOURCE_SERVER_CREATE, &extra).unwrap(),
        "Payload validation error: 'Additional properties not allowed: x' on property scopes[0]."
    );
    let lifetime = json!({ "identifier": "i", "token_lifetime": 1.5 });
    assert!(
        message(&RESOURCE_SERVER_CREATE, &lifetime)
            .unwrap()
            .contains("'Expected type integer but found type number' on property token_lifetime.")
    );
    let top = json!(["identifier"]);
    assert_eq!(
        message(&RESOURCE_SERVER_CREATE, &top).unwrap(),
        "Payload validation error: 'Expected type object but found type array'."
    );
}

#[test]
fn enums_and_nullable_properties_follow_the_definition() {
    let dialect = json!({ "identifier": "i", "token_dialect": "jwt" });
    assert_eq!(
        message(&RESOURCE_SERVER_CREATE, &dialect).unwrap(),
        "Payload validation error: 'No enum match for: jwt' on property token_dialect."
    );
    for d in [
        "access_token",
        "access_token_authz",
        "rfc9068_profile",
        "rfc9068_profile_authz",
    ] {
        let ok = json!({ "identifier": "i", "token_dialect": d, "enforce_policies": true });
        assert!(message(&RESOURCE_SERVER_CREATE, &ok).is_none(), "{d}");
    }
    assert!(message(&USER_UPDATE, &json!({ "name": null })).is_none());
    assert_eq!(
        message(&USER_UPDATE, &json!({ "name": 3 })).unwrap(),
        "Payload validation error: 'Expected type string,null but found type integer' on property name."
    );
    assert!(
        message(
            &CLIENT_UPDATE,
            &json!({ "token_endpoint_auth_method": null })
        )
        .is_none()
    );
}

#[test]
fn grants_and_permissions_require_what_auth0_requires() {
    assert_eq!(
        message(&CLIENT_GRANT_CREATE, &json!({ "client_id": "c" })).unwrap(),
        "Payload validation error: 'Missing required property: audience'."
    );
    let ok = json!({ "client_id": "c", "audience": "a", "scope": ["read:pets"] });
    assert!(message(&CLIENT_GRANT_CREATE, &ok).is_none());
    let half = json!({ "permissions": [{ "permission_name": "read:pets" }] });
    assert_eq!(
        message(&ROLE_PERMISSIONS, &half).unwrap(),
        "Payload validation error: 'Missing required property: resource_server_identifier' on property permissions[0]."
    );
}
