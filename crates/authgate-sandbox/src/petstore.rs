//! A local replica of API Gateway's `PetStore` demo backend
//! (`http://petstore-demo-endpoint.execute-api.com/petstore/…`), which the example API's HTTP
//! integrations call. The sandbox is offline, so the data plane calls this in-process instead.
//!
//! What the demo returns: `GET /petstore/pets` a page of three pets (`type` and `page` filter
//! it), `GET /petstore/pets/{id}` one pet (`/pets/1` is `{"id":1,"type":"dog","price":249.99}`,
//! as the tutorial shows), `POST /petstore/pets` echoes the pet it "added" with a message; it
//! stores nothing. The catalogue is endless and cycles dog, cat, fish by id, so every page
//! and every positive id exists, as on the demo. Answers for paths the demo does not serve
//! are this replica's own (`404 {"message": ...}`).

use serde_json::{Value, json};

/// The demo backend's host in the example API's integration URIs.
pub const DEMO_HOST: &str = "petstore-demo-endpoint.execute-api.com";

/// Pets per page of `GET /petstore/pets`.
pub const PAGE_SIZE: u64 = 3;

/// The kinds the catalogue cycles through, with their prices, in id order.
const KINDS: [(&str, f64); 3] = [("dog", 249.99), ("cat", 124.99), ("fish", 0.99)];

/// The types `POST /pets` accepts (the example API's `PetType` enum).
const PET_TYPES: [&str; 5] = ["dog", "cat", "fish", "bird", "gecko"];

/// One answer of the replica.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Reply {
    fn json(status: u16, body: &Value) -> Self {
        Self {
            status,
            content_type: "application/json",
            body: body.to_string().into_bytes(),
        }
    }
    fn message(status: u16, message: &str) -> Self {
        Self::json(status, &json!({ "message": message }))
    }
}

/// True for the hosts the replica stands in for: the demo host of the console's example API
/// and the `petstore.execute-api.{region}.amazonaws.com` host of newer exports.
pub fn is_demo_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == DEMO_HOST
        || (host.starts_with("petstore.execute-api.") && host.ends_with(".amazonaws.com"))
}

/// Serves one request to the demo backend: `path` is the URL path (`/petstore/pets/1`).
pub fn handle(method: &str, path: &str, query: &[(String, String)], body: &[u8]) -> Reply {
    let trimmed = path.trim_end_matches('/');
    let segments: Vec<&str> = trimmed.split('/').skip(1).collect();
    match (method, segments.as_slice()) {
        ("GET", [] | ["petstore"]) => welcome(),
        ("GET", ["petstore", "pets"]) => list(query),
        ("POST", ["petstore", "pets"]) => add(body),
        ("GET", ["petstore", "pets", id]) => one(id),
        (_, ["petstore", "pets", ..]) => Reply::message(
            405,
            &format!("the PetStore demo backend does not serve {method} {path}"),
        ),
        _ => Reply::message(
            404,
            &format!(
                "the PetStore demo backend has no {path}; it serves /petstore/pets and /petstore/pets/{{id}}"
            ),
        ),
    }
}

/// The pet with this id (ids start at 1).
pub fn pet(id: u64) -> Value {
    let (kind, price) = KINDS[usize::try_from((id - 1) % 3).unwrap_or(0)];
    json!({ "id": id, "type": kind, "price": price })
}

fn list(query: &[(String, String)]) -> Reply {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let page = param("page")
        .and_then(|p| p.parse::<u64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let first = (page - 1) * PAGE_SIZE;
    let pets: Vec<Value> = match param("type").filter(|t| !t.is_empty()) {
        None => (first + 1..=first + PAGE_SIZE).map(pet).collect(),
        Some(kind) => match KINDS.iter().position(|(k, _)| k.eq_ignore_ascii_case(kind)) {
            // Pets of one kind are every third id, starting at its position.
            Some(offset) => (first..first + PAGE_SIZE)
                .map(|n| pet(n * 3 + u64::try_from(offset).unwrap_or(0) + 1))
                .collect(),
            None => Vec::new(),
        },
    };
    Reply::json(200, &Value::Array(pets))
}

fn one(id: &str) -> Reply {
    match id.parse::<u64>() {
        Ok(id) if id >= 1 => Reply::json(200, &pet(id)),
        _ => Reply::message(
            404,
            &format!("no pet with id {id}: ids are positive integers"),
        ),
    }
}

fn add(body: &[u8]) -> Reply {
    let Ok(new_pet) = serde_json::from_slice::<Value>(body) else {
        return Reply::message(
            400,
            "the body is not JSON; send a pet like {\"type\": \"dog\", \"price\": 249.99}",
        );
    };
    let kind = new_pet["type"].as_str().unwrap_or_default();
    if !PET_TYPES.contains(&kind) {
        return Reply::message(
            400,
            &format!("type must be one of {}", PET_TYPES.join(", ")),
        );
    }
    let Some(price) = new_pet["price"].as_f64() else {
        return Reply::message(400, "price must be a number");
    };
    Reply::json(
        200,
        &json!({ "pet": { "type": kind, "price": price }, "message": "success" }),
    )
}

fn welcome() -> Reply {
    Reply {
        status: 200,
        content_type: "text/html",
        body: b"<html><head><title>PetStore demo backend</title></head><body>\
<h1>PetStore demo backend (authgate sandbox replica)</h1>\
<p>GET /petstore/pets?type=dog&amp;page=1, GET /petstore/pets/1, \
POST /petstore/pets {\"type\":\"dog\",\"price\":249.99}</p></body></html>"
            .to_vec(),
    }
}

#[cfg(test)]
mod tests;
