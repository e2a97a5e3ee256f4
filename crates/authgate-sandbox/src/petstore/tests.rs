use serde_json::{Value, json};

use super::*;

fn body(reply: &Reply) -> Value {
    serde_json::from_slice(&reply.body).expect("JSON body")
}

fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn pet_one_is_the_tutorials_dog() {
    let reply = handle("GET", "/petstore/pets/1", &[], b"");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type, "application/json");
    assert_eq!(
        body(&reply),
        json!({"id": 1, "type": "dog", "price": 249.99})
    );
}

#[test]
fn list_pages_hold_three_pets_in_id_order() {
    let first = body(&handle("GET", "/petstore/pets", &[], b""));
    assert_eq!(
        first,
        json!([
            {"id": 1, "type": "dog", "price": 249.99},
            {"id": 2, "type": "cat", "price": 124.99},
            {"id": 3, "type": "fish", "price": 0.99},
        ])
    );
    let second = body(&handle("GET", "/petstore/pets", &q(&[("page", "2")]), b""));
    let ids: Vec<u64> = second
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [4, 5, 6]);
    // A page that is not a positive number is the first page.
    assert_eq!(
        body(&handle("GET", "/petstore/pets", &q(&[("page", "x")]), b"")),
        first
    );
}

#[test]
fn type_filter_pages_through_pets_of_that_type_only() {
    let cats = body(&handle(
        "GET",
        "/petstore/pets",
        &q(&[("type", "cat"), ("page", "2")]),
        b"",
    ));
    let cats = cats.as_array().unwrap();
    assert_eq!(cats.len(), 3);
    assert!(cats.iter().all(|p| p["type"] == "cat"));
    let ids: Vec<u64> = cats.iter().map(|p| p["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, [11, 14, 17]);
    // Each listed pet is the same one GET /pets/{id} returns.
    for listed in cats {
        let id = listed["id"].as_u64().unwrap();
        let one = body(&handle("GET", &format!("/petstore/pets/{id}"), &[], b""));
        assert_eq!(&one, listed);
    }
    let geckos = body(&handle(
        "GET",
        "/petstore/pets",
        &q(&[("type", "gecko")]),
        b"",
    ));
    assert_eq!(geckos, json!([]));
}

#[test]
fn post_echoes_the_added_pet_and_refuses_bad_bodies() {
    let reply = handle(
        "POST",
        "/petstore/pets",
        &[],
        br#"{"type":"dog","price":249.99}"#,
    );
    assert_eq!(reply.status, 200);
    assert_eq!(
        body(&reply),
        json!({"pet": {"type": "dog", "price": 249.99}, "message": "success"})
    );
    for bad in [
        &b"not json"[..],
        br#"{"type":"dragon","price":1}"#,
        br#"{"type":"cat"}"#,
    ] {
        let reply = handle("POST", "/petstore/pets", &[], bad);
        assert_eq!(reply.status, 400, "{}", String::from_utf8_lossy(bad));
        assert!(body(&reply)["message"].as_str().is_some());
    }
}

#[test]
fn unknown_ids_paths_and_methods_say_what_exists() {
    assert_eq!(handle("GET", "/petstore/pets/0", &[], b"").status, 404);
    assert_eq!(handle("GET", "/petstore/pets/abc", &[], b"").status, 404);
    assert_eq!(handle("DELETE", "/petstore/pets/1", &[], b"").status, 405);
    let missing = handle("GET", "/elsewhere", &[], b"");
    assert_eq!(missing.status, 404);
    assert!(
        body(&missing)["message"]
            .as_str()
            .unwrap()
            .contains("/petstore/pets")
    );
    let root = handle("GET", "/", &[], b"");
    assert_eq!((root.status, root.content_type), (200, "text/html"));
}

#[test]
fn demo_hosts_are_recognised_and_others_are_not() {
    assert!(is_demo_host("petstore-demo-endpoint.execute-api.com"));
    assert!(is_demo_host("petstore.execute-api.eu-west-1.amazonaws.com"));
    assert!(!is_demo_host("example.com"));
    assert!(!is_demo_host(
        "petstore-demo-endpoint.execute-api.com.evil.example"
    ));
}
