//! The console's method test needs the `PetStore` demo backend
//! (`petstore-demo-endpoint.execute-api.com`), which the sandbox never calls: these are its
//! answers for the three routes. The data plane has its own replica (`sandbox::gateway`);
//! when it is merged, the method test should use that one and this file go away.

use serde_json::{Value, json};

pub const HOST: &str = "petstore-demo-endpoint.execute-api.com";

fn pets() -> Value {
    json!([
        { "id": 1, "type": "dog", "price": 249.99 },
        { "id": 2, "type": "cat", "price": 124.99 },
        { "id": 3, "type": "fish", "price": 0.99 }
    ])
}

/// `(status, body)` for `verb` on `path` below `/petstore`.
pub fn answer(verb: &str, path: &str, body: &str) -> (u16, String) {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (verb, segments.as_slice()) {
        ("GET", ["petstore", "pets"]) => (200, pets().to_string()),
        ("GET", ["petstore", "pets", id]) => {
            let found = pets().as_array().and_then(|all| {
                all.iter()
                    .find(|p| p["id"].as_u64().is_some_and(|n| id.parse() == Ok(n)))
                    .cloned()
            });
            match found {
                Some(pet) => (200, pet.to_string()),
                None => (
                    404,
                    json!({ "message": format!("pet {id} not found") }).to_string(),
                ),
            }
        }
        ("POST", ["petstore", "pets"]) => {
            let pet: Value = serde_json::from_str(body).unwrap_or(Value::Null);
            (200, json!({ "pet": pet, "message": "success" }).to_string())
        }
        _ => (404, json!({ "message": "not found" }).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_routes() {
        let (status, body) = answer("POST", "/petstore/pets", r#"{"type":"dog","price":249.99}"#);
        assert_eq!(status, 200);
        assert_eq!(
            body,
            r#"{"message":"success","pet":{"price":249.99,"type":"dog"}}"#
        );
        assert!(answer("GET", "/petstore/pets", "").1.contains("fish"));
        assert!(answer("GET", "/petstore/pets/1", "").1.contains("dog"));
        assert_eq!(answer("GET", "/petstore/pets/9", "").0, 404);
    }
}
