use serde_json::json;

use super::observations;

const API: &str = "https://petstore.example";

fn codes(claims: &serde_json::Value, audience: Option<&str>) -> Vec<&'static str> {
    observations(claims, audience)
        .iter()
        .map(|o| o.code)
        .collect()
}

#[test]
fn an_id_token_is_recognised_with_the_fix() {
    let id_token = json!({
        "iss": "https://tenant.example/", "sub": "auth0|64f1", "aud": "kq3Z8yE2bWQ9xN7pR1mT4vC6sD0fH5jL",
        "nonce": "n-0S6_WzA2Mj", "at_hash": "HK6E_P6Dh8Y93mRNtsDB1Q", "name": "Pat", "exp": 1, "iat": 0,
    });
    let found = observations(&id_token, Some(API));
    assert_eq!(found[0].code, "id_token_as_access_token");
    assert!(found[0].problem);
    assert!(
        found[0].what.contains("`kq3Z8yE2bWQ9xN7pR1mT4vC6sD0fH5jL`"),
        "{}",
        found[0].what
    );
    assert!(found[0].what.contains("nonce and at_hash"));
    let fix = found[0].fix.as_deref().unwrap();
    assert!(fix.contains("send the access token"));
    assert!(fix.contains(&format!("audience={API}")), "{fix}");
    assert_eq!(
        codes(&id_token, Some(API)),
        ["id_token_as_access_token", "user_subject"]
    );
    // Without a known audience the fix names the placeholder; an array aud of one works too.
    let mut one = id_token.clone();
    one["aud"] = json!(["kq3Z8yE2bWQ9xN7pR1mT4vC6sD0fH5jL"]);
    one.as_object_mut().unwrap().remove("at_hash");
    let found = observations(&one, None);
    assert!(
        found[0]
            .fix
            .as_deref()
            .unwrap()
            .contains("audience=<API identifier>")
    );
}

/// The device flow's ID token: aud the client id, no scope, profile claims, and neither a
/// `nonce` nor an `at_hash`. It is an ID token, not a user token missing its RBAC permissions.
#[test]
fn an_id_token_without_nonce_or_at_hash_is_recognised_by_its_profile_claims() {
    let id_token = json!({
        "iss": "https://tenant.example/", "sub": "auth0|64f1", "aud": "kq3Z8yE2bWQ9xN7pR1mT4vC6sD0fH5jL",
        "email": "writer@authgate.test", "name": "Writer", "exp": 1, "iat": 0,
    });
    let found = observations(&id_token, Some(API));
    assert_eq!(found[0].code, "id_token_as_access_token");
    assert!(
        found[0].what.contains("email and name (profile claims)"),
        "{}",
        found[0].what
    );
    assert_eq!(
        codes(&id_token, Some(API)),
        ["id_token_as_access_token", "user_subject"],
        "no advice to turn on RBAC for an ID token"
    );
    // A user's access token for the API with profile claims (a rule added them) is not one.
    let access = json!({"sub": "auth0|64f1", "aud": [API, "https://tenant.example/userinfo"],
        "scope": "openid read:pets", "email": "writer@authgate.test"});
    assert!(!codes(&access, Some(API)).contains(&"id_token_as_access_token"));
}

#[test]
fn access_tokens_are_not_taken_for_id_tokens() {
    let m2m = json!({"sub": "abc@clients", "aud": API, "scope": "read:pets", "azp": "abc"});
    assert_eq!(codes(&m2m, Some(API)), ["client_subject"]);
    // An API identifier without a scheme, expected as the audience: not a client id.
    let plain = json!({"sub": "abc@clients", "aud": "petstore", "nonce": "x", "scope": "a"});
    assert_eq!(codes(&plain, Some("petstore")), ["client_subject"]);
    assert!(observations(&json!(null), None).is_empty());
}

#[test]
fn explains_permissions_and_scope_and_the_kinds_of_subject() {
    let user = json!({"sub": "google-oauth2|1234", "aud": [API, "https://tenant.example/userinfo"],
                      "scope": "openid profile", "permissions": ["read:pets"]});
    let found = observations(&user, Some(API));
    assert_eq!(found[0].code, "user_subject");
    assert!(found[0].what.contains("`google-oauth2` connection"));
    assert_eq!(found[1].code, "permissions_and_scope");
    assert!(found[1].what.contains("access_token_authz"));
    assert!(found[1].what.contains("union"));
    let no_rbac = json!({"sub": "auth0|1", "aud": API, "scope": "openid"});
    let found = observations(&no_rbac, Some(API));
    assert_eq!(found[1].code, "user_without_permissions");
    assert!(
        found[1]
            .fix
            .as_deref()
            .unwrap()
            .contains("token_dialect: access_token_authz")
    );
    let client = observations(&json!({"sub": "abc@clients", "permissions": []}), None);
    assert_eq!(client[0].code, "client_subject");
    assert!(client[0].what.contains("`scope`"));
    assert_eq!(client[1].code, "permissions_and_scope");
}
