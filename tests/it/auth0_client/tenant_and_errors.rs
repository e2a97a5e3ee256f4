//! `/oauth/token` error mapping, the sandbox's wire behaviour, restart, key rotation, teardown.

use super::*;

#[tokio::test]
async fn oauth_token_errors_map_to_causes_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let http = authgate_core::http::client();
    let t = tenant_of(&h);
    // Wrong management secret: 401 access_denied.
    let wrong = ClientCredentials {
        client_id: MANAGEMENT_CLIENT_ID.into(),
        client_secret: Secret::new("nope"),
    };
    let err = client_credentials(
        &http,
        &t,
        &wrong,
        &t.management_audience(),
        TokenFor::Management,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Auth0Error::TokenRefused { status: 401, error, .. } if error == "access_denied"),
        "{err:?}"
    );
    assert!(err.fix().contains("AUTH0_CLIENT_SECRET"));
    let m = management(&h, Arc::new(Silent)).await;
    let spec = ProvisionSpec::default();
    let p = provision(&m, &spec).await.unwrap();
    let test = ClientCredentials {
        client_id: p.test_client.value.client_id.clone(),
        client_secret: p.test_client.value.secret.clone(),
    };
    // An audience that is no API ("Service not found"), and an API without a grant.
    for audience in [
        "https://no-such-api.example",
        "https://second.authgate.example",
    ] {
        if audience.starts_with("https://second") {
            raw(
                &h,
                reqwest::Method::POST,
                "/api/v2/resource-servers",
                &json!({ "name": "second", "identifier": audience }),
            )
            .await;
        }
        let err = client_credentials(&http, &t, &test, audience, TokenFor::TestClient)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Auth0Error::TokenRefused { status: 403, error, .. } if error == "access_denied"),
            "{err:?}"
        );
        assert!(
            err.fix().contains("client grant") && err.fix().contains("Rerun step 1"),
            "{}",
            err.fix()
        );
    }
    // The management app asking for the test API: the Management-specific fix.
    let err = client_credentials(
        &http,
        &t,
        &creds(),
        &spec.api.identifier,
        TokenFor::Management,
    )
    .await
    .unwrap_err();
    assert!(
        err.fix().contains("Machine to Machine Applications"),
        "{}",
        err.fix()
    );
    // A client without the client_credentials grant type: 403 unauthorized_client.
    let path = format!("/api/v2/clients/{}", test.client_id);
    raw(
        &h,
        reqwest::Method::PATCH,
        &path,
        &json!({ "grant_types": ["authorization_code"] }),
    )
    .await;
    let err = client_credentials(&http, &t, &test, &spec.api.identifier, TokenFor::TestClient)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Auth0Error::TokenRefused { status: 403, error, .. } if error == "unauthorized_client")
    );
    assert!(err.fix().contains("Client Credentials"));
    // The secret is not part of any error text.
    assert!(!format!("{err:?} {err}").contains(test.client_secret.expose()));
}

#[tokio::test]
async fn a_restart_keeps_objects_and_keys() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    provision(&m, &ProvisionSpec::default()).await.unwrap();
    let before = kids(&h).await;
    h.shutdown().await;
    let h = start(dir.path()).await;
    assert_eq!(kids(&h).await, before);
    let m = management(&h, Arc::new(Silent)).await;
    let again = provision(&m, &ProvisionSpec::default()).await.unwrap();
    assert!(!again.api.created && !again.test_client.created && !again.grant.created);
}

#[tokio::test]
async fn key_rotation_keeps_the_old_kid_in_the_jwks() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    let spec = ProvisionSpec::default();
    let p = provision(&m, &spec).await.unwrap();
    let verifier = tenant_verifier(m.tenant(), &spec.api.identifier);
    let old = fetch_test_token(
        m.http(),
        m.tenant(),
        &p.test_client.value,
        &spec.api.identifier,
        &verifier,
    )
    .await
    .unwrap();
    let old_kid = kids(&h).await;
    assert_eq!(old_kid.len(), 1);
    hook(&h, "/sandbox/rotate-keys", json!({})).await;
    let after = kids(&h).await;
    assert_eq!(after.len(), 2);
    assert!(after.contains(&old_kid[0]));
    let new = fetch_test_token(
        m.http(),
        m.tenant(),
        &p.test_client.value,
        &spec.api.identifier,
        // a verifier of its own: the first one fetched the JWKS under 30 s ago (the throttle)
        &tenant_verifier(m.tenant(), &spec.api.identifier),
    )
    .await
    .unwrap();
    assert_ne!(new.inspection.header["kid"], old.inspection.header["kid"]);
    assert!(
        after
            .iter()
            .any(|k| new.inspection.header["kid"] == k.as_str())
    );
    // A token signed before the rotation still verifies.
    let token = old.response.access_token.expose();
    let now = jiff::Timestamp::now().as_second();
    let fresh = tenant_verifier(m.tenant(), &spec.api.identifier);
    assert!(inspect(token, Some(&fresh), None, now).await.all_passed());
    assert_eq!(
        decode_unverified(token).unwrap().0["kid"],
        old_kid[0].as_str()
    );
}

