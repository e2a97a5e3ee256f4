//! Step 1's permissions against the sandbox tenant: the API's scopes, RBAC and dialect, the
//! test client's read-only grant, the writer client, the roles, their drift and teardown.

use super::*;
use authgate_providers::auth0::{ApiPermission, ensure_client_grant, ensure_role};

/// A role's permission names on `audience`, read with the Management API.
async fn role_permissions(h: &SandboxHandle, id: &str, audience: &str) -> Vec<String> {
    let list = raw(
        h,
        reqwest::Method::GET,
        &format!("/api/v2/roles/{id}/permissions"),
        &Value::Null,
    )
    .await;
    let mut names: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["resource_server_identifier"] == audience)
        .map(|p| p["permission_name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_api_defines_permissions_and_each_client_gets_its_share() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    let spec = ProvisionSpec::default();
    let p = provision(&m, &spec).await.unwrap();
    let api = &p.api.value;
    assert_eq!(api.scopes, authgate_providers::auth0::default_permissions());
    assert_eq!(api.enforce_policies, Some(true));
    assert_eq!(api.token_dialect.as_deref(), Some("access_token_authz"));
    assert_eq!(p.grant.value.scope, ["read:pets"]);
    assert!(p.writer_client.created && p.writer_grant.created);
    assert_ne!(
        p.writer_client.value.client_id,
        p.test_client.value.client_id
    );
    assert_eq!(p.writer_grant.value.scope, ["read:pets", "write:pets"]);
    // The sandbox seeds both roles (without permissions): found, then given theirs.
    let names: Vec<(&str, bool)> = p
        .roles
        .iter()
        .map(|r| (r.value.name.as_str(), r.created))
        .collect();
    assert_eq!(names, [("pets-reader", false), ("pets-writer", false)]);
    let audience = &spec.api.identifier;
    assert_eq!(p.roles[0].patched, ["permissions"]);
    assert_eq!(
        role_permissions(&h, &p.roles[0].value.id, audience).await,
        ["read:pets"]
    );
    assert_eq!(
        role_permissions(&h, &p.roles[1].value.id, audience).await,
        ["read:pets", "write:pets"]
    );

    let verifier = crate::support::management::tenant_verifier(m.tenant(), audience);
    let fetch = |client| fetch_test_token(m.http(), m.tenant(), client, audience, &verifier);
    let read_only = fetch(&p.test_client.value).await.unwrap().inspection;
    assert_eq!(read_only.claims["scope"], "read:pets");
    let writer = fetch(&p.writer_client.value).await.unwrap().inspection;
    assert!(writer.all_passed(), "{:?}", writer.checks);
    assert_eq!(writer.claims["scope"], "read:pets write:pets");

    // A rerun finds every object again and changes nothing.
    let again = provision(&m, &spec).await.unwrap();
    assert!(!again.writer_client.created && !again.writer_grant.created);
    assert_eq!(
        again.writer_client.value.client_id,
        p.writer_client.value.client_id
    );
    assert!(
        again
            .roles
            .iter()
            .all(|r| !r.created && r.patched.is_empty())
    );
    assert!(again.api.patched.is_empty() && again.grant.patched.is_empty());
}

#[tokio::test]
async fn a_rerun_corrects_permission_drift_on_the_api_grants_and_roles() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    let spec = ProvisionSpec::default();
    let audience = spec.api.identifier.clone();
    let p = provision(&m, &spec).await.unwrap();
    let patch = reqwest::Method::PATCH;
    raw(
        &h,
        patch.clone(),
        &format!("/api/v2/resource-servers/{}", p.api.value.id),
        &json!({ "enforce_policies": false, "token_dialect": "access_token",
                 "scopes": [{ "value": "read:pets", "description": "old words" }] }),
    )
    .await;
    raw(
        &h,
        patch,
        &format!("/api/v2/client-grants/{}", p.writer_grant.value.id),
        &json!({ "scope": ["read:pets"] }),
    )
    .await;
    let reader = &p.roles[0].value.id;
    let permission = |name: &str| json!({ "permissions": [{ "resource_server_identifier": audience, "permission_name": name }] });
    let roles_path = format!("/api/v2/roles/{reader}/permissions");
    raw(
        &h,
        reqwest::Method::DELETE,
        &roles_path,
        &permission("read:pets"),
    )
    .await;

    let second = provision(&m, &spec).await.unwrap();
    assert_eq!(
        second.api.patched,
        ["enforce_policies", "scopes", "token_dialect"]
    );
    assert_eq!(second.api.value.scopes, spec.api.permissions);
    assert_eq!(second.writer_grant.patched, ["scope"]);
    assert_eq!(second.roles[0].patched, ["permissions"]);
    assert_eq!(role_permissions(&h, reader, &audience).await, ["read:pets"]);

    // A permission the reader should not hold is taken away again.
    raw(
        &h,
        reqwest::Method::POST,
        &roles_path,
        &permission("write:pets"),
    )
    .await;
    let third = provision(&m, &spec).await.unwrap();
    assert_eq!(third.roles[0].patched, ["permissions"]);
    assert_eq!(role_permissions(&h, reader, &audience).await, ["read:pets"]);
}

#[tokio::test]
async fn a_grant_for_a_permission_the_api_lacks_is_refused_as_auth0_does() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    let mut spec = ProvisionSpec::default();
    spec.api.permissions = vec![ApiPermission::new("read:pets", "Read the pets")];
    let p = provision(&m, &spec).await.unwrap();
    assert_eq!(p.writer_grant.value.scope, ["read:pets"]);
    assert!(
        role_permissions(&h, &p.roles[1].value.id, &spec.api.identifier).await == ["read:pets"]
    );
    let err = ensure_client_grant(
        &m,
        &p.test_client.value.client_id,
        &spec.api.identifier,
        &["read:pets".into(), "write:pets".into()],
    )
    .await
    .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(err.to_string().contains("scope"), "{err}");
}

#[tokio::test]
async fn teardown_deletes_the_writer_client_and_only_the_roles_authgate_created() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    let spec = ProvisionSpec::default();
    // Without the seeded writer role, step 1 creates it.
    let seeded = provision(&m, &spec).await.unwrap();
    let writer_role = &seeded.roles[1].value.id;
    raw(
        &h,
        reqwest::Method::DELETE,
        &format!("/api/v2/roles/{writer_role}"),
        &Value::Null,
    )
    .await;
    let roles = RoleSpec::for_api(&spec.api.permissions);
    let created = ensure_role(&m, &roles[1], &spec.api.identifier)
        .await
        .unwrap();
    assert!(created.created && created.patched.is_empty());
    let mut p = provision(&m, &spec).await.unwrap();
    assert!(!p.roles[1].created, "found on the rerun");
    p.roles[1] = created;
    let mut plan = p.teardown_plan();
    plan.writer_grant.as_mut().unwrap().created = true;
    plan.writer_client.as_mut().unwrap().created = true;
    let report = teardown(&m, &plan, false).await.unwrap();
    assert_eq!(report.roles, [Removal::KeptReused, Removal::Deleted]);
    assert_eq!(
        (report.writer_grant, report.writer_client),
        (Some(Removal::Deleted), Some(Removal::Deleted))
    );
    let again = teardown(&m, &plan, false).await.unwrap();
    assert_eq!(again.roles, [Removal::KeptReused, Removal::AlreadyGone]);
    // Deleting a client that is gone answers 204 (as the test client's teardown test shows),
    // so the grant is where a second teardown sees it.
    assert_eq!(again.writer_grant, Some(Removal::AlreadyGone));
}
