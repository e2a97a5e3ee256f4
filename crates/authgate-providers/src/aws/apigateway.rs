//! Step 2: the `PetStore` REST API (import once, then reuse), the console's method test,
//! and the stage deployment.

use std::collections::HashMap;

use aws_sdk_apigateway::primitives::Blob;
use aws_sdk_apigateway::types::Resource;
use serde::{Deserialize, Serialize};

use super::error::{AwsError, sdk};
use super::{Aws, Report, verb};

mod stage;
pub use stage::{
    Deployed, StageRecord, StageSpec, current_deployment, deploy, ensure_deployed, ensure_stage,
    flush_authorizer_cache,
};

/// Our `OpenAPI` 3.0 equivalent of the console's "Example API".
use authgate_core::tutorial::PETSTORE_OPENAPI;
/// The API's name (the definition's `info.title`), used to find it again.
pub const PETSTORE_NAME: &str = "PetStore";
/// The tutorial's test body for `POST /pets`.
pub const TEST_PET: &str = r#"{"type":"dog","price":249.99}"#;
/// Upper bound on pages read from any list call (500 items each).
const MAX_PAGES: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestApiRecord {
    pub id: String,
    pub name: String,
    /// This call imported it (false: an existing API was reused).
    pub created: bool,
}

/// The console's "Test" button on a method: API Gateway runs the integration, no auth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodTest {
    pub status: i32,
    pub body: String,
    pub latency_ms: i64,
    pub log: String,
}

/// Finds the `PetStore` API (the remembered id first, then by name) or imports it (REGIONAL).
pub async fn ensure_rest_api(
    aws: &Aws,
    remembered: Option<&str>,
    report: &dyn Report,
) -> Result<RestApiRecord, AwsError> {
    if let Some(id) = remembered {
        match aws.apigateway.get_rest_api().rest_api_id(id).send().await {
            Ok(api) if api.name() == Some(PETSTORE_NAME) => return Ok(reused(id, report)),
            Ok(_) => report.line(format!("API {id} is no longer named {PETSTORE_NAME}")),
            Err(e) => {
                let e = sdk("apigateway:GET /restapis/{id}", e);
                if !e.is_not_found() {
                    return Err(e);
                }
                report.line(format!(
                    "API {id} is gone; looking for {PETSTORE_NAME} by name"
                ));
            }
        }
    }
    let found = find_rest_apis(aws, PETSTORE_NAME).await?;
    if let Some(id) = found.first() {
        if found.len() > 1 {
            report.line(format!(
                "{} APIs are named {PETSTORE_NAME}; using {id}",
                found.len()
            ));
        }
        return Ok(reused(id, report));
    }
    let out = aws
        .apigateway
        .import_rest_api()
        .body(Blob::new(PETSTORE_OPENAPI.as_bytes()))
        // AWS warns about harmless details (unused models, ignored fields); the import
        // still produces the API, so warnings are reported instead of failing it.
        .fail_on_warnings(false)
        .parameters("endpointConfigurationTypes", "REGIONAL")
        .send()
        .await
        .map_err(|e| sdk("apigateway:POST /restapis (import)", e))?;
    for warning in out.warnings() {
        report.line(format!("import warning: {warning}"));
    }
    let id = out
        .id
        .ok_or_else(|| AwsError::Invalid("import returned no API id".to_owned()))?;
    report.line(format!(
        "API {PETSTORE_NAME} ({id}) created (imported, REGIONAL)"
    ));
    Ok(RestApiRecord {
        id,
        name: PETSTORE_NAME.to_owned(),
        created: true,
    })
}

fn reused(id: &str, report: &dyn Report) -> RestApiRecord {
    report.line(format!("API {PETSTORE_NAME} ({id}) {}", verb(false)));
    RestApiRecord {
        id: id.to_owned(),
        name: PETSTORE_NAME.to_owned(),
        created: false,
    }
}

