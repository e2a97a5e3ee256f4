//! `GetDeployment?embed=apisummary`: what a deployment serves, per path and method — its
//! authorization type and whether an API key is required — so a client can tell a method
//! secured in the API from one secured on the stage (the "secured but not redeployed" case).

use serde_json::{Map, Value, json};

use crate::aws::model::Deployment;

/// `{"/pets": {"GET": {"authorizationType": "CUSTOM", "apiKeyRequired": false}}, …}`.
pub fn of(deployment: &Deployment) -> Value {
    let mut paths = Map::new();
    for resource in &deployment.resources {
        if resource.methods.is_empty() {
            continue;
        }
        let methods: Map<String, Value> = resource
            .methods
            .iter()
            .map(|(verb, m)| {
                let snapshot = json!({
                    "authorizationType": m.authorization_type,
                    "apiKeyRequired": m.api_key_required,
                });
                (verb.clone(), snapshot)
            })
            .collect();
        paths.insert(resource.path.clone(), Value::Object(methods));
    }
    Value::Object(paths)
}
