//! The inputs' defaults, validation and TOML round trip, with your own authorizer's fields.

use super::*;
use authgate_providers::auth0::TokenDialect;

#[test]
fn defaults_are_the_tutorials() {
    let i = Inputs::default();
    assert_eq!(i.role_name, "Auth0Integration");
    assert_eq!(i.function_name, "jwtRsaCustomAuthorizer");
    assert_eq!(i.authorizer_name, "jwt-rsa-custom-authorizer");
    assert_eq!(i.stage_name, "test");
    assert_eq!(i.get(Field::Ttl), "300");
}

#[test]
fn invalid_values_are_refused_and_change_nothing() {
    let mut i = Inputs::default();
    assert!(i.set(Field::ApiIdentifier, "not a url").is_err());
    assert!(i.set(Field::Ttl, "3601").is_err());
    assert!(i.set(Field::Ttl, "ten").is_err());
    let negative = i.set(Field::Ttl, "-1").unwrap_err().to_string();
    assert!(
        negative.contains("negative"),
        "not read as cache off: {negative}"
    );
    assert!(
        i.set(Field::StageName, "my stage")
            .unwrap_err()
            .to_string()
            .contains('`')
    );
    assert!(i.set(Field::PolicyScope, "everything").is_err());
    assert_eq!(i, Inputs::default());
    i.set(Field::Ttl, " 0 ").unwrap();
    i.set(Field::PolicyScope, "method").unwrap();
    i.set(Field::SecureScope, "all-but-options").unwrap();
    assert_eq!(i.ttl_secs, 0);
    assert_eq!(i.policy_scope, PolicyScope::Method);
    assert_eq!(i.get(Field::SecureScope), "all-but-options");
}

#[test]
fn every_choice_is_accepted_by_set() {
    let mut i = Inputs::default();
    // The runtime choices apply to your own code.
    i.set(Field::AuthorizerCode, "authorizer/").unwrap();
    for step in 0..5 {
        for field in Inputs::fields_of_step(step) {
            for choice in field.choices() {
                i.set(*field, choice).unwrap();
                assert_eq!(i.get(*field), *choice);
            }
        }
    }
}

#[test]
fn inputs_round_trip_through_toml() {
    let i = Inputs::default();
    let text = toml::to_string(&i).unwrap();
    assert!(
        !text.contains("authorizer]"),
        "the bundled default writes nothing: {text}"
    );
    assert_eq!(toml::from_str::<Inputs>(&text).unwrap(), i);
}

#[test]
fn byo_the_custom_authorizer_fields_round_trip_and_need_code_first() {
    let mut i = Inputs::default();
    assert_eq!(
        i.set(Field::AuthorizerHandler, "app.handler"),
        Err(InputError::NeedsCode)
    );
    assert_eq!(
        i.set(Field::AuthorizerRuntime, "python3.13"),
        Err(InputError::NeedsCode)
    );
    i.set(Field::AuthorizerCode, "/srv/authorizer").unwrap();
    i.set(Field::AuthorizerHandler, "app.handler").unwrap();
    i.set(Field::AuthorizerRuntime, "python3.13").unwrap();
    assert_eq!(
        i.set(Field::AuthorizerHandler, "app handler"),
        Err(InputError::Handler)
    );
    assert!(i.set(Field::AuthorizerRuntime, "java21").is_err());
    assert_eq!(i.get(Field::AuthorizerCode), "/srv/authorizer");
    let text = toml::to_string(&i).unwrap();
    assert!(text.contains("[authorizer]"), "{text}");
    assert_eq!(toml::from_str::<Inputs>(&text).unwrap(), i);
    // The same path keeps the choices; another one detects again; `bundled` clears all.
    i.set(Field::AuthorizerCode, "/srv/authorizer").unwrap();
    assert_eq!(i.get(Field::AuthorizerRuntime), "python3.13");
    i.set(Field::AuthorizerCode, "/srv/other.zip").unwrap();
    assert_eq!(i.get(Field::AuthorizerHandler), DETECT);
    i.set(Field::AuthorizerCode, BUNDLED).unwrap();
    assert_eq!(i, Inputs::default());
}

#[test]
fn the_access_defaults_are_rbac_with_permissions_in_the_token() {
    let i = Inputs::default();
    assert_eq!(i.get(Field::TokenDialect), "access_token_authz");
    assert_eq!(i.get(Field::Rbac), "on");
    assert_eq!(
        i.get(Field::ApiPermissions),
        "read:pets=Read the pets, write:pets=Add pets"
    );
    assert_eq!(i.get(Field::TestClientPermissions), "read:pets");
}

#[test]
fn a_granted_permission_must_be_one_the_api_defines() {
    let mut i = Inputs::default();
    let err = i
        .set(Field::TestClientPermissions, "read:pets delete:pets")
        .unwrap_err();
    assert!(
        matches!(&err, InputError::NotDefined { name, .. } if name == "delete:pets"),
        "{err:?}"
    );
    assert!(
        err.fix()
            .contains("add `delete:pets` to the API's permissions")
    );
    // Defining it first makes the grant valid; dropping it while granted is refused.
    i.set(
        Field::ApiPermissions,
        "read:pets=Read the pets, write:pets=Add pets, delete:pets=Remove pets",
    )
    .unwrap();
    i.set(Field::TestClientPermissions, "read:pets, delete:pets")
        .unwrap();
    assert_eq!(i.test_client_permissions, ["read:pets", "delete:pets"]);
    let err = i.set(Field::ApiPermissions, "read:pets").unwrap_err();
    assert_eq!(
        err,
        InputError::StillGranted {
            name: "delete:pets".into()
        }
    );
    i.set(Field::TestClientPermissions, "").unwrap();
    i.set(Field::ApiPermissions, "read:pets").unwrap();
    assert_eq!(i.api_names(), ["read:pets"]);
}

#[test]
fn rbac_off_and_an_authz_dialect_exclude_each_other() {
    let mut i = Inputs::default();
    let err = i.set(Field::Rbac, "off").unwrap_err();
    assert!(
        matches!(err, InputError::DialectNeedsRbac { .. }),
        "{err:?}"
    );
    i.set(Field::TokenDialect, "access_token").unwrap();
    i.set(Field::Rbac, "off").unwrap();
    assert!(i.set(Field::TokenDialect, "rfc9068_profile_authz").is_err());
    assert_eq!(i.get(Field::TokenDialect), "access_token");
}

#[test]
fn the_permission_settings_round_trip_through_toml() {
    let mut i = Inputs::default();
    i.set(Field::ApiPermissions, "read:pets=Read, write:pets")
        .unwrap();
    let text = toml::to_string(&i).unwrap();
    assert_eq!(toml::from_str::<Inputs>(&text).unwrap(), i);
    // A version-3 inputs table has none of them: the defaults fill in, its dialect stays.
    let old: Inputs = toml::from_str("token_dialect = \"access_token\"\n").unwrap();
    assert_eq!(old.api_permissions, Inputs::default().api_permissions);
    assert_eq!(old.token_dialect, TokenDialect::AccessToken);
    assert!(old.rbac);
}
