//! The policy cache over HTTP: TTL hits and misses, the cache trap, Deny, and the hooks.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::Server;
use crate::gateway::fixtures::{API, STAGE};

#[tokio::test]
async fn ttl_caches_the_policy_and_zero_turns_the_cache_off() {
    let cached = Server::start(300).await;
    for _ in 0..3 {
        assert_eq!(cached.get("/pets", Some("Bearer allow.stage")).await.0, 200);
    }
    assert_eq!(cached.invocations(), 1, "hits after the first call");
    // Another token is another cache key.
    assert_eq!(
        cached.get("/pets", Some("Bearer allow.method")).await.0,
        200
    );
    assert_eq!(cached.invocations(), 2);
    // Past the TTL on the sandbox clock, the function runs again.
    cached.cache.clock().set_skew_secs(301);
    assert_eq!(cached.get("/pets", Some("Bearer allow.stage")).await.0, 200);
    assert_eq!(cached.invocations(), 3);

    let uncached = Server::start(0).await;
    for _ in 0..3 {
        assert_eq!(
            uncached.get("/pets", Some("Bearer allow.stage")).await.0,
            200
        );
    }
    assert_eq!(uncached.invocations(), 3);
}

#[tokio::test]
async fn cache_trap_a_method_scoped_policy_cached_for_one_route_denies_the_next() {
    let server = Server::start(3600).await;
    assert_eq!(
        server.get("/pets", Some("Bearer allow.method")).await.0,
        200
    );
    let (status, kind, body) = server.get("/pets/1", Some("Bearer allow.method")).await;
    assert_eq!((status, kind.as_str()), (403, "AccessDeniedException"));
    assert_eq!(
        body,
        r#"{"Message":"User is not authorized to access this resource"}"#
    );
    assert_eq!(
        server.invocations(),
        1,
        "the cached policy was evaluated, not the function"
    );
    // Flushing the stage (FlushStageAuthorizersCache) gets the second route its own policy.
    assert_eq!(server.cache.flush_stage(API, STAGE), 1);
    assert_eq!(
        server.get("/pets/1", Some("Bearer allow.method")).await.0,
        200
    );
    assert_eq!(server.invocations(), 2);
}

#[tokio::test]
async fn a_stage_scoped_policy_has_no_cache_trap() {
    let server = Server::start(3600).await;
    for path in ["/pets", "/pets/1", "/pets/2?x=1"] {
        assert_eq!(
            server.get(path, Some("Bearer allow.stage")).await.0,
            200,
            "{path}"
        );
    }
    assert_eq!(server.invocations(), 1);
}

#[tokio::test]
async fn an_explicit_deny_wins_over_a_matching_allow() {
    let server = Server::start(300).await;
    assert_eq!(server.get("/pets/1", Some("Bearer deny.two")).await.0, 200);
    let (status, kind, body) = server.get("/pets/2", Some("Bearer deny.two")).await;
    assert_eq!((status, kind.as_str()), (403, "AccessDeniedException"));
    assert!(body.contains("explicit deny"), "{body}");
}

#[tokio::test]
async fn hooks_show_the_cache_by_token_hash_flush_it_and_set_the_clock_skew() {
    let server = Server::start(300).await;
    server.get("/pets", Some("Bearer allow.stage")).await;
    let shown: Value = server
        .client
        .get(format!("{}/sandbox/authorizer-cache", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = shown.to_string();
    assert!(
        !text.contains("allow.stage"),
        "the token never appears: {text}"
    );
    let entry = &shown["stages"][0]["entries"][0];
    assert_eq!(shown["stages"][0]["api_id"], API);
    assert_eq!(entry["principal_id"], "user-1");
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, b"Bearer allow.stage");
    let hex = digest.as_ref().iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    assert_eq!(entry["token_sha256"], hex.as_str());
    let left = entry["seconds_left"].as_i64().unwrap();
    assert!((299..=300).contains(&left), "{left}");

    let skew: Value = server
        .client
        .post(format!("{}/sandbox/clock-skew", server.base))
        .json(&json!({"skew_secs": 200}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(skew["skew_secs"], 200);
    let shown: Value = server
        .client
        .get(format!(
            "{}/sandbox/authorizer-cache?api={API}&stage={STAGE}",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        shown["stages"][0]["entries"][0]["seconds_left"]
            .as_i64()
            .unwrap()
            <= 100
    );

    let flushed: Value = server
        .client
        .delete(format!(
            "{}/sandbox/authorizer-cache/{API}/{STAGE}",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(flushed, json!({"flushed": 1}));
    let shown: Value = server
        .client
        .get(format!("{}/sandbox/authorizer-cache", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shown["stages"], json!([]));
}
