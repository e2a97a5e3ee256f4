//! The inputs' defaults, validation and TOML round trip, with your own authorizer's fields.

use super::*;

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
