//! The Management API's roles and users over HTTP, as curl or auth0-cli would call them:
//! the codes and bodies Auth0 answers, the seeded users and roles, and payload validation.

// Test helpers panic on what they cannot set up, with the reason as the message.
#![allow(clippy::expect_used)]

use authgate_sandbox::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET, SEED_PASSWORD};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

struct Tenant {
    base: String,
    token: String,
    http: Client,
}

impl Tenant {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, format!("{}/api/v2{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

async fn tenant(base: &str) -> Tenant {
    let http = authgate_core::http::client();
    let grant: Value = http
        .post(format!("{base}/oauth/token"))
        .json(&json!({
            "grant_type": "client_credentials", "client_id": MANAGEMENT_CLIENT_ID,
            "client_secret": MANAGEMENT_CLIENT_SECRET, "audience": format!("{base}/api/v2/"),
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    Tenant {
        base: base.to_owned(),
        token: grant["access_token"].as_str().unwrap().to_owned(),
        http,
    }
}

#[tokio::test]
async fn roles_users_and_permissions_answer_as_auth0_does() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = authgate_sandbox::server::start(dir.path(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let t = tenant(sandbox.base_url()).await;
    let api = "https://pets.authgate.test";
    let (status, _) = t
        .call(
            Method::POST,
            "/resource-servers",
            Some(json!({ "identifier": api, "name": "Pets",
                "scopes": [{ "value": "read:pets", "description": "Read pets" }],
                "enforce_policies": true, "token_dialect": "access_token_authz" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, roles) = t.call(Method::GET, "/roles?name_filter=PETS", None).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pets-reader", "pets-writer"]);
    let reader_role = roles[0]["id"].as_str().unwrap().to_owned();

    let grant = json!({ "permissions": [
        { "resource_server_identifier": api, "permission_name": "read:pets" }] });
    let path = format!("/roles/{reader_role}/permissions");
    let (status, body) = t.call(Method::POST, &path, Some(grant.clone())).await;
    assert_eq!((status, body), (StatusCode::CREATED, json!({})));
    let (_, listed) = t
        .call(Method::GET, &format!("{path}?include_totals=true"), None)
        .await;
    assert_eq!(
        listed,
        json!({ "permissions": [{ "permission_name": "read:pets", "description": "Read pets",
            "resource_server_name": "Pets", "resource_server_identifier": api }],
            "start": 0, "limit": 50, "total": 1 })
    );

    let (_, users) = t.call(Method::GET, "/users", None).await;
    let reader = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "reader@authgate.test")
        .unwrap();
    let reader_id = reader["user_id"].as_str().unwrap().to_owned();
    assert!(reader_id.starts_with("auth0|"));
    assert_eq!(
        reader["identities"][0]["connection"],
        "Username-Password-Authentication"
    );
    let encoded = reader_id.replace('|', "%7C");
    let (_, effective) = t
        .call(Method::GET, &format!("/users/{encoded}/permissions"), None)
        .await;
    assert_eq!(effective[0]["permission_name"], "read:pets");
    assert_eq!(effective[0]["sources"][0]["source_type"], "ROLE");
    assert_eq!(effective[0]["sources"][0]["source_name"], "pets-reader");

    let (status, body) = t.call(Method::DELETE, &path, Some(grant)).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));

    sandbox.shutdown().await;
}

#[tokio::test]
async fn payloads_are_validated_before_anything_changes() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = authgate_sandbox::server::start(dir.path(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let t = tenant(sandbox.base_url()).await;
    let (status, body) = t
        .call(
            Method::POST,
            "/resource-servers",
            Some(json!({ "identifier": "https://x", "bogus": 1 })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({ "statusCode": 400, "error": "Bad Request",
            "message": "Payload validation error: 'Additional properties not allowed: bogus'.",
            "errorCode": "invalid_body" })
    );
    let (_, list) = t.call(Method::GET, "/resource-servers", None).await;
    assert_eq!(list, json!([]));
    let (_, body) = t
        .call(Method::POST, "/roles", Some(json!({ "description": "d" })))
        .await;
    assert_eq!(
        body["message"],
        "Payload validation error: 'Missing required property: name'."
    );
    let (_, body) = t
        .call(
            Method::POST,
            "/users",
            Some(json!({ "connection": "Username-Password-Authentication", "email": "e@x.test" })),
        )
        .await;
    assert_eq!(
        body["message"],
        "Payload validation error: 'Missing required property: password'."
    );
    let (status, body) = t
        .call(
            Method::PATCH,
            "/clients/none",
            Some(json!({ "client_id": "x" })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["message"],
        "Payload validation error: 'Additional properties not allowed: client_id'."
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn users_are_created_hashed_assigned_and_unassigned() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = authgate_sandbox::server::start(dir.path(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let t = tenant(sandbox.base_url()).await;
    let (_, roles) = t
        .call(Method::GET, "/roles?name_filter=pets-reader", None)
        .await;
    let reader_role = roles[0]["id"].as_str().unwrap().to_owned();
    let new_user = json!({ "connection": "Username-Password-Authentication",
        "email": "Ada@authgate.test", "password": "not-in-the-file", "name": "Ada" });
    let (status, ada) = t.call(Method::POST, "/users", Some(new_user.clone())).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (ada["email"].as_str(), ada.get("password")),
        (Some("ada@authgate.test"), None)
    );
    let (status, body) = t.call(Method::POST, "/users", Some(new_user)).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::CONFLICT, Some("The user already exists."))
    );
    let stored = std::fs::read_to_string(dir.path().join("tenant.json")).unwrap();
    assert!(!stored.contains("not-in-the-file") && !stored.contains(SEED_PASSWORD));

    let ada_id = ada["user_id"].as_str().unwrap().replace('|', "%7C");
    let roles_path = format!("/users/{ada_id}/roles");
    let (status, _) = t
        .call(
            Method::POST,
            &roles_path,
            Some(json!({ "roles": [reader_role] })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, members) = t
        .call(Method::GET, &format!("/roles/{reader_role}/users"), None)
        .await;
    // reader and writer were seeded with pets-reader; Ada now has it too.
    assert_eq!(members.as_array().unwrap().len(), 3, "{members}");

    let (status, body) = t
        .call(Method::DELETE, &format!("/roles/{reader_role}"), None)
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));
    let (status, body) = t
        .call(Method::GET, &format!("/roles/{reader_role}"), None)
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::NOT_FOUND,
            json!({ "statusCode": 404, "error": "Not Found", "message": "The role does not exist." })
        )
    );
    let (_, left) = t.call(Method::GET, &roles_path, None).await;
    assert_eq!(left, json!([]));
    sandbox.shutdown().await;
}