#[tokio::test]
async fn teardown_removes_what_was_created_and_keeps_what_was_reused() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    let spec = ProvisionSpec::default();
    let first = provision(&m, &spec).await.unwrap();
    let reused = provision(&m, &spec).await.unwrap().teardown_plan();
    let kept = teardown(&m, &reused, false).await.unwrap();
    assert_eq!(kept.resource_server, Some(Removal::KeptReused));
    let removed = teardown(&m, &first.teardown_plan(), false).await.unwrap();
    assert_eq!(
        [
            removed.client_grant,
            removed.test_client,
            removed.resource_server
        ],
        [Some(Removal::Deleted); 3]
    );
    let gone = teardown(&m, &first.teardown_plan(), false).await.unwrap();
    assert_eq!(gone.client_grant, Some(Removal::AlreadyGone));
    let again = provision(&m, &spec).await.unwrap();
    assert!(again.api.created && again.test_client.created && again.grant.created);
}

// One wire conversation, step by step; splitting it would repeat the setup.
#[allow(clippy::too_many_lines)]
#[tokio::test]
async fn the_management_api_speaks_auth0_envelopes_and_headers() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let http = authgate_core::http::client();
    let t = tenant_of(&h);
    // No bearer token: 401.
    let r = http.get(t.url("/api/v2/clients")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap()["message"],
        "Missing authentication"
    );
    // /oauth/token also takes JSON bodies.
    let body = json!({ "grant_type": "client_credentials", "client_id": MANAGEMENT_CLIENT_ID,
        "client_secret": MANAGEMENT_CLIENT_SECRET, "audience": t.management_audience() });
    let token: Value = http
        .post(t.token_endpoint())
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = token["access_token"].as_str().unwrap().to_owned();
    let (header, claims) = decode_unverified(&bearer).unwrap();
    assert!(header["kid"].is_string());
    assert_eq!(claims["sub"], format!("{MANAGEMENT_CLIENT_ID}@clients"));
    let api = json!({ "name": "dup", "identifier": "https://dup.example" });
    let post = |path: &str, body: &Value| {
        http.post(t.url(path))
            .bearer_auth(&bearer)
            .json(body)
            .send()
    };
    assert_eq!(
        post("/api/v2/resource-servers", &api)
            .await
            .unwrap()
            .status(),
        201
    );
    let dup = post("/api/v2/resource-servers", &api).await.unwrap();
    assert_eq!(dup.status(), 409);
    for name in [
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
    ] {
        assert!(dup.headers().contains_key(name), "{name}");
    }
    let envelope: Value = dup.json().await.unwrap();
    assert_eq!(
        (envelope["statusCode"].as_u64(), envelope["error"].as_str()),
        (Some(409), Some("Conflict"))
    );
    // Lookup by URL-encoded identifier; unknown → 404 with errorCode.
    let by_id = http
        .get(t.url("/api/v2/resource-servers/https%3A%2F%2Fdup.example"))
        .bearer_auth(&bearer);
    assert_eq!(
        by_id.send().await.unwrap().json::<Value>().await.unwrap()["name"],
        "dup"
    );
    let missing = http
        .get(t.url("/api/v2/resource-servers/nope"))
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.json::<Value>().await.unwrap()["errorCode"],
        "inexistent_resource_server"
    );
    // Grants: scope is required; duplicates are 409.
    let client: Value = post("/api/v2/clients", &json!({ "name": "c" }))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let grant = json!({ "client_id": client["client_id"], "audience": "https://dup.example" });
    assert_eq!(
        post("/api/v2/client-grants", &grant)
            .await
            .unwrap()
            .status(),
        400
    );
    let grant =
        json!({ "client_id": client["client_id"], "audience": "https://dup.example", "scope": [] });
    assert_eq!(
        post("/api/v2/client-grants", &grant)
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(
        post("/api/v2/client-grants", &grant)
            .await
            .unwrap()
            .status(),
        409
    );
    // A token signed by someone else is refused.
    let forged = format!("{}.{}", bearer.rsplit_once('.').unwrap().0, "AAAA");
    let r = http
        .get(t.url("/api/v2/clients"))
        .bearer_auth(forged)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

/// A management token the tenant judges expired (its clock moved two days on after it was
/// issued, as the sandbox tools' clock does): the fix is about the clock, not `AUTH0_DOMAIN`.
#[tokio::test]
async fn a_management_token_refused_for_the_clock_gets_a_fix_about_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let h = start(dir.path()).await;
    let m = management(&h, Arc::new(Silent)).await;
    hook(
        &h,
        "/sandbox/clock-skew",
        json!({ "skew_secs": 2 * 86_400 }),
    )
    .await;
    let err = provision(&m, &ProvisionSpec::default()).await.unwrap_err();
    assert!(
        matches!(err, Auth0Error::ManagementUnauthorized { .. }),
        "{err}"
    );
    let fix = err.fix();
    assert!(
        fix.contains("clock") && !fix.contains("AUTH0_DOMAIN"),
        "{fix}"
    );
}