/// Ids of every REST API with this name, oldest first as AWS lists them.
pub async fn find_rest_apis(aws: &Aws, name: &str) -> Result<Vec<String>, AwsError> {
    let mut ids = Vec::new();
    let mut position: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let out = aws
            .apigateway
            .get_rest_apis()
            .limit(500)
            .set_position(position.take())
            .send()
            .await
            .map_err(|e| sdk("apigateway:GET /restapis", e))?;
        ids.extend(
            out.items()
                .iter()
                .filter(|api| api.name() == Some(name))
                .filter_map(|api| api.id().map(str::to_owned)),
        );
        match out.position {
            Some(p) if !p.is_empty() => position = Some(p),
            _ => break,
        }
    }
    Ok(ids)
}

/// Every resource of the API by path (`/`, `/pets`, `/pets/{petId}`), methods embedded.
pub async fn resources(aws: &Aws, api_id: &str) -> Result<HashMap<String, Resource>, AwsError> {
    let mut by_path = HashMap::new();
    let mut position: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let out = aws
            .apigateway
            .get_resources()
            .rest_api_id(api_id)
            .embed("methods")
            .limit(500)
            .set_position(position.take())
            .send()
            .await
            .map_err(|e| sdk("apigateway:GET /restapis/{id}/resources", e))?;
        for resource in out.items.unwrap_or_default() {
            if let Some(path) = resource.path.clone() {
                by_path.insert(path, resource);
            }
        }
        match out.position {
            Some(p) if !p.is_empty() => position = Some(p),
            _ => break,
        }
    }
    Ok(by_path)
}

pub(crate) async fn resource_id(aws: &Aws, api_id: &str, path: &str) -> Result<String, AwsError> {
    resources(aws, api_id)
        .await?
        .get(path)
        .and_then(|r| r.id.clone())
        .ok_or_else(|| AwsError::NotFound {
            op: "apigateway:GET /restapis/{id}/resources",
            message: format!("API {api_id} has no resource {path}"),
        })
}

/// The console's method test: `POST /pets` with the tutorial's dog.
pub async fn test_post_pets(aws: &Aws, api_id: &str) -> Result<MethodTest, AwsError> {
    let pets = resource_id(aws, api_id, "/pets").await?;
    let out = aws
        .apigateway
        .test_invoke_method()
        .rest_api_id(api_id)
        .resource_id(pets)
        .http_method("POST")
        .body(TEST_PET)
        .headers("Content-Type", "application/json")
        .send()
        .await
        .map_err(|e| sdk("apigateway:POST .../methods/POST (test invoke)", e))?;
    Ok(MethodTest {
        status: out.status,
        body: out.body.unwrap_or_default(),
        latency_ms: out.latency,
        log: out.log.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_the_petstore_the_tutorial_expects() {
        let doc: serde_json::Value = serde_json::from_str(PETSTORE_OPENAPI).unwrap();
        assert_eq!(doc["info"]["title"], PETSTORE_NAME);
        assert!(doc["info"]["description"].is_string());
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
        let paths = &doc["paths"];
        assert_eq!(
            paths["/"]["get"]["x-amazon-apigateway-integration"]["type"],
            "mock"
        );
        for (path, method, uri_tail) in [
            ("/pets", "get", "/pets"),
            ("/pets", "post", "/pets"),
            ("/pets/{petId}", "get", "/pets/{petId}"),
        ] {
            let integration = &paths[path][method]["x-amazon-apigateway-integration"];
            assert_eq!(integration["type"], "http", "{method} {path}");
            let uri = integration["uri"].as_str().unwrap();
            assert_eq!(
                uri,
                format!("http://petstore-demo-endpoint.execute-api.com/petstore{uri_tail}")
            );
        }
        for path in ["/pets", "/pets/{petId}"] {
            assert_eq!(
                paths[path]["options"]["x-amazon-apigateway-integration"]["type"],
                "mock"
            );
        }
        let query: Vec<_> = paths["/pets"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(query, ["type", "page"]);
    }
}
